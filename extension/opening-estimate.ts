// How much memory the trace worker would hold to open a whole trace file, estimated from its first
// lines before the rest is read, and the leading range of the file that fits when the whole does not.

import type { OpeningEstimate } from '../webview/protocol';

/**
 * What the trace worker holds per event of an opened trace besides the analysis's budgeted tables:
 * the events, their causal order, conflicts, the state replay's checkpoints and the diagram's view
 * cut in parts. Measured with the 16-replica bench traces: the worker's peak is 650 bytes per event
 * at 1M events and 660 at 10M (6.6 GB), of which the tables take 40 to 70.
 */
export const HELD_BYTES_PER_EVENT = 600;

/** What the first lines of a file, analysed on their own, say about the whole. */
export interface FileSample {
  /** Bytes of the whole lines read, and how many lines they are. */
  bytes: number;
  lines: number;
  /** Events in them. */
  events: number;
  /** The mean length of the whole file's lines (sampled along it: lines often grow, as clocks do); NaN when unknown. */
  lineBytes: number;
  /** Bytes their analysis's tables reserved (its memory budget's `used`). */
  tableBytes: number;
}

/** The trace is too large to open whole (the worker's `tooLarge`): the document offers a range instead of failing. */
export class TooLargeToOpen extends Error {
  constructor(readonly estimate: OpeningEstimate) {
    super(`The trace would take about ${Math.round(estimate.neededBytes / 2 ** 20)} MB open, past the editor's limit of ${Math.round(estimate.limitBytes / 2 ** 20)} MB.`);
    this.name = 'TooLargeToOpen';
  }
}

/** `count` rounded down to two significant digits (a range named "about 3,300,000 events" reads as the estimate it is). */
function roundedDown(count: number): number {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, count))) - 1);
  return Math.floor(count / unit) * unit;
}

/**
 * Whether the whole file of `fileBytes` bytes fits within `limitBytes` once opened, judged from
 * its first lines (events per line, tables per event) and its lines' mean length: undefined when
 * it does (or the sample says nothing), else the estimate with the leading range that fits (never
 * smaller than the sample).
 */
export function estimateOpening(sample: FileSample, fileBytes: number, limitBytes: number): OpeningEstimate | undefined {
  if (sample.events <= 0 || sample.bytes <= 0) return undefined;
  const bytesPerEvent = sample.lines > 0 && sample.lineBytes > 0 ? (sample.lineBytes * sample.lines) / sample.events : sample.bytes / sample.events;
  const heldPerEvent = HELD_BYTES_PER_EVENT + sample.tableBytes / sample.events;
  const events = Math.round(fileBytes / bytesPerEvent);
  const neededBytes = events * heldPerEvent;
  if (neededBytes <= limitBytes) return undefined;
  const rangeEvents = Math.max(sample.events, roundedDown(limitBytes / heldPerEvent));
  return {
    fileBytes,
    events,
    neededBytes,
    limitBytes,
    rangeEvents,
    rangeBytes: Math.max(sample.bytes, Math.floor(rangeEvents * bytesPerEvent)),
    sampleEvents: sample.events,
    sampleBytes: sample.bytes,
  };
}
