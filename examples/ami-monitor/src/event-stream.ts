/**
 * Server-sent events to any number of browsers: each client gets its first event at once, then
 * every broadcast, and a comment line every `heartbeatMs` so that proxies and the browser keep
 * the connection open. A client that stops reading is dropped instead of buffering without bound.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An event to send: its name and its data (serialised as one line of JSON). */
export interface StreamEvent {
  type: string;
}

/** Options of {@link EventStreamHub}. */
export interface EventStreamOptions {
  /** Interval of the heartbeat comment, in ms. Default 15,000. */
  heartbeatMs?: number;
  /** Bytes a client may have unsent before it is dropped. Default 4 MiB. */
  maxBufferedBytes?: number;
  /** How long the browser waits before reconnecting after a drop, in ms (`retry:`). Default 2,000. */
  retryMs?: number;
}

/** Encodes one event in the `text/event-stream` format. */
export function encodeEvent(event: StreamEvent): string {
  // JSON.stringify escapes line breaks inside strings, so the data is always one line.
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** What an {@link EventStreamHub} emits: `clients` with the new count whenever one joins or leaves. */
export interface EventStreamHubEvents {
  clients: [size: number];
}

/** The clients of one `/events` endpoint. */
export class EventStreamHub extends EventEmitter<EventStreamHubEvents> {
  readonly #clients = new Set<ServerResponse>();
  readonly #maxBuffered: number;
  readonly #retryMs: number;
  readonly #timer: ReturnType<typeof setInterval>;
  #closed = false;

  constructor(options: EventStreamOptions = {}) {
    super();
    this.#maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.#retryMs = options.retryMs ?? 2000;
    this.#timer = setInterval(() => this.#write(': heartbeat\n\n'), options.heartbeatMs ?? 15_000);
  }

  /** How many clients are connected. */
  get size(): number {
    return this.#clients.size;
  }

  /**
   * Turns a request into an event stream: sends the headers and `first`, then keeps the client
   * until it disconnects or the hub closes.
   */
  add(req: IncomingMessage, res: ServerResponse, first: StreamEvent): void {
    if (this.#closed) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The server is closing.\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    res.socket?.setNoDelay(true);
    res.write(`retry: ${this.#retryMs}\n\n`);
    res.write(encodeEvent(first));
    this.#clients.add(res);
    this.emit('clients', this.#clients.size);
    const remove = () => this.#remove(res);
    req.on('close', remove);
    res.on('close', remove);
    res.on('error', remove);
  }

  /** Sends `event` to every client. */
  broadcast(event: StreamEvent): void {
    this.#write(encodeEvent(event));
  }

  /** Ends every stream and stops the heartbeat. New clients get 503. */
  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
    this.emit('clients', 0);
  }

  #remove(res: ServerResponse): void {
    if (this.#clients.delete(res)) this.emit('clients', this.#clients.size);
  }

  #write(text: string): void {
    for (const res of this.#clients) {
      if (res.writableLength > this.#maxBuffered) {
        // It has not read for a long time: drop it; the browser reconnects and gets a snapshot.
        this.#remove(res);
        res.destroy();
        continue;
      }
      res.write(text);
    }
  }
}
