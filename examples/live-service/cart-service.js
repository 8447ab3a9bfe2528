// A shopping cart replicated on three devices, instrumented with causeway/client: each device
// changes its cart (a PN-Counter of items, an OR-Set wish list) and sends its state to another
// over a simulated network with delays; at the end every device syncs with every other.
// Streams to a live session (--port/--token, or CAUSEWAY_PORT/CAUSEWAY_TOKEN) or writes a file (--file).
'use strict';

const { createTracer, fileSink, liveSink } = require('causeway/client');

const DEVICES = ['phone', 'laptop', 'tablet'];
const OBJECTS = { items: 'pn-counter', wishlist: 'or-set' };
const GIFTS = ['book', 'lamp', 'scarf', 'tea', 'socks'];

function parseArguments(argv) {
  const options = { port: Number(process.env.CAUSEWAY_PORT ?? 0), token: process.env.CAUSEWAY_TOKEN ?? '', rounds: 30, delayMs: 20, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--file') options.file = value;
    else if (name === '--port') options.port = Number(value);
    else if (name === '--token') options.token = value;
    else if (name === '--rounds') options.rounds = Number(value);
    else if (name === '--delay') options.delayMs = Number(value);
    else if (name === '--seed') options.seed = Number(value);
    else throw new Error(`Unknown option ${name}. Use --file PATH, or --port N --token T; --rounds N, --delay MS, --seed N.`);
  }
  if (!options.file && !(options.port > 0 && options.token)) {
    throw new Error('Say where the events go: --file out.causal.jsonl, or --port N --token T of a live session (Causeway: Start Live Session).');
  }
  return options;
}

/** A small seeded random generator, so a run can be repeated. */
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** One device: its own copy of the cart (the app's CRDT state) and its tracer. */
class Device {
  constructor(name, tracer) {
    this.name = name;
    this.tracer = tracer;
    this.added = {}; // PN-Counter: items added and removed, per device
    this.removed = {};
    this.wishlist = new Map(); // OR-Set: gift -> the unique tags of its adds
    this.removedTags = new Set(); // tags a remove has seen (tombstones)
    this.adds = 0;
  }

  changeItems(amount) {
    const side = amount > 0 ? this.added : this.removed;
    side[this.name] = (side[this.name] ?? 0) + Math.abs(amount);
    this.tracer.op('items', { type: amount > 0 ? 'inc' : 'dec', value: Math.abs(amount) });
  }

  wish(gift) {
    const tags = this.wishlist.get(gift) ?? new Set();
    tags.add(`${this.name}:${++this.adds}`);
    this.wishlist.set(gift, tags);
    this.tracer.op('wishlist', { type: 'add', value: gift });
  }

  /** Removes the adds this device has seen; a concurrent add elsewhere survives (add-wins). */
  unwish(gift) {
    for (const tag of this.wishlist.get(gift) ?? []) this.removedTags.add(tag);
    this.wishlist.delete(gift);
    this.tracer.op('wishlist', { type: 'remove', value: gift });
  }

  get gifts() {
    return [...this.wishlist.keys()].sort();
  }

  /** The message that carries this device's state, stamped by the tracer. */
  stateFor(to) {
    const envelope = this.tracer.send({ to, payload: 'state' });
    const wishlist = [...this.wishlist].map(([gift, tags]) => [gift, [...tags]]);
    return { envelope, added: { ...this.added }, removed: { ...this.removed }, wishlist, removedTags: [...this.removedTags] };
  }

  merge(message) {
    this.tracer.receive(message.envelope);
    for (const [side, theirs] of [[this.added, message.added], [this.removed, message.removed]]) {
      for (const [device, count] of Object.entries(theirs)) side[device] = Math.max(side[device] ?? 0, count);
    }
    for (const tag of message.removedTags) this.removedTags.add(tag);
    for (const [gift, tags] of message.wishlist) {
      const mine = this.wishlist.get(gift) ?? new Set();
      for (const tag of tags) mine.add(tag);
      this.wishlist.set(gift, mine);
    }
    for (const [gift, tags] of this.wishlist) {
      for (const tag of tags) if (this.removedTags.has(tag)) tags.delete(tag);
      if (tags.size === 0) this.wishlist.delete(gift);
    }
  }

  get items() {
    const sum = (side) => Object.values(side).reduce((a, b) => a + b, 0);
    return sum(this.added) - sum(this.removed);
  }
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const next = random(options.seed);
  const shared = options.file ? await fileSink(options.file, { name: 'cart-service', description: 'Three devices editing one shopping cart (causeway/client example).' }) : undefined;
  const sinkFor = () => shared ?? liveSink({ port: options.port, token: options.token, onError: (error) => console.error(`causeway: ${error.message}`) });
  const devices = DEVICES.map((name) => new Device(name, createTracer({ replica: name, objects: OBJECTS, sink: sinkFor() })));
  const inFlight = [];
  const deliver = (from, to) => {
    const message = from.stateFor(to.name);
    inFlight.push(new Promise((resolve) => setTimeout(() => resolve(to.merge(message)), next() * options.delayMs)));
  };

  for (let round = 0; round < options.rounds; round++) {
    const device = devices[Math.floor(next() * devices.length)];
    const gift = GIFTS[Math.floor(next() * GIFTS.length)];
    const roll = next();
    if (roll < 0.5) device.changeItems(1 + Math.floor(next() * 3));
    else if (roll < 0.65) device.changeItems(-1);
    else if (roll < 0.85) device.wish(gift);
    else device.unwish(gift);
    const others = devices.filter((d) => d !== device);
    deliver(device, others[Math.floor(next() * others.length)]);
    await new Promise((resolve) => setTimeout(resolve, next() * options.delayMs));
  }
  await Promise.all(inFlight.splice(0));
  for (const from of devices) for (const to of devices) if (from !== to) deliver(from, to);
  await Promise.all(inFlight);

  await Promise.all(devices.map((d) => d.tracer.close()));
  for (const d of devices) console.log(`${d.name.padEnd(7)} items=${d.items} wishlist=${JSON.stringify(d.gifts)}`);
  console.log(options.file ? `Trace written to ${options.file}.` : `Events streamed to the live session on 127.0.0.1:${options.port}.`);
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 2;
});
