// Zipkin v1 JSON spans (annotations cs/sr/ss/cr/ms/mr with endpoints, binaryAnnotations) turned
// into v2 spans as Zipkin's own zipkin2.v1.V1SpanConverter does: one span per endpoint, the
// server side of an RPC marked shared, timestamps and durations from the core annotations.

import { isRecord } from './json-text';
import { endpointOf, micros, spanBase, type ZipkinEndpoint, type ZipkinKind, type ZipkinSpan } from './zipkin-span';

interface V1Annotation {
  timestamp: number;
  value: string;
  endpoint?: ZipkinEndpoint;
}

/** A v1 binary annotation: a tag (stringValue), or an address (`ca`, `sa`, `ma`) when stringValue is absent. */
interface V1BinaryAnnotation {
  key: string;
  stringValue?: string;
  endpoint?: ZipkinEndpoint;
}

/** True for a span in Zipkin's v1 JSON model: endpoints live in its annotations, or it has binaryAnnotations. */
export function isV1Span(sp: Record<string, unknown>): boolean {
  if (Array.isArray(sp['binaryAnnotations'])) return true;
  return Array.isArray(sp['annotations']) && sp['annotations'].some((a) => isRecord(a) && isRecord(a['endpoint']));
}

function annotationsOf(sp: Record<string, unknown>): V1Annotation[] {
  const list = Array.isArray(sp['annotations']) ? sp['annotations'] : [];
  return list.filter(isRecord).flatMap((a) => (typeof a['value'] === 'string' ? [{ timestamp: micros(a['timestamp']) ?? 0, value: a['value'], endpoint: endpointOf(a['endpoint']) }] : []));
}

/** As V1JsonSpanReader: string values are tags; `true` with an endpoint is an address (ca, sa, ma); anything else is dropped. */
function binaryAnnotationsOf(sp: Record<string, unknown>): V1BinaryAnnotation[] {
  const list = Array.isArray(sp['binaryAnnotations']) ? sp['binaryAnnotations'] : [];
  const out: V1BinaryAnnotation[] = [];
  for (const b of list) {
    if (!isRecord(b) || typeof b['key'] !== 'string') continue;
    const endpoint = endpointOf(b['endpoint']);
    if (typeof b['value'] === 'string') out.push({ key: b['key'], stringValue: b['value'], endpoint });
    else if (b['value'] === true && endpoint && (b['key'] === 'ca' || b['key'] === 'sa' || b['key'] === 'ma')) out.push({ key: b['key'], endpoint });
  }
  return out;
}

const sameService = (a: ZipkinEndpoint | undefined, b: ZipkinEndpoint | undefined) => a?.serviceName === b?.serviceName;

function withoutService(e: ZipkinEndpoint): ZipkinEndpoint {
  const copy = { ...e };
  delete copy.serviceName;
  return copy;
}

/** One v1 span's conversion, with the state V1SpanConverter keeps while it runs. */
class V1Conversion {
  private readonly first: ZipkinSpan;
  private readonly spans: ZipkinSpan[] = [];
  private readonly core: Partial<Record<'cs' | 'sr' | 'ss' | 'cr' | 'ms' | 'mr' | 'ws' | 'wr', V1Annotation>> = {};
  private readonly timestamp: number;
  private readonly duration: number;

  constructor(
    private readonly source: Record<string, unknown>,
    private readonly line: number,
  ) {
    this.first = this.newBase();
    this.timestamp = micros(source['timestamp']) ?? 0;
    this.duration = micros(source['duration']) ?? 0;
  }

  private newBase(): ZipkinSpan {
    return spanBase(this.source, this.line) as ZipkinSpan;
  }

  private newSpan(endpoint: ZipkinEndpoint): ZipkinSpan {
    const span = this.newBase();
    span.localEndpoint = endpoint;
    this.spans.push(span);
    return span;
  }

