// Generates a synthetic OTLP/JSON export (one document, services as resources, call trees across
// services with nanosecond times beyond 2^53, a few links) for benchmarks of the span importers.

export interface OtlpOptions {
  spans: number;
  services: number;
  seed?: number;
}

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
  links?: { traceId: string; spanId: string }[];
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** The OTLP/JSON text: traces of up to 20 spans, each call tree spread over random services. */
export function generateOtlp({ spans, services, seed = 42 }: OtlpOptions): string {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const byService: Span[][] = Array.from({ length: services }, () => []);
  const base = 1_700_000_000_000_000_000n;
  let made = 0;
  let trace = 0;
  let previousRoot: Span | undefined;
  while (made < spans) {
    trace++;
    const traceId = hex(trace, 16) + hex(trace * 7919, 16);
    const size = Math.min(spans - made, 1 + Math.floor(random() * 20));
    const start = base + BigInt(trace) * 1_000_000_000n;
    const nodes: { span: Span; start: bigint; end: bigint }[] = [];
    for (let k = 0; k < size; k++) {
      const parent = k === 0 ? undefined : nodes[Math.floor(random() * k)];
      const s = parent ? parent.start + BigInt(1 + Math.floor(random() * 1000)) * 1000n : start;
      const limit = parent ? parent.end - s : 900_000_000n;
      const e = s + (limit > 2n ? BigInt(Math.floor(random() * Number(limit - 1n))) + 1n : 1n);
      const span: Span = {
        traceId,
        spanId: hex(made + 1, 16),
        name: `op-${k}`,
        kind: parent ? 3 : 2,
        startTimeUnixNano: String(s),
        endTimeUnixNano: String(e),
        attributes: [{ key: 'http.status_code', value: { intValue: '200' } }],
      };
      if (parent) span.parentSpanId = parent.span.spanId;
      if (k === 0 && previousRoot && random() < 0.2) span.links = [{ traceId: previousRoot.traceId, spanId: previousRoot.spanId }];
      if (k === 0) previousRoot = span;
      nodes.push({ span, start: s, end: e });
      byService[Math.floor(random() * services)].push(span);
      made++;
    }
  }
  const resourceSpans = byService.map((list, i) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: `service-${i}` } }] },
    scopeSpans: [{ scope: { name: 'bench' }, spans: list }],
  }));
  return JSON.stringify({ resourceSpans });
}
