// The registry of trace formats and content-based detection: which reader a file needs, from its
// first 64 KiB (and, as a tie-breaker or last resort, its name).

import { automergeFormat } from './automerge';
import { withContentCheck } from './content-check';
import { dclocksFormat } from './dclocks';
import { etcdRaftFormat } from './etcd-raft';
import { jaegerFormat } from './jaeger';
import { jepsenFormat } from './jepsen';
import { nativeFormat } from './native';
import { ndjsonMappedFormat } from './ndjson-mapped';
import { otlpFormat } from './otlp';
import { otlpProtoFormat } from './otlp-proto';
import { pFormat } from './p';
import { shivizFormat } from './shiviz';
import { tlaplusFormat } from './tlaplus';
import type { TraceFormat } from './types';
import { yjsLogFormat, yjsUpdateFormat } from './yjs';
import { zipkinFormat } from './zipkin';

/**
 * Every format Causeway reads, native first. Each reads through the content check: a file that is
 * not blank never reads as an empty trace, except a native file holding only its header (a live
 * session before its first event).
 */
export const TRACE_FORMATS: readonly TraceFormat[] = [
  withContentCheck(nativeFormat, { emptyAllowed: (head) => nativeFormat.detect(head) === 1 }),
  ...[shivizFormat, dclocksFormat, tlaplusFormat, pFormat, otlpFormat, jaegerFormat, zipkinFormat, jepsenFormat, etcdRaftFormat, ndjsonMappedFormat, otlpProtoFormat, automergeFormat, yjsLogFormat, yjsUpdateFormat].map((format) => withContentCheck(format)),
];

/** How much a matching file name adds to a content score (enough to break ties, not to overrule content). */
const NAME_BONUS = 0.05;

function nameMatches(format: TraceFormat, fileName: string | undefined): number {
  if (!fileName) return 0;
  const name = fileName.toLowerCase();
  let best = 0;
  for (const ext of format.extensions) if (name.endsWith(`.${ext.toLowerCase()}`)) best = Math.max(best, ext.length);
  return best;
}

/**
 * The format of a file from the head of its text: the highest detection score wins (the file name
 * breaks ties). When no content matches, a file name with a format's specific, multi-part
 * extension (such as `.causal.jsonl`) decides; otherwise there is no answer.
 */
export function detectFormat(head: string, fileName?: string, formats: readonly TraceFormat[] = TRACE_FORMATS): TraceFormat | undefined {
  let best: TraceFormat | undefined;
  let bestScore = 0;
  for (const format of formats) {
    let score: number;
    try {
      score = format.detect(head);
    } catch {
      continue;
    }
    if (!(score > 0)) continue;
    if (nameMatches(format, fileName) > 0) score += NAME_BONUS;
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  if (best) return best;
  let longest = 0;
  for (const format of formats) {
    const match = nameMatches(format, fileName);
    const specific = format.extensions.some((ext) => (ext.includes('.') || format.extensionsDecide) && match === ext.length);
    if (specific && match > longest) {
      best = format;
      longest = match;
    }
  }
  return best;
}

/** The format with this id (`causeway`, `shiviz`, `dclocks`, `tlaplus`, `p`, `otlp`, `jaeger`, `zipkin`, `jepsen`, `etcd-raft`, `ndjson`, `otlp-proto`, `automerge`, `yjs`, `yjs-log`). */
export function formatById(id: string, formats: readonly TraceFormat[] = TRACE_FORMATS): TraceFormat | undefined {
  return formats.find((f) => f.id === id);
}
