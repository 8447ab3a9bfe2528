// The simulator: a discrete-event simulation over virtual time of replicas issuing CRDT
// operations and syncing over a lossy, delaying, duplicating, partitionable network, written as
// native trace lines as it runs. Writes stop at the end of the duration; the run goes on until
// every replica has delivered every operation (or a bound), then lets messages in flight land.

import { receive, tick } from '../clock/vector';
import type { CrdtOp } from '../crdt/types';
import type { EventKindName, TraceHeader } from '../trace/model';
import { prng } from '../util/prng';
import { Agenda } from './agenda';
import { describeConfig, type SimulationConfig, validateConfig } from './config';
import { sampleLatency } from './latency';
import { PartitionSchedule } from './partitions';
import { SimulatedReplica, type SimulatedOp } from './replica';
import { type Composed, OpLog, type SimulatedMessage, syncProtocol, type SyncProtocol } from './sync';
import { eventLine, epochMs, simulationHeader } from './trace-lines';
import { randomOperation } from './workload';

/** One line of the trace: the header first, then events; `atMs` is its virtual time (for pacing). */
export interface SimulatedLine {
  readonly text: string;
  readonly atMs: number;
  /** The replica whose event it is (absent for the header). */
  readonly replica?: string;
}

export interface SimulationStats {
  /** Event lines written. */
  events: number;
  operations: number;
  /** Sends (one a message, whatever its number of destinations). */
  messages: number;
  /** Receives and syncs. */
  deliveries: number;
  /** Message copies lost (per destination), duplicated, and cut by a partition. */
  lost: number;
  duplicated: number;
  cut: number;
  /** Payload bytes sent, per destination (the engine's byte sizes of operations' deltas, states or delta groups). */
  bytesSent: number;
  /** Every replica delivered every operation. */
  converged: boolean;
  /** Virtual time of the last operation. */
  lastWriteMs: number;
  /** Virtual time at which the last replica caught up (when converged). */
  convergedMs?: number;
  /** Virtual time of the last event. */
  endMs: number;
}

type Happening =
  | { readonly kind: 'write'; readonly replica: number }
  | { readonly kind: 'scripted'; readonly replica: number; readonly key: string; readonly op: CrdtOp }
  | { readonly kind: 'timer'; readonly replica: number }
  | { readonly kind: 'arrive'; readonly replica: number; readonly message: SimulatedMessage };

/** Virtual time a run may take to converge after the writes stop and partitions heal. */
const DEFAULT_SETTLE_LIMIT_MS = 60_000;
const us = (ms: number) => Math.round(ms * 1000);

export class Simulation {
  readonly replicas: readonly string[];
  readonly header: TraceHeader;
  readonly stats: SimulationStats = {
    events: 0, operations: 0, messages: 0, deliveries: 0, lost: 0, duplicated: 0, cut: 0, bytesSent: 0,
    converged: false, lastWriteMs: 0, endMs: 0,
  };
  private readonly nodes: SimulatedReplica[];
  private readonly log: OpLog;
  private readonly protocol: SyncProtocol;
  private readonly partitions: PartitionSchedule;
  private readonly agenda = new Agenda<Happening>();
  /** Separate random streams, so the network's draws do not shift the workload's. */
  private readonly workloadRandom: () => number;
  private readonly networkRandom: () => number;
  private readonly gossipRandom: () => number;
  private readonly keys: string[];
  private readonly skewUs: number[];
  private readonly durationUs: number;
  private readonly intervalUs: number;
  private readonly out: SimulatedLine[] = [];
  private nowUs = 0;
  private lastWriteUs = 0;
  private lastDeliveryUs = 0;
  private lastEventUs = 0;
  private messageCount = 0;
  private started = false;

