// The two transports of a live connection: a TCP socket (newline-separated lines) and a WebSocket
// from `ws` (each message one or more lines). Both start paused; the connection decides when to read.

import type { Socket } from 'node:net';
import { WebSocket, type RawData } from 'ws';
import type { LiveConnection, LiveTransport } from './connection';

/** How long a closing connection may take to say goodbye before it is cut. */
const GOODBYE_MS = 2000;

export class TcpTransport implements LiveTransport {
  readonly kind = 'tcp';
  readonly remote: string;

  constructor(private readonly socket: Socket) {
    this.remote = `${socket.remoteAddress}:${socket.remotePort}`;
    socket.pause();
  }

  attach(connection: LiveConnection): void {
    this.socket.on('data', (chunk: Buffer) => connection.receive(chunk));
    this.socket.on('end', () => connection.endOfStream());
    this.socket.on('close', () => connection.closed());
  }

  send(text: string, flushed?: () => void): void {
    if (this.socket.writable) this.socket.write(`${text}\n`, flushed && (() => flushed()));
  }

  get sendBacklog(): number {
    return this.socket.writableLength;
  }

  pauseReading(): void {
    this.socket.pause();
  }

  resumeReading(): void {
    this.socket.resume();
  }

  /** Reads (and the connection drops) what still comes, so that the client's own end is seen. */
  end(): void {
    this.socket.resume();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), GOODBYE_MS).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export class WebSocketTransport implements LiveTransport {
  readonly kind = 'websocket';

  constructor(
    private readonly ws: WebSocket,
    readonly remote: string,
  ) {
    ws.pause();
  }

  attach(connection: LiveConnection): void {
    this.ws.on('message', (data: RawData) => {
      connection.receive(asBuffer(data));
      connection.endOfMessage();
    });
    this.ws.on('close', () => connection.closed());
    this.ws.on('error', () => this.ws.terminate());
  }

  send(text: string, flushed?: () => void): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text, flushed && (() => flushed()));
  }

  get sendBacklog(): number {
    return this.ws.bufferedAmount;
  }

  pauseReading(): void {
    this.ws.pause();
  }

  resumeReading(): void {
    this.ws.resume();
  }

  /** Reads (and the connection drops) what still comes, so that the closing handshake completes. */
  end(refused: boolean): void {
    this.ws.resume();
    this.ws.close(refused ? 1008 : 1001, refused ? 'refused' : 'session closed');
    setTimeout(() => this.ws.terminate(), GOODBYE_MS).unref();
  }

  destroy(): void {
    this.ws.terminate();
  }
}

function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
