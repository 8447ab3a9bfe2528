// Zipkin's span model as its own code normalises it (zipkin2.Span, zipkin2.Endpoint): lower-case
// service and span names, ids padded to 16 or 32 hex digits, a parent id equal to the span's own
// dropped. Both the v2 reader and the v1 converter build these.

import type { Json } from '../crdt/types';
import { isRecord } from './json-text';

export interface ZipkinEndpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface ZipkinAnnotation {
  /** Microseconds since the epoch. */
  timestamp?: number;
  value: string;
}

export type ZipkinKind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';

export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  kind?: ZipkinKind;
  /** Microseconds since the epoch, and a duration in microseconds. */
  timestamp?: number;
  duration?: number;
  localEndpoint?: ZipkinEndpoint;
  remoteEndpoint?: ZipkinEndpoint;
  annotations: ZipkinAnnotation[];
  tags: Record<string, Json>;
  /** The server half of a span id its client also reported. */
  shared?: boolean;
  debug?: boolean;
  /** The line of the (first) JSON span it was read from. */
  line: number;
}

const KINDS = new Set(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);

/** Zipkin's `padLeft`: ids shorter than 16 hex digits are padded with zeros. */
export function normalizeId(id: string): string {
  return id.length < 16 ? id.padStart(16, '0') : id;
}

/** Zipkin's `normalizeTraceId`: 16 or 32 hex digits. */
export function normalizeTraceId(id: string): string {
  if (id.length > 16) return id.padStart(32, '0');
  return id.padStart(16, '0');
}

/** A whole number of microseconds, or undefined (0 means "not set" in Zipkin). */
export function micros(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** An endpoint as zipkin2.Endpoint keeps it (service name in lower case), or undefined when it says nothing. */
export function endpointOf(v: unknown): ZipkinEndpoint | undefined {
  if (!isRecord(v)) return undefined;
  const e: ZipkinEndpoint = {};
  const service = text(v['serviceName']);
  if (service) e.serviceName = service.toLowerCase();
  if (text(v['ipv4'])) e.ipv4 = v['ipv4'] as string;
  if (text(v['ipv6'])) e.ipv6 = v['ipv6'] as string;
  if (typeof v['port'] === 'number' && v['port'] > 0) e.port = v['port'];
  return Object.keys(e).length > 0 ? e : undefined;
}

/** The fields every Zipkin span shares (v1 and v2): ids, name, debug. Undefined without an id. */
export function spanBase(sp: Record<string, unknown>, line: number): ZipkinSpan | undefined {
  const id = text(sp['id']);
  if (!id) return undefined;
  const span: ZipkinSpan = { traceId: normalizeTraceId(text(sp['traceId']) ?? ''), id: normalizeId(id), annotations: [], tags: {}, line };
  const parentId = text(sp['parentId']);
  if (parentId && normalizeId(parentId) !== span.id) span.parentId = normalizeId(parentId);
  const name = text(sp['name']);
  if (name) span.name = name.toLowerCase();
  if (sp['debug'] === true) span.debug = true;
  return span;
}

/** A Zipkin v2 JSON span. */
export function readV2Span(sp: Record<string, unknown>, line: number): ZipkinSpan | undefined {
  const span = spanBase(sp, line);
  if (!span) return undefined;
  if (typeof sp['kind'] === 'string' && KINDS.has(sp['kind'])) span.kind = sp['kind'] as ZipkinKind;
  span.timestamp = micros(sp['timestamp']);
  span.duration = micros(sp['duration']);
  span.localEndpoint = endpointOf(sp['localEndpoint']);
  span.remoteEndpoint = endpointOf(sp['remoteEndpoint']);
  if (Array.isArray(sp['annotations'])) {
    for (const a of sp['annotations']) if (isRecord(a) && typeof a['value'] === 'string') span.annotations.push({ timestamp: micros(a['timestamp']), value: a['value'] });
  }
  if (isRecord(sp['tags'])) for (const k in sp['tags']) span.tags[k] = sp['tags'][k] as Json;
  // zipkin-lens's clean(): shared marks a server half; it is dropped from a client span.
  if (sp['shared'] === true && span.kind !== 'CLIENT') span.shared = true;
  return span;
}