  /** Checks the configuration (throws SimulationConfigError); nothing runs until `lines()` is iterated. */
  constructor(private readonly config: SimulationConfig) {
    this.replicas = validateConfig(config);
    const count = this.replicas.length;
    this.header = simulationHeader(config.name ?? 'simulation', config.description ?? describeConfig(config), this.replicas, config.objects, config.sync);
    this.log = new OpLog(count);
    this.protocol = syncProtocol(config.sync, this.log);
    const onDelivered = () => (this.lastDeliveryUs = this.nowUs);
    this.nodes = this.replicas.map((name, i) => new SimulatedReplica(i, name, count, config.objects, config.sync === 'ops', onDelivered));
    this.partitions = new PartitionSchedule(config.partitions);
    this.workloadRandom = prng(config.seed);
    this.networkRandom = prng(config.seed ^ 0x9e3779b9);
    this.gossipRandom = prng(config.seed ^ 0x85ebca6b);
    this.keys = Object.keys(config.objects);
    this.skewUs = this.replicas.map((name) => us(config.clockSkewMs?.[name] ?? 0));
    this.durationUs = us(config.durationMs);
    this.intervalUs = Math.max(1, us(config.syncIntervalMs));
  }

  /** Runs the simulation, yielding the header line, then each event's line as it happens. Runs once. */
  *lines(): Generator<SimulatedLine> {
    if (this.started) throw new Error('A Simulation runs once; create another to run it again.');
    this.started = true;
    yield { text: JSON.stringify(this.header), atMs: 0 };
    this.scheduleStart();
    const settleMs = Math.max(this.config.durationMs, this.partitions.lastHealMs) + (this.config.settleLimitMs ?? DEFAULT_SETTLE_LIMIT_MS);
    const boundUs = us(settleMs);
    for (let next = this.agenda.next(); next !== undefined && next.atUs <= boundUs; next = this.agenda.next()) {
      this.nowUs = next.atUs;
      this.happen(next.item);
      yield* this.out;
      this.out.length = 0;
    }
    const stats = this.stats;
    stats.converged = this.converged();
    stats.lastWriteMs = this.lastWriteUs / 1000;
    if (stats.converged) stats.convergedMs = Math.max(this.lastDeliveryUs, this.lastWriteUs) / 1000;
    stats.endMs = this.lastEventUs / 1000;
  }

  private scheduleStart(): void {
    for (const s of this.config.script ?? []) {
      this.agenda.schedule(us(s.atMs), { kind: 'scripted', replica: this.replicas.indexOf(s.replica), key: s.key, op: s.op });
    }
    this.nodes.forEach((_, r) => this.scheduleWrite(r));
    this.nodes.forEach((_, r) => this.agenda.schedule(Math.floor(this.gossipRandom() * this.intervalUs), { kind: 'timer', replica: r }));
  }

  /** The replica's next random write: Poisson arrivals at its share of the rate, none after the duration. */
  private scheduleWrite(replica: number): void {
    const { opsPerSecond, perReplica } = this.config.rate;
    const perSecond = perReplica ? opsPerSecond : opsPerSecond / this.nodes.length;
    if (perSecond <= 0) return;
    const gapUs = Math.max(1, Math.round((-Math.log(1 - this.workloadRandom()) / perSecond) * 1e6));
    if (this.nowUs + gapUs < this.durationUs) this.agenda.schedule(this.nowUs + gapUs, { kind: 'write', replica });
  }

  private happen(item: Happening): void {
    switch (item.kind) {
      case 'write': {
        const node = this.nodes[item.replica];
        const key = this.keys[Math.floor(this.workloadRandom() * this.keys.length)];
        const label = `${node.name}-${node.delivered[node.index] + 1}`;
        this.issue(node, key, randomOperation(this.config.objects[key], node.states.get(key)!.value(), this.workloadRandom, label));
        this.scheduleWrite(item.replica);
        return;
      }
      case 'scripted':
        this.issue(this.nodes[item.replica], item.key, item.op);
        return;
      case 'timer':
        this.timer(this.nodes[item.replica]);
        return;
      case 'arrive':
        this.arrive(this.nodes[item.replica], item.message);
        return;
    }
  }

