// Small scripted traces the webview tests and screenshots draw: a shopping cart with concurrent
// edits (both conflict rules), a gossiping counter, and a hostile trace whose every string tries
// to be markup. The real example files arrive through buildTraceView later; these stand in.

import type { Json } from '../../engine/crdt/types';
import type { GeneratedTrace } from './generate';
import { traceFromScript, type Script, type ScriptEvent } from './script';

const cart: Script = {
  name: 'shopping-cart',
  description: 'Three replicas edit a shared cart offline; a concurrent re-add of milk wins over a remove, and two titles collide.',
  replicas: ['alice', 'bob', 'carol'],
  objects: { cart: 'or-set', visits: 'g-counter', title: 'lww-register' },
  events: [
    { r: 'alice', kind: 'op', key: 'cart', op: { type: 'add', value: 'milk' } },
    { r: 'alice', kind: 'op', key: 'visits', op: { type: 'inc', value: 1 } },
    { r: 'alice', kind: 'send', msg: 'm1', label: 'send m1 to bob' },
    { r: 'bob', kind: 'op', key: 'cart', op: { type: 'add', value: 'eggs' } },
    { r: 'carol', kind: 'op', key: 'visits', op: { type: 'inc', value: 1 } },
    { r: 'bob', kind: 'receive', msg: 'm1', label: 'receive m1 from alice' },
    { r: 'bob', kind: 'op', key: 'title', op: { type: 'set', value: 'Weekly groceries' } },
    { r: 'carol', kind: 'op', key: 'title', op: { type: 'set', value: 'Party' } },
    { r: 'bob', kind: 'send', msg: 'm2', label: 'send m2 to carol' },
    { r: 'alice', kind: 'local', label: 'autosave' },
    { r: 'alice', kind: 'local', label: 'autosave' },
    { r: 'alice', kind: 'local', label: 'autosave' },
    { r: 'carol', kind: 'receive', msg: 'm2', label: 'receive m2 from bob' },
    { r: 'carol', kind: 'op', key: 'cart', op: { type: 'remove', value: 'milk' } },
    { r: 'alice', kind: 'op', key: 'cart', op: { type: 'add', value: 'milk' }, label: 'add "milk" again' },
    { r: 'carol', kind: 'send', msg: 'm3', label: 'send m3 to alice, bob' },
    { r: 'alice', kind: 'receive', msg: 'm3', label: 'receive m3 from carol', buffer: ['carol:4 remove "milk" (needs bob:1 add "eggs")'] },
    { r: 'alice', kind: 'op', key: 'visits', op: { type: 'inc', value: 1 } },
    { r: 'bob', kind: 'receive', msg: 'm3', label: 'receive m3 from carol' },
    { r: 'alice', kind: 'send', msg: 'm4', label: 'send m4 to bob, carol' },
    { r: 'bob', kind: 'receive', msg: 'm4', label: 'receive m4 from alice' },
    { r: 'carol', kind: 'local', label: 'compact log' },
    { r: 'carol', kind: 'receive', msg: 'm4', label: 'receive m4 from alice' },
    { r: 'bob', kind: 'sync', from: 'carol', label: 'sync from carol' },
    {
      r: 'bob',
      kind: 'op',
      key: 'visits',
      op: { type: 'inc', value: 2 },
      finding: { severity: 'warning', kind: 'clock-gap', message: 'bob’s clock jumps from 8 to 10 at this line.' },
    },
    { r: 'bob', kind: 'send', msg: 'm5', label: 'send m5 to alice' },
    { r: 'alice', kind: 'receive', msg: 'm5', label: 'receive m5 from bob', buffer: [] },
  ],
};

function gossip(): Script {
  const replicas = ['r1', 'r2', 'r3', 'r4'];
  const events: ScriptEvent[] = [];
  let m = 0;
  for (let round = 0; round < 6; round++) {
    replicas.forEach((r, i) => {
      if ((round + i) % 2 === 0) events.push({ r, kind: 'op', key: 'likes', op: { type: 'inc', value: 1 + ((round * 3 + i) % 4) } });
    });
    const from = replicas[round % 4];
    const to = replicas[(round + 1 + (round % 3)) % 4];
    const msg = `g${++m}`;
    events.push({ r: from, kind: 'send', msg, label: `gossip ${msg} to ${to}` });
    events.push({ r: to, kind: 'receive', msg, label: `receive ${msg} from ${from}` });
  }
  return {
    name: 'counter-gossip',
    description: 'Four replicas increment a G-Counter and gossip their state; each lane shows its counter over time.',
    replicas,
    objects: { likes: 'g-counter' },
    events,
  };
}

const BIG = 'A'.repeat(10 * 1024);
export const HOSTILE_STRINGS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '</script><script>window.__pwned=2</script>',
  control: 'ctl\u0000\u0001\u0007\u0008\u001b[31m\u007f\u202eevil',
  iframe: '<iframe src="javascript:window.__pwned=3"></iframe>',
  svg: '<svg onload="window.__pwned=4"><circle r="9"/></svg>',
  big: BIG,
};

function hostile(): Script {
  const H = HOSTILE_STRINGS;
  const replicas = [H.img, H.script, H.control, `${BIG}-replica`];
  const key = `<b onmouseover="window.__pwned=5">${H.img}</b>`;
  const fields: Record<string, Json> = { note: H.script, html: H.svg, control: H.control, big: H.big, nested: { x: H.iframe, list: [H.img] } };
  return {
    name: `hostile ${H.img}`,
    description: H.script,
    replicas,
    objects: { [key]: 'lww-register' },
    events: [
      { r: H.img, kind: 'op', key, op: { type: 'set', value: H.img }, label: H.img, id: H.iframe, fields },
      { r: H.script, kind: 'op', key, op: { type: 'set', value: H.script }, label: H.script, fields },
      { r: H.img, kind: 'send', msg: H.svg, label: H.svg },
      { r: H.control, kind: 'receive', msg: H.svg, label: H.control, fields },
      { r: H.control, kind: 'local', label: BIG },
      { r: `${BIG}-replica`, kind: 'op', key, op: { type: 'set', value: BIG }, label: H.iframe, fields },
      {
        r: H.script,
        kind: 'local',
        label: H.svg,
        finding: { severity: 'error', kind: 'state-mismatch', message: `${H.img} ${H.script} ${H.control}` },
      },
    ],
  };
}

export const EXAMPLES: Record<string, () => GeneratedTrace> = {
  'shopping-cart': () => traceFromScript(cart),
  'counter-gossip': () => traceFromScript(gossip()),
  hostile: () => traceFromScript(hostile()),
};
