// OpenTelemetry OTLP/protobuf spans: one ExportTraceServiceRequest, or the collector's file exporter
// output with `format: proto` (each message after its 4-byte big-endian length). protobufjs decodes
// them into the OTLP/JSON shape, read by the OTLP/JSON span model, so both encodings read alike.
// A binary file has no lines: a finding's "line" is the number of the message it concerns.

import type { Root } from 'protobufjs/light';
import { protobuf } from './libraries';
import type { TraceFile } from '../trace/model';
import { isRecord } from './json-text';
import { readResourceSpans } from './otlp';
import { FindingLog, quoted } from './pending';
import { type SpanInput, spansToTrace } from './spans';
import { WholeFileReader } from './binary-file';
import { type ReadOptions, type TraceFormat, TraceReadError } from './types';
import { groupedCount } from '../util/count-text';

const EXPECTED =
  'an OTLP ExportTraceServiceRequest in protobuf, alone or as a sequence of messages each after its 4-byte big-endian length (the collector file exporter\'s `format: proto`)';

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });
const one = (type: string, id: number) => ({ type, id });

/**
 * The part of opentelemetry-proto's trace schema that Causeway reads (field numbers from
 * `opentelemetry/proto/trace/v1/trace.proto` and `common/v1/common.proto`), with the field names of
 * OTLP/JSON so a decoded message has the shape the JSON reader takes. Other fields are skipped.
 */
const OTLP_TRACE_SCHEMA = {
  nested: {
    ExportTraceServiceRequest: { fields: { resourceSpans: repeated('ResourceSpans', 1) } },
    ResourceSpans: {
      fields: {
        resource: one('Resource', 1),
        scopeSpans: repeated('ScopeSpans', 2),
        instrumentationLibrarySpans: repeated('InstrumentationLibrarySpans', 1000),
      },
    },
    Resource: { fields: { attributes: repeated('KeyValue', 1) } },
    ScopeSpans: { fields: { scope: one('InstrumentationScope', 1), spans: repeated('Span', 2) } },
    InstrumentationLibrarySpans: { fields: { instrumentationLibrary: one('InstrumentationScope', 1), spans: repeated('Span', 2) } },
    InstrumentationScope: { fields: { name: one('string', 1) } },
    Span: {
      fields: {
        traceId: one('bytes', 1),
        spanId: one('bytes', 2),
        parentSpanId: one('bytes', 4),
        name: one('string', 5),
        kind: one('int32', 6),
        startTimeUnixNano: one('fixed64', 7),
        endTimeUnixNano: one('fixed64', 8),
        attributes: repeated('KeyValue', 9),
        events: repeated('Event', 11),
        links: repeated('Link', 13),
        status: one('Status', 15),
      },
    },
    Event: { fields: { timeUnixNano: one('fixed64', 1), name: one('string', 2), attributes: repeated('KeyValue', 3) } },
    Link: { fields: { traceId: one('bytes', 1), spanId: one('bytes', 2) } },
    Status: { fields: { code: one('int32', 3), message: one('string', 2) } },
    KeyValue: { fields: { key: one('string', 1), value: one('AnyValue', 2) } },
    KeyValueList: { fields: { values: repeated('KeyValue', 1) } },
    ArrayValue: { fields: { values: repeated('AnyValue', 1) } },
    AnyValue: {
      oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
      fields: {
        stringValue: one('string', 1),
        boolValue: one('bool', 2),
        intValue: one('int64', 3),
        doubleValue: one('double', 4),
        arrayValue: one('ArrayValue', 5),
        kvlistValue: one('KeyValueList', 6),
        bytesValue: one('bytes', 7),
      },
    },
  },
};

let requestType: ReturnType<Root['lookupType']> | undefined;

/** The protobuf type of an OTLP ExportTraceServiceRequest, built once on first use. */
export function exportTraceServiceRequest() {
  requestType ??= protobuf().Root.fromJSON(OTLP_TRACE_SCHEMA).lookupType('ExportTraceServiceRequest');
  return requestType;
}

const MESSAGE_START = /^(\n|\0[^\n]{0,3}\n)/;
// eslint-disable-next-line no-control-regex -- the bytes sought are protobuf tags and lengths
const SPAN_IDS = /\n\x10[^]{1,16}\x12\x08/;

/**
 * Detection from the head decoded as UTF-8: a message opens with the tag of `resource_spans`
 * (0x0A), alone or after a 4-byte length whose first byte is 0 (a message under 16 MiB); and a
 * span opens with its ids: tag and length of a 16-byte trace_id (`\n\x10`), its bytes (1 to 16
 * characters once decoded), tag and length of an 8-byte span_id (`\x12\x08`).
 */
function detectOtlpProto(head: string): number {
  return MESSAGE_START.test(head) && SPAN_IDS.test(head) ? 0.9 : 0;
}

export const otlpProtoFormat: TraceFormat = {
  id: 'otlp-proto',
  title: 'OpenTelemetry spans (OTLP/protobuf)',
  expected: EXPECTED,
  extensions: ['otlp.pb', 'otlp.binpb', 'proto.bin', 'binpb', 'pb'],
  detect: detectOtlpProto,
  createReader: (options) => new WholeFileReader((bytes) => readOtlpProto(bytes, options)),
};

/** One message of the file: its bytes, its number (1-based) and where it starts. */
interface Frame {
  bytes: Uint8Array;
  number: number;
  offset: number;
}

/**
 * The messages of a file: length-prefixed frames when the file opens with a length that fits
 * (a lone message opens with the tag 0x0A instead, which as a length would claim over 160 MiB);
 * otherwise the whole file as one message. A last frame cut short is reported and left out.
 */
