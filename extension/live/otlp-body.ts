// OTLP/HTTP bodies of a live session: an ExportTraceServiceRequest in JSON or protobuf (gzip or not)
// read into spans by the OTLP file importers' own readers, and the replies OTLP expects in the
// request's encoding (ExportTraceServiceResponse, or a google.rpc.Status saying what was wrong).

import { gunzipSync } from 'node:zlib';
import type { Root } from 'protobufjs/light';
import { isRecord, quoteIntegers } from '../../engine/format/json-text';
import { readResourceSpans } from '../../engine/format/otlp';
import { protobuf } from '../../engine/format/libraries';
import { decodeExportRequest } from '../../engine/format/otlp-proto';
import { FindingLog } from '../../engine/format/pending';
import type { SpanInput } from '../../engine/format/spans';
import { groupedCount } from '../../engine/util/count-text';

export type OtlpEncoding = 'json' | 'protobuf';

/** The encoding of a Content-Type OTLP/HTTP allows, or undefined. */
export function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' ? 'json' : type === 'application/x-protobuf' ? 'protobuf' : undefined;
}

/** A body that is not a request: the message says why, for the 400 reply. */
export class BadBody extends Error {}

/** The spans of a request body, the messages about spans left out (rejected) and other warnings about them. */
export function spansOfBody(body: Buffer, encoding: OtlpEncoding, gzip: boolean, maxBytes: number): { spans: SpanInput[]; skipped: string[]; warnings: string[] } {
  let bytes = body;
  if (gzip) {
    try {
      bytes = gunzipSync(body, { maxOutputLength: maxBytes });
    } catch (e) {
      throw new BadBody(`The gzip body could not be unpacked within ${groupedCount(maxBytes)} bytes (${(e as Error).message}).`);
    }
  }
  const log = new FindingLog();
  const resourceSpans = encoding === 'json' ? jsonResourceSpans(bytes) : protobufResourceSpans(bytes, log);
  const spans: SpanInput[] = [];
  const locator = { lineOf: () => 0 };
  log.guard(0, () => {
    for (const rs of resourceSpans) readResourceSpans(rs, locator, spans, log, 0);
  });
  const findings = log.flush();
  const messages = (errors: boolean) => findings.filter((f) => (f.severity === 'error') === errors).map((f) => f.message);
  return { spans, skipped: messages(true), warnings: messages(false) };
}

function jsonResourceSpans(bytes: Buffer): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(quoteIntegers(bytes.toString('utf8'), ['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'intValue']));
  } catch (e) {
    throw new BadBody(`The body is not valid JSON (${(e as Error).message}).`);
  }
  if (!isRecord(doc) || (doc['resourceSpans'] !== undefined && !Array.isArray(doc['resourceSpans']))) {
    throw new BadBody('The body is not an OTLP ExportTraceServiceRequest: expected {"resourceSpans": [...]}.');
  }
  return (doc['resourceSpans'] as unknown[] | undefined) ?? [];
}

function protobufResourceSpans(bytes: Buffer, log: FindingLog): unknown[] {
  try {
    return decodeExportRequest(bytes, log);
  } catch (e) {
    throw new BadBody(`The body is not a protobuf OTLP ExportTraceServiceRequest (${(e as Error).message}).`);
  }
}

/** ExportTraceServiceResponse and google.rpc.Status (field numbers from opentelemetry-proto and googleapis). */
const REPLY_SCHEMA = {
  nested: {
    ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
    ExportTracePartialSuccess: { fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
    Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } },
  },
};

let replyTypes: Root | undefined;

function encode(type: string, value: Record<string, unknown>, encoding: OtlpEncoding): { body: Buffer; contentType: string } {
  if (encoding === 'json') return { body: Buffer.from(JSON.stringify(value)), contentType: 'application/json' };
  replyTypes ??= protobuf().Root.fromJSON(REPLY_SCHEMA);
  const message = replyTypes.lookupType(type);
  return { body: Buffer.from(message.encode(message.fromObject(value)).finish()), contentType: 'application/x-protobuf' };
}

/** The 200 reply: empty, or a partial success naming the spans rejected and why. */
export function exportReply(rejected: number, why: string, encoding: OtlpEncoding) {
  const value = rejected > 0 ? { partialSuccess: { rejectedSpans: String(rejected), errorMessage: why } } : {};
  return encode('ExportTraceServiceResponse', value, encoding);
}

/** gRPC status codes used in replies: INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
export const STATUS = { invalid: 3, unauthenticated: 16, denied: 7, exhausted: 8, unavailable: 14 } as const;

/** The body of a failure reply: a google.rpc.Status with a message for the user. */
export function statusReply(code: number, message: string, encoding: OtlpEncoding) {
  return encode('Status', { code, message }, encoding);
}