  /** The span of an endpoint's service (missing endpoint data goes to the first span). */
  /**
   * The spans of the two sides of one exchange (client and server, producer and consumer): the
   * spans of their endpoints, or, when both sides are one service, this span for the first side
   * and a new span for the second, each with its kind.
   */
  private sides(first: V1Annotation, second: V1Annotation, firstKind: ZipkinKind, secondKind: ZipkinKind): [ZipkinSpan, ZipkinSpan] {
    const a = this.forEndpoint(first.endpoint);
    if (!sameService(first.endpoint, second.endpoint)) return [a, this.forEndpoint(second.endpoint)];
    a.kind = firstKind;
    const b = this.newSpan(second.endpoint as ZipkinEndpoint);
    b.kind = secondKind;
    return [a, b];
  }

  private forEndpoint(endpoint: ZipkinEndpoint | undefined): ZipkinSpan {
    if (!endpoint) return this.first;
    for (const span of [this.first, ...this.spans]) {
      if (!span.localEndpoint) {
        span.localEndpoint = endpoint;
        return span;
      }
      if (sameService(span.localEndpoint, endpoint)) return span;
    }
    return this.newSpan(endpoint);
  }

  convert(): ZipkinSpan[] {
    this.processAnnotations();
    this.processBinaryAnnotations();
    return [this.first, ...this.spans];
  }

  private setTimes(span: ZipkinSpan, timestamp: number, duration: number | undefined): void {
    span.timestamp = timestamp > 0 ? timestamp : undefined;
    span.duration = duration !== undefined && duration > 0 ? duration : undefined;
  }

  private endReflectsDuration(end: V1Annotation | undefined): boolean {
    return end !== undefined && this.timestamp !== 0 && this.duration !== 0 && this.timestamp + this.duration === end.timestamp;
  }

  private maybeTimestampDuration(begin: V1Annotation, end: V1Annotation | undefined): void {
    const span = this.forEndpoint(begin.endpoint);
    if (this.timestamp !== 0 && this.duration !== 0) this.setTimes(span, this.timestamp, this.duration);
    else this.setTimes(span, begin.timestamp, end ? end.timestamp - begin.timestamp : undefined);
  }

  private processAnnotations(): void {
    const c = this.core;
    const kinds: Record<string, ZipkinKind | undefined> = { cs: 'CLIENT', sr: 'SERVER', ss: 'SERVER', cr: 'CLIENT', ms: 'PRODUCER', mr: 'CONSUMER', ws: undefined, wr: undefined };
    for (const a of annotationsOf(this.source)) {
      const span = this.forEndpoint(a.endpoint);
      if (a.value.length === 2 && a.endpoint && a.value in kinds) {
        const kind = kinds[a.value];
        if (kind) span.kind = kind;
        c[a.value as keyof typeof c] = a;
      } else {
        span.annotations.push({ timestamp: a.timestamp || undefined, value: a.value });
      }
    }
    if (!c.cs && c.cr && this.endReflectsDuration(c.cr)) c.cs = { timestamp: this.timestamp, value: 'cs', endpoint: c.cr.endpoint };
    if (!c.sr && c.ss && this.endReflectsDuration(c.ss)) c.sr = { timestamp: this.timestamp, value: 'sr', endpoint: c.ss.endpoint };

    if (c.cs && c.sr) {
      this.maybeTimestampDuration(c.cs, c.cr);
      const [client, server] = this.sides(c.cs, c.sr, 'CLIENT', 'SERVER');
      server.shared = true;
      this.setTimes(server, c.sr.timestamp, c.ss ? c.ss.timestamp - c.sr.timestamp : undefined);
      if (!c.cr && this.duration === 0) client.duration = undefined; // one-way has no duration
    } else if (c.cs && c.cr) {
      this.maybeTimestampDuration(c.cs, c.cr);
    } else if (c.sr && c.ss) {
      this.maybeTimestampDuration(c.sr, c.ss);
    } else {
      this.handleIncompleteRpc();
    }

    if (!c.cs && c.sr && (this.timestamp === 0 || (c.ss && this.duration === 0))) this.forEndpoint(c.sr.endpoint).shared = true;

    if (c.ms && c.mr) {
      const [producer, consumer] = this.sides(c.ms, c.mr, 'PRODUCER', 'CONSUMER');
      consumer.shared = true;
      if (c.wr) this.setTimes(consumer, c.wr.timestamp, c.mr.timestamp - c.wr.timestamp);
      else this.setTimes(consumer, c.mr.timestamp, undefined);
      this.setTimes(producer, c.ms.timestamp, c.ws ? c.ws.timestamp - c.ms.timestamp : undefined);
    } else if (c.ms) {
      this.maybeTimestampDuration(c.ms, c.ws);
    } else if (c.mr) {
      if (c.wr) this.maybeTimestampDuration(c.wr, c.mr);
      else this.maybeTimestampDuration(c.mr, undefined);
    } else {
      for (const a of [c.ws, c.wr]) if (a) this.forEndpoint(a.endpoint).annotations.push({ timestamp: a.timestamp || undefined, value: a.value });
    }
  }