function framesOf(bytes: Uint8Array, log: FindingLog): Frame[] {
  const lengthAt = (at: number) => new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
  if (bytes.length < 4 || bytes[0] === 0x0a || lengthAt(0) > bytes.length - 4) return [{ bytes, number: 1, offset: 0 }];
  const frames: Frame[] = [];
  for (let at = 0; at < bytes.length; ) {
    const number = frames.length + 1;
    const length = at + 4 <= bytes.length ? lengthAt(at) : undefined;
    if (length === undefined || length > bytes.length - at - 4) {
      const said = length === undefined ? 'a 4-byte length' : `${groupedCount(length)} bytes`;
      log.add('error', 'parse-error', number, `Message ${number} (byte ${groupedCount(at)}) is cut short: it needs ${said} but only ${groupedCount(bytes.length - at)} bytes remain; it is skipped.`);
      break;
    }
    frames.push({ bytes: bytes.subarray(at + 4, at + 4 + length), number, offset: at });
    at += 4 + length;
  }
  return frames;
}

const hex = (bytes: unknown) => (bytes instanceof Uint8Array ? Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') : bytes);

/** Span and link ids are bytes in protobuf and hex text in OTLP/JSON. */
function idsAsHex(spanOrLink: Record<string, unknown>): void {
  for (const key of ['traceId', 'spanId', 'parentSpanId']) if (key in spanOrLink) spanOrLink[key] = hex(spanOrLink[key]);
  if (Array.isArray(spanOrLink['links'])) spanOrLink['links'].filter(isRecord).forEach(idsAsHex);
}

/** The byte length of a decoded bytes field (0 when absent). */
const byteLength = (v: unknown) => (v instanceof Uint8Array ? v.length : 0);

/**
 * True for a span with the ids OTLP requires (a 16-byte trace_id, an 8-byte span_id). Other
 * messages decoded as spans (an OTLP metrics or logs file) fail it instead of reading as spans.
 */
function hasSpanIds(span: Record<string, unknown>, frame: Frame, log: FindingLog): boolean {
  const traceBytes = byteLength(span['traceId']);
  const spanBytes = byteLength(span['spanId']);
  if (traceBytes === 16 && spanBytes === 8) return true;
  log.add('error', 'parse-error', frame.number, `Message ${frame.number}: the span ${quoted(span['name'])} has a ${traceBytes}-byte trace_id and a ${spanBytes}-byte span_id, where OTLP requires 16 and 8 bytes; it is skipped.`);
  return false;
}

type DecodedResourceSpans = Partial<Record<'scopeSpans' | 'instrumentationLibrarySpans', { spans?: Record<string, unknown>[] }[]>>;

/** The resourceSpans of one ExportTraceServiceRequest (as an OTLP/HTTP request body carries it) in the OTLP/JSON shape; throws on bytes that are not one. */
export function decodeExportRequest(bytes: Uint8Array, log: FindingLog): unknown[] {
  return asOtlpJson({ bytes, number: 1, offset: 0 }, log);
}

/** A decoded request in the OTLP/JSON shape: 64-bit integers as decimal text, ids as hex, other bytes as base64. */
function asOtlpJson(frame: Frame, log: FindingLog): unknown[] {
  const type = exportTraceServiceRequest();
  const request = type.toObject(type.decode(frame.bytes), { longs: String });
  const resourceSpans: DecodedResourceSpans[] = request['resourceSpans'] ?? [];
  for (const rs of resourceSpans) {
    for (const ss of [...(rs.scopeSpans ?? []), ...(rs.instrumentationLibrarySpans ?? [])]) {
      ss.spans = (ss.spans ?? []).filter((span) => hasSpanIds(span, frame, log));
      ss.spans.forEach(idsAsHex);
    }
    bytesAsBase64(rs);
  }
  return resourceSpans;
}

/**
 * AnyValue bytes are base64 text in OTLP/JSON: every Uint8Array left after the ids is one. (The
 * decoder refuses nesting past 100 messages, so the walk is bounded.)
 */
function bytesAsBase64(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  for (const [key, v] of Object.entries(value)) {
    if (v instanceof Uint8Array) (value as Record<string, unknown>)[key] = protobuf().util.base64.encode(v, 0, v.length);
    else bytesAsBase64(v);
  }
}

/** Reads a whole OTLP/protobuf file: its messages, each decoded into the OTLP/JSON shape. */
function readOtlpProto(bytes: Uint8Array, options: ReadOptions): TraceFile {
  const log = new FindingLog();
  const spans: SpanInput[] = [];
  const frames = framesOf(bytes, log);
  for (const frame of frames) {
    const locator = { lineOf: () => frame.number };
    let resourceSpans: unknown[];
    try {
      resourceSpans = asOtlpJson(frame, log);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      log.add('error', 'parse-error', frame.number, `Message ${frame.number} (byte ${groupedCount(frame.offset)}) is not a valid OTLP protobuf ExportTraceServiceRequest (${why}); it is skipped.`);
      continue;
    }
    log.guard(frame.number, () => {
      for (const rs of resourceSpans) readResourceSpans(rs, locator, spans, log, frame.number);
    });
  }
  if (spans.length === 0 && bytes.length > 0 && log.list.length > 0) {
    throw new TraceReadError(`${log.list[0].message} Expected ${EXPECTED}.`, log.list[0].line);
  }
  return { format: 'otlp-proto', executions: [spansToTrace(spans, options.name ?? '')], findings: log.flush() };
}
