// OTLP over HTTP into a live session (docs/live-protocol.md): `POST /v1/traces` on the session's
// port, JSON or protobuf, the session token in a header, a bounded body, and OTLP's answers (200
// once the spans that can be recorded are in the file, 400 / 401 / 403 / 404 / 413 / 415 / 503
// with a message). Browser pages (any Origin) are refused, and refusals are slowed like others.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { SpanInput } from '../../engine/format/spans';
import type { LogEntry } from './connection';
import { BadBody, encodingOf, exportReply, type OtlpEncoding, spansOfBody, STATUS, statusReply } from './otlp-body';
import { tokenMatches } from './token';
import { groupedCount } from '../../engine/util/count-text';

export const OTLP_TRACES_PATH = '/v1/traces';

/** The environment variables that point an OpenTelemetry SDK's OTLP/HTTP trace exporter at a session. */
export function otelEnvironment(port: number, token: string): string {
  return `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:${port}${OTLP_TRACES_PATH}\nOTEL_EXPORTER_OTLP_TRACES_HEADERS=x-causeway-token=${token}\n`;
}

/** What the OTLP receiver needs from its session. */
export interface OtlpSessionSide {
  readonly token: string;
  /** Largest body taken, in bytes (unpacked, for gzip). */
  readonly maxBodyBytes: number;
  /** True while the session takes nothing more for now (its recording is behind, or the host holds it). */
  busy(): boolean;
  /** Takes an authenticated request's spans; resolves once those that can be recorded are in the file. */
  take(spans: SpanInput[], client: string): Promise<{ repeated: number }>;
  /** A request was refused (the session logs `message`): ms to wait before answering it. */
  refused(address: string, message: string): number;
  /** The socket carries authenticated requests: no hello deadline for it any more. */
  admitted(socket: Socket): void;
  log(entry: LogEntry): void;
}

interface Reply {
  status: number;
  code: number;
  message: string;
  headers?: Record<string, string>;
}

/** Answers one POST on the session's port (the entrance takes only GET, for WebSockets, and POST as HTTP). */
export function serveOtlp(request: IncomingMessage, response: ServerResponse, side: OtlpSessionSide): void {
  const socket = request.socket;
  const address = socket.remoteAddress ?? 'unknown';
  const client = `OTLP/HTTP client ${address}:${socket.remotePort}`;
  const encoding = encodingOf(request.headers['content-type']) ?? 'json';
  const answer = (reply: Reply, delay = 0) => {
    const send = () => {
      const { body, contentType } = statusReply(reply.code, reply.message, encoding);
      if (reply.headers?.connection === 'close') response.once('finish', () => closeSoon(socket));
      response.writeHead(reply.status, { 'content-type': contentType, 'content-length': body.length, ...reply.headers });
      response.end(body);
    };
    if (delay > 0) setTimeout(send, delay).unref();
    else send();
  };
  /** Refused before the token is known good: logged, slowed down, and the connection closed. */
  const refuse = (reply: Reply) => {
    const delay = side.refused(address, `Refused ${client}: ${reply.message}`);
    answer({ ...reply, headers: { connection: 'close', ...reply.headers } }, delay);
  };
  const path = (request.url ?? '').split('?')[0];
  if (path !== OTLP_TRACES_PATH) {
    return refuse({ status: 404, code: STATUS.invalid, message: `${request.method} ${path.slice(0, 100)}: this is a Causeway live session; OpenTelemetry exporters send spans to POST ${OTLP_TRACES_PATH}.` });
  }
  if (request.headers.origin !== undefined) {
    return refuse({ status: 403, code: STATUS.denied, message: `the request comes from a web page (Origin ${JSON.stringify(request.headers.origin.slice(0, 100))}); only programs may send spans.` });
  }
  const token = tokenOf(request);
  if (token === undefined) {
    return refuse({ status: 401, code: STATUS.unauthenticated, message: 'the request carries no session token; send it as the header "x-causeway-token: TOKEN" or "Authorization: Bearer TOKEN".' });
  }
  if (!tokenMatches(token, side.token)) return refuse({ status: 403, code: STATUS.denied, message: 'wrong token: it is not this live session\'s token.' });
  side.admitted(socket);
  if (encodingOf(request.headers['content-type']) === undefined) {
    return answer({ status: 415, code: STATUS.invalid, message: `Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')} is not taken: send application/json or application/x-protobuf.` });
  }
  const contentEncoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (contentEncoding !== 'identity' && contentEncoding !== 'gzip') {
    return answer({ status: 415, code: STATUS.invalid, message: `Content-Encoding ${JSON.stringify(contentEncoding)} is not taken: send gzip or no encoding.` });
  }
  if (side.busy()) {
    return answer({ status: 503, code: STATUS.unavailable, message: 'The live session is writing what it received; send again in a moment.', headers: { 'retry-after': '1' } });
  }
  const tooLarge: Reply = { status: 413, code: STATUS.exhausted, message: `The body is larger than ${groupedCount(side.maxBodyBytes)} bytes, the most a live session takes in one request; export smaller batches.`, headers: { connection: 'close' } };
  if (Number(request.headers['content-length'] ?? 0) > side.maxBodyBytes) return answer(tooLarge);
  readBody(request, side.maxBodyBytes).then(
    (body) => {
      if (body === undefined) return answer(tooLarge);
      void takeBody(body, encoding, contentEncoding === 'gzip', side, client).then(
        (reply) => {
          if ('status' in reply) return answer(reply);
          response.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.body.length });
          response.end(reply.body);
        },
        (error: Error) => answer({ status: 503, code: STATUS.unavailable, message: `The live session could not record the spans (${error.message}).` }),
      );
    },
    () => socket.destroy(),
  );
}

/** Ends a refused client's socket once its answer is out (reading on, so that it sees the answer rather than a reset), and cuts it a second later. */
function closeSoon(socket: Socket): void {
  socket.resume();
  socket.end();
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The token of `x-causeway-token`, or of `Authorization: Bearer`. */
function tokenOf(request: IncomingMessage): string | undefined {
  const own = request.headers['x-causeway-token'];
  if (typeof own === 'string' && own !== '') return own.trim();
  const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return bearer?.[1];
}

/** The whole body, or undefined as soon as it grows past `max` bytes (nothing more is kept). */
function readBody(request: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      request.off('data', onData);
      chunks.length = 0;
      resolve(undefined);
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function takeBody(body: Buffer, encoding: OtlpEncoding, gzip: boolean, side: OtlpSessionSide, client: string): Promise<Reply | ReturnType<typeof exportReply>> {
  let read: ReturnType<typeof spansOfBody>;
  try {
    read = spansOfBody(body, encoding, gzip, side.maxBodyBytes);
  } catch (e) {
    if (!(e instanceof BadBody)) throw e;
    side.log({ level: 'warning', message: `${client}: ${e.message} Nothing of it is recorded.` });
    return { status: 400, code: STATUS.invalid, message: e.message };
  }
  for (const message of [...read.skipped, ...read.warnings]) side.log({ level: 'warning', message: `${client}: ${message}` });
  const { repeated } = await side.take(read.spans, client);
  const why = read.skipped.length > 0 ? read.skipped[0] : '';
  if (repeated > 0) side.log({ level: 'info', message: `${client} sent ${repeated} span(s) again that the session already has; they are not recorded twice.` });
  return exportReply(read.skipped.length, why, encoding);
}