  /** An RPC with only some of its core annotations: the ones seen become timestamps or annotations. */
  private handleIncompleteRpc(): void {
    const c = this.core;
    for (const span of [this.first, ...this.spans]) {
      if (span.kind === 'CLIENT') {
        if (c.cs) span.timestamp = c.cs.timestamp || undefined;
        if (c.cr) span.annotations.push({ timestamp: c.cr.timestamp || undefined, value: c.cr.value });
      } else if (span.kind === 'SERVER') {
        if (c.sr) span.timestamp = c.sr.timestamp || undefined;
        if (c.ss) span.annotations.push({ timestamp: c.ss.timestamp || undefined, value: c.ss.value });
      }
    }
    if (this.timestamp !== 0) this.setTimes(this.first, this.timestamp, this.duration);
  }

  private processBinaryAnnotations(): void {
    const c = this.core;
    let ca: ZipkinEndpoint | undefined;
    let sa: ZipkinEndpoint | undefined;
    let ma: ZipkinEndpoint | undefined;
    for (const b of binaryAnnotationsOf(this.source)) {
      if (b.stringValue === undefined) {
        if (b.key === 'ca') ca = b.endpoint;
        else if (b.key === 'sa') sa = b.endpoint;
        else ma = b.endpoint;
        continue;
      }
      const span = this.forEndpoint(b.endpoint);
      if (b.key === 'lc' && b.stringValue === '') continue;
      span.tags[b.key] = b.stringValue;
    }
    if (!c.cs && !c.cr && !c.ss && !c.sr && (ca || sa)) {
      if (ca && sa) this.forEndpoint(ca).remoteEndpoint = sa;
      else if (sa) this.forEndpoint(undefined).remoteEndpoint = sa;
      else {
        const span = this.forEndpoint(undefined);
        span.kind = 'SERVER';
        span.remoteEndpoint = ca;
      }
      return;
    }
    const server = c.sr ?? c.ss;
    if (ca && server && JSON.stringify(ca) !== JSON.stringify(server.endpoint)) {
      this.forEndpoint(server.endpoint).remoteEndpoint = sameService(ca, server.endpoint) ? withoutService(ca) : ca;
    }
    if (sa) {
      const client = c.cs ?? c.cr;
      if (client) this.forEndpoint(client.endpoint).remoteEndpoint = sa;
    }
    if (ma) {
      if (c.ms) this.forEndpoint(c.ms.endpoint).remoteEndpoint = ma;
      if (c.mr) this.forEndpoint(c.mr.endpoint).remoteEndpoint = ma;
    }
  }
}

/** The v2 spans of one v1 JSON span (none when it has no id). */
export function convertV1Span(sp: Record<string, unknown>, line: number): ZipkinSpan[] {
  if (!spanBase(sp, line)) return [];
  return new V1Conversion(sp, line).convert();
}
