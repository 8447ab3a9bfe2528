// Zipkin reports one span id several times: in fragments (with and without localEndpoint) and as
// the client and server halves of an RPC. This merges them as Zipkin does before drawing
// (zipkin2.internal.Trace.merge, zipkin-lens's mergeV2ById): fragments of one endpoint become one
// span; a server half keeps its own span, marked shared, with the client's parent when it lacks one.

import type { ZipkinAnnotation, ZipkinEndpoint, ZipkinSpan } from './zipkin-span';

/** Zipkin groups a trace's spans by the low 64 bits of its id (16- and 32-digit ids of one trace meet). */
const traceKey = (traceId: string) => traceId.slice(-16);

const compareText = (a: string | undefined, b: string | undefined) => (a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1);

/** Client first: not shared before shared; among those not shared, CLIENT first. */
function compareShared(a: ZipkinSpan, b: ZipkinSpan): number {
  if (a.shared && b.shared) return 0;
  if (a.shared) return 1;
  if (b.shared) return -1;
  return (b.kind === 'CLIENT' ? 1 : 0) - (a.kind === 'CLIENT' ? 1 : 0);
}

/** Missing endpoints first, so their data joins the first span with the same id and endpoint. */
function compareEndpoint(a: ZipkinEndpoint | undefined, b: ZipkinEndpoint | undefined): number {
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  return compareText(a.serviceName, b.serviceName) || compareText(a.ipv4, b.ipv4) || compareText(a.ipv6, b.ipv6);
}

/** Trace.merge's CLEANUP_COMPARATOR. */
function cleanupOrder(a: ZipkinSpan, b: ZipkinSpan): number {
  return compareText(a.id, b.id) || compareShared(a, b) || compareEndpoint(a.localEndpoint, b.localEndpoint);
}

/** The endpoint identity fragments may share: fields set by one must not contradict another (EndpointTracker). */
class EndpointTracker {
  private readonly seen: ZipkinEndpoint = {};

  tryMerge(e: ZipkinEndpoint | undefined): boolean {
    if (!e) return true;
    const s = this.seen;
    if ((s.serviceName && e.serviceName && s.serviceName !== e.serviceName) || (s.ipv4 && e.ipv4 && s.ipv4 !== e.ipv4) || (s.ipv6 && e.ipv6 && s.ipv6 !== e.ipv6)) return false;
    if (s.port && e.port && s.port !== e.port) return false;
    s.serviceName ??= e.serviceName;
    s.ipv4 ??= e.ipv4;
    s.ipv6 ??= e.ipv6;
    s.port ??= e.port;
    return true;
  }
}

function mergeEndpoints(a: ZipkinEndpoint | undefined, b: ZipkinEndpoint | undefined): ZipkinEndpoint | undefined {
  return a && b ? Object.assign({}, b, a) : (a ?? b);
}

/** Annotations of both, without duplicates, by time then value (zipkin2.Span keeps them so). */
function mergeAnnotations(a: ZipkinAnnotation[], b: ZipkinAnnotation[]): ZipkinAnnotation[] {
  const seen = new Set<string>();
  const out: ZipkinAnnotation[] = [];
  for (const x of [...a, ...b]) {
    const key = `${x.timestamp ?? ''}\u0000${x.value}`;
    if (!seen.has(key)) out.push(x);
    seen.add(key);
  }
  return out.sort((x, y) => (x.timestamp ?? 0) - (y.timestamp ?? 0) || compareText(x.value, y.value));
}

/** Span.Builder.merge: the first fragment's fields win; the rest fills what it lacks. */
function mergeFragment(into: ZipkinSpan, next: ZipkinSpan): ZipkinSpan {
  return {
    traceId: into.traceId,
    id: into.id,
    parentId: into.parentId ?? next.parentId,
    name: into.name ?? next.name,
    kind: into.kind ?? next.kind,
    timestamp: into.timestamp ?? next.timestamp,
    duration: into.duration ?? next.duration,
    localEndpoint: mergeEndpoints(into.localEndpoint, next.localEndpoint),
    remoteEndpoint: mergeEndpoints(into.remoteEndpoint, next.remoteEndpoint),
    annotations: mergeAnnotations(into.annotations, next.annotations),
    tags: { ...into.tags, ...next.tags },
    shared: into.shared,
    debug: into.debug || next.debug || undefined,
    line: Math.min(into.line, next.line),
  };
}

/** One trace's spans merged (Trace.merge): sorted by id, client half first. */
function mergeTrace(spans: ZipkinSpan[]): ZipkinSpan[] {
  const sorted = spans.slice().sort(cleanupOrder);
  // The longest trace id stands for the whole trace.
  const traceId = sorted.reduce((id, s) => (id.length === 32 ? id : s.traceId), sorted[0].traceId);
  const out: ZipkinSpan[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let span = { ...sorted[i], traceId };
    const endpoint = new EndpointTracker();
    endpoint.tryMerge(span.localEndpoint);
    while (i + 1 < sorted.length && sorted[i + 1].id === span.id) {
      const next = sorted[i + 1];
      if (Boolean(span.shared) !== Boolean(next.shared) || !endpoint.tryMerge(next.localEndpoint)) break;
      span = mergeFragment(span, next);
      i++;
    }
    const last = out[out.length - 1];
    if (last?.id === span.id) {
      // Some instrumentation leaves the shared flag off its server half; the client half comes first.
      if (last.kind === 'CLIENT' && span.kind === 'SERVER' && !span.shared) span.shared = true;
      // A shared server half that was not told its parent takes the client's.
      if (span.shared && !span.parentId && last.parentId) span.parentId = last.parentId;
    }
    out.push(span);
  }
  return out;
}

/** Every trace of the file merged, traces and spans in the order they first appear. */
export function mergeZipkinSpans(spans: readonly ZipkinSpan[]): ZipkinSpan[] {
  const traces = new Map<string, ZipkinSpan[]>();
  for (const s of spans) {
    const key = traceKey(s.traceId);
    const list = traces.get(key);
    if (list) list.push(s);
    else traces.set(key, [s]);
  }
  const merged = [...traces.values()].flatMap(mergeTrace);
  // Back to file order, so events keep the order of their lines.
  return merged.sort((a, b) => a.line - b.line);
}
