// The way in to a live session: takes each new socket, tells HTTP ("GET " for a WebSocket upgrade,
// "POST " for OTLP/HTTP) from TCP lines by the first bytes, refuses WebSocket upgrades from browser
// pages (any Origin but VS Code's own webviews), hands other HTTP requests to `request`, and closes
// every socket that has not become a connection (or carried an authenticated request) by its hello
// deadline, whatever it sent (nothing, part of a hello, part of an HTTP request).

import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { TcpTransport, WebSocketTransport } from './transports';

const GET = Buffer.from('GET ');
const POST = Buffer.from('POST ');

/** Origins allowed to open a WebSocket besides none at all (Node clients send none): VS Code's webviews. */
const ALLOWED_ORIGIN = /^vscode-webview:\/\//;

export interface EntranceOptions {
  /** The hello time: a socket must have become a connection and said hello this long after it was accepted. */
  helloTimeoutMs: number;
  maxConnections: number;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number;
  /** Connections holding a slot now (said hello, or still may). */
  connectionCount(): number;
  /** A socket became a connection; its hello is due helloTimeoutMs after `acceptedAt`. */
  open(transport: TcpTransport | WebSocketTransport, acceptedAt: number): void;
  /** A socket refused before it became a connection (logged by the session; `slowDown` as RefusalLimiter takes it). */
  refused(address: string, message: string): void;
  /** An HTTP request that is not a WebSocket upgrade (OTLP/HTTP); its socket stays under the hello deadline until `admit`. */
  request(request: IncomingMessage, response: ServerResponse): void;
}

export class Entrance {
  /** Sockets not yet connections: still sniffed, in their HTTP upgrade or before an authenticated HTTP request; when each was accepted and its deadline. */
  private readonly waiting = new Map<Socket, { acceptedAt: number; deadline: NodeJS.Timeout }>();
  /** Sockets that carried an authenticated HTTP request: closed by the HTTP server's own timeouts, or with the session. */
  private readonly admitted = new Set<Socket>();
  private readonly http: HttpServer;
  private readonly webSockets: WebSocketServer;

  constructor(private readonly options: EntranceOptions) {
    this.http = createHttpServer((request, response) => {
      if (request.method === 'GET') {
        response.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
        response.end('This is a Causeway live session: connect with a WebSocket, or with plain TCP lines.\n');
      } else {
        options.request(request, response);
      }
    });
    this.http.headersTimeout = options.helloTimeoutMs;
    this.http.requestTimeout = Math.max(30_000, options.helloTimeoutMs);
    this.webSockets = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
    this.http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => this.upgrade(request, socket, head));
  }

  /** Sockets that are not connections yet. */
  get size(): number {
    return this.waiting.size;
  }

  /** A new socket from the listening server. */
  take(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    const remote = remoteOf(socket);
    if (this.options.connectionCount() + this.waiting.size >= this.options.maxConnections) {
      this.options.refused(socket.remoteAddress ?? remote, `Refused a connection from ${remote}: the session already has ${this.options.maxConnections} connections.`);
      socket.destroy();
      return;
    }
    const acceptedAt = Date.now();
    const deadline = setTimeout(() => {
      if (!this.waiting.has(socket)) return;
      const seconds = this.options.helloTimeoutMs / 1000;
      this.options.refused(socket.remoteAddress ?? remote, `Refused a connection from ${remote}: it did not say hello within ${seconds} s.`);
      socket.destroy();
    }, this.options.helloTimeoutMs);
    this.waiting.set(socket, { acceptedAt, deadline });
    socket.once('close', () => {
      clearTimeout(deadline);
      this.waiting.delete(socket);
      this.admitted.delete(socket);
    });
    let head: Buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      if (startsAPrefixOf(head, GET) || startsAPrefixOf(head, POST)) return;
      socket.off('data', onData);
      socket.pause();
      socket.unshift(head);
      if (startsWith(head, GET) || startsWith(head, POST)) {
        this.http.emit('connection', socket);
        socket.resume();
      } else {
        clearTimeout(deadline);
        this.waiting.delete(socket);
        this.options.open(new TcpTransport(socket), acceptedAt);
      }
    };
    socket.on('data', onData);
  }

  /** The socket carried an authenticated HTTP request: it is no longer under the hello deadline. True the first time. */
  admit(socket: Socket): boolean {
    const waiting = this.waiting.get(socket);
    if (!waiting) return false;
    clearTimeout(waiting.deadline);
    this.waiting.delete(socket);
    this.admitted.add(socket);
    return true;
  }

  /** Destroys the sockets that are not connections yet and those of HTTP clients, and stops taking WebSockets. */
  close(): void {
    for (const socket of [...this.waiting.keys(), ...this.admitted]) socket.destroy();
    this.webSockets.close();
  }

  private upgrade(request: IncomingMessage, socket: Socket, head: Buffer): void {
    const acceptedAt = this.waiting.get(socket)?.acceptedAt;
    if (acceptedAt === undefined) {
      socket.destroy();
      return;
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !ALLOWED_ORIGIN.test(origin)) {
      this.waiting.delete(socket);
      const remote = remoteOf(socket);
      this.options.refused(socket.remoteAddress ?? remote, `Refused a WebSocket from ${remote}: it comes from a web page (Origin ${JSON.stringify(origin.slice(0, 100))}); only programs and VS Code's own webviews may connect.`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      setTimeout(() => socket.destroy(), 1000).unref();
      return;
    }
    this.webSockets.handleUpgrade(request, socket, head, (ws) => {
      this.waiting.delete(socket);
      this.options.open(new WebSocketTransport(ws, remoteOf(socket)), acceptedAt);
    });
  }
}

/** `head` is shorter than `word` and begins it: more bytes are needed to tell. */
function startsAPrefixOf(head: Buffer, word: Buffer): boolean {
  return head.length < word.length && word.subarray(0, head.length).equals(head);
}

function startsWith(head: Buffer, word: Buffer): boolean {
  return head.subarray(0, word.length).equals(word);
}

export function remoteOf(socket: Socket): string {
  return `${socket.remoteAddress}:${socket.remotePort}`;
}