  /** A local operation: applied at once, then sent to every peer. */
  private issue(node: SimulatedReplica, key: string, op: CrdtOp): void {
    const r = node.index;
    const index = node.delivered[r] + 1;
    const time = epochMs(this.nowUs + this.skewUs[r]);
    const delta = node.states.get(key)!.mutate(op, { dot: { replica: node.name, seq: index }, stamp: { time, replica: node.name } });
    const deps = node.delivered.slice();
    deps[r] = index;
    const issued: SimulatedOp = { origin: r, index, key, op, delta, deps };
    this.log.add(issued);
    node.deliver(issued);
    this.stats.operations++;
    this.lastWriteUs = this.nowUs;
    this.emit(node, 'op', { key, op });
    this.send(node, this.nodes.filter((peer) => peer !== node).map((peer) => peer.index));
  }

  /** The replica's timer: retransmission, anti-entropy and acknowledgements; it stops once all is delivered. */
  private timer(node: SimulatedReplica): void {
    if (this.nowUs >= this.durationUs && this.converged()) return;
    const targets = this.protocol.timerTargets(node, this.nowUs, this.intervalUs, this.gossipRandom);
    if (targets.length > 0) this.send(node, targets);
    this.agenda.schedule(this.nowUs + this.intervalUs, { kind: 'timer', replica: node.index });
  }

  private send(node: SimulatedReplica, targets: readonly number[]): void {
    const composed: Composed = this.protocol.compose(node, targets);
    const id = `m${++this.messageCount}`;
    this.emit(node, 'send', { msg: id, to: targets.map((t) => this.replicas[t]), payload: composed.payload });
    const message: SimulatedMessage = { ...composed, id, from: node.index, clock: node.clock, delivered: node.delivered.slice() };
    this.stats.messages++;
    this.stats.bytesSent += composed.bytes * targets.length;
    for (const t of targets) {
      node.owesAck[t] = false;
      node.lastSentUs[t] = this.nowUs;
      this.transmit(message, t);
    }
  }

  /** One copy of a message on its way to `to`: cut by a partition, lost, or delayed (and maybe duplicated). */
  private transmit(message: SimulatedMessage, to: number): void {
    if (this.partitions.separated(this.replicas[message.from], this.replicas[to], this.nowUs / 1000)) {
      this.stats.cut++;
      return;
    }
    const random = this.networkRandom;
    if (random() < this.config.loss) {
      this.stats.lost++;
      return;
    }
    const copies = random() < this.config.duplication ? 2 : 1;
    this.stats.duplicated += copies - 1;
    for (let c = 0; c < copies; c++) {
      this.agenda.schedule(this.nowUs + us(sampleLatency(this.config.latency, random)), { kind: 'arrive', replica: to, message });
    }
  }

  private arrive(node: SimulatedReplica, message: SimulatedMessage): void {
    if (this.partitions.separated(this.replicas[message.from], node.name, this.nowUs / 1000)) {
      this.stats.cut++;
      return;
    }
    node.learn(message.from, message.delivered);
    if (this.protocol.accept(node, message)) node.owesAck[message.from] = true;
    this.stats.deliveries++;
    this.emit(node, this.config.sync === 'ops' ? 'receive' : 'sync', { msg: message.id }, message);
  }

  /** Writes the replica's next event (after its effect): a tick of its clock, or a merge with the message's. */
  private emit(node: SimulatedReplica, kind: EventKindName, fields: { key?: string; op?: CrdtOp; msg?: string; to?: string[]; payload?: Composed['payload'] }, received?: SimulatedMessage): void {
    node.clock = received ? receive(node.clock, received.clock, node.name) : tick(node.clock, node.name);
    node.events++;
    this.stats.events++;
    this.lastEventUs = this.nowUs;
    const state = this.config.recordStates && kind !== 'send' ? node.values() : undefined;
    const text = eventLine({ replica: node.name, kind, ...fields, clock: node.clock, wallUs: this.nowUs + this.skewUs[node.index], seq: node.events, state }, this.replicas);
    this.out.push({ text, atMs: this.nowUs / 1000, replica: node.name });
  }

  private converged(): boolean {
    const total = this.stats.operations;
    return this.nodes.every((node) => node.deliveredTotal === total);
  }
}

/** The trace lines of a simulation (header first), for writing to a file or a stream. */
export function* simulationLines(config: SimulationConfig): Generator<string> {
  for (const line of new Simulation(config).lines()) yield line.text;
}
