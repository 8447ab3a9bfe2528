// Test helper: reads Porcupine's test histories (Jepsen's etcd text log and its key-value EDN
// lines) into operations the way Porcupine's own test parser does, independently of Causeway's
// importers, so the linearizability checker can be held to Porcupine's expected verdicts.

import { NO_VALUE, type RegisterOperation } from '../../engine/analysis/register-model';

interface Open {
  op: RegisterOperation;
}

/** Operations of a history given as call and return lines; a call never returned is pending. */
function collect(lines: string[], parse: (line: string) => { process: number; type: string; build: (open?: RegisterOperation) => RegisterOperation | undefined } | undefined): RegisterOperation[] {
  const ops: RegisterOperation[] = [];
  const open = new Map<number, Open>();
  lines.forEach((line, position) => {
    const parsed = parse(line);
    if (!parsed) return;
    if (parsed.type === 'invoke') {
      const op = parsed.build();
      if (!op) return;
      op.id = ops.length;
      op.call = position;
      ops.push(op);
      open.set(parsed.process, { op });
      return;
    }
    const pending = open.get(parsed.process);
    if (!pending) return;
    open.delete(parsed.process);
    const done = parsed.build(pending.op);
    if (done) Object.assign(pending.op, { ret: position, output: done.output });
  });
  return ops;
}

/** Porcupine's `test_data/jepsen/etcd_NNN.log`: a register with read, write and cas; `:info` and timed-out reads are unknown. */
export function parseEtcdLog(text: string): RegisterOperation[] {
  const line = /^INFO\s+jepsen\.util\s+-\s+(\d+)\s+:(invoke|ok|fail|info)\s+:(read|write|cas)\s+(.*)$/;
  return collect(text.split('\n'), (text) => {
    const m = line.exec(text);
    if (!m) return undefined;
    const [, proc, type, f, arg] = m;
    const pair = /^\[(\d+) (\d+)\]$/.exec(arg);
    return {
      process: Number(proc),
      type,
      build: (open) => {
        if (!open) {
          if (f === 'read') return { id: 0, call: 0, ret: Infinity, input: { f: 'read' }, output: { status: 'unknown' } };
          if (f === 'write') return { id: 0, call: 0, ret: Infinity, input: { f: 'write', value: arg }, output: { status: 'unknown' } };
          return { id: 0, call: 0, ret: Infinity, input: { f: 'cas', from: pair![1], to: pair![2] }, output: { status: 'unknown' } };
        }
        if (type === 'info' || arg === ':timed-out') return undefined; // stays pending: it may or may not have happened
        if (f === 'read') return { ...open, output: { status: 'ok', value: arg === 'nil' ? NO_VALUE : arg } };
        return { ...open, output: { status: type === 'ok' ? 'ok' : 'fail' } };
      },
    };
  });
}

/** Porcupine's `test_data/kv/*.txt`: get, put and append on string keys, as EDN maps one per line. */
export function parseKvLog(text: string): RegisterOperation[] {
  const line = /^\{:process (\d+), :type :(invoke|ok), :f :(get|put|append), :key "(.*)", :value (nil|"(.*)")\}$/;
  return collect(text.split('\n'), (text) => {
    const m = line.exec(text);
    if (!m) return undefined;
    const [, proc, type, f, key, , value] = m;
    const json = JSON.stringify(value ?? '');
    return {
      process: Number(proc),
      type,
      build: (open) => {
        if (!open) {
          const input = f === 'get' ? { key, f: 'read' as const } : { key, f: f === 'put' ? ('write' as const) : ('append' as const), value: json };
          return { id: 0, call: 0, ret: Infinity, input, output: { status: 'unknown' } };
        }
        return { ...open, output: { status: 'ok', value: json } };
      },
    };
  });
}
