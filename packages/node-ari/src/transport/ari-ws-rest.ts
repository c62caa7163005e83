import { randomUUID } from 'node:crypto';
import { AbortError, ConnectionError, ProtocolError, TimeoutError, ValidationError } from '@aipbx/core';
import type WebSocket from 'ws';
import type { AriOperationSpec } from '../client/ari-operation.js';
import { type AriParams, type AriPeer, buildAriRequest, readAriResponse } from './ari-request.js';
import type { AriRequestOptions } from './ari-request-options.js';

/** A `RESTResponse` message from Asterisk. */
interface RestResponse {
  type: 'RESTResponse';
  request_id?: string;
  status_code?: number;
  message_body?: string;
}

/**
 * ARI's REST requests carried over the WebSocket Asterisk opened to the app (ARI outbound
 * WebSockets): each request is a `RESTRequest` message with a `request_id`, answered by a
 * `RESTResponse` with the same id; the answer is read exactly as an HTTP answer would be (same
 * errors). Used when the app is the WebSocket server and may not reach Asterisk's HTTP port at all.
 */
export class AriWsRest {
  readonly #ws: WebSocket;
  readonly #peer: AriPeer;
  readonly #timeoutMs: number;
  readonly #pending = new Map<string, { resolve: (r: RestResponse) => void; reject: (e: Error) => void }>();

  constructor(ws: WebSocket, peer: AriPeer, requestTimeoutMs: number) {
    this.#ws = ws;
    this.#peer = peer;
    this.#timeoutMs = requestTimeoutMs;
  }

  /** Where requests go, for messages: the Asterisk end of the WebSocket. */
  get address(): string {
    return this.#peer.address;
  }

  /** Hands an answer to its request; false when the message is not a `RESTResponse`. */
  receive(message: { type?: unknown }): boolean {
    if (message.type !== 'RESTResponse') return false;
    const response = message as RestResponse;
    const id = response.request_id ?? '';
    const waiter = this.#pending.get(id);
    if (waiter !== undefined) {
      this.#pending.delete(id);
      waiter.resolve(response);
    }
    return true;
  }

  /** Fails every request still waiting: the WebSocket closed. */
  fail(error: Error): void {
    for (const waiter of this.#pending.values()) waiter.reject(error);
    this.#pending.clear();
  }

  /** As `AriHttp.call`, over the WebSocket. */
  async call(
    operation: string,
    spec: AriOperationSpec,
    params: AriParams | undefined,
    options: AriRequestOptions = {},
  ): Promise<unknown> {
    const { path, query, body, ids } = buildAriRequest(operation, spec, params ?? {});
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
      throw new ValidationError(`ARI ${operation} options`, [
        { field: 'timeoutMs', message: 'must be a positive number of milliseconds' },
      ]);
    }
    const { signal } = options;
    if (signal?.aborted)
      throw new AbortError(`ARI ${operation} was aborted before it was sent.`, { cause: signal.reason });
    if (this.#ws.readyState !== 1) {
      throw new ConnectionError(
        'CONNECTION_LOST',
        this.#peer.address,
        `ARI ${operation}: the WebSocket from Asterisk is closed.`,
      );
    }
    const requestId = randomUUID();
    const message: Record<string, unknown> = {
      type: 'RESTRequest',
      request_id: requestId,
      method: spec.method,
      uri: `${path.replace(/^\//, '')}${query ? `?${query}` : ''}`,
    };
    if (body !== undefined) {
      message.content_type = 'application/json';
      message.message_body = body;
    }
    const response = await new Promise<RestResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(
          new TimeoutError(
            `ARI ${operation} got no answer over the WebSocket within ${timeoutMs} ms.`,
            timeoutMs,
          ),
        );
      }, timeoutMs);
      const onAbort = () => {
        this.#pending.delete(requestId);
        clearTimeout(timer);
        reject(
          new AbortError(`ARI ${operation} was aborted; Asterisk may have carried it out.`, {
            cause: signal?.reason,
          }),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#pending.set(requestId, {
        resolve: (r) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      this.#ws.send(JSON.stringify(message));
    });
    if (typeof response.status_code !== 'number') {
      throw new ProtocolError(`ARI ${operation}: a RESTResponse without a status code.`);
    }
    return readAriResponse(
      operation,
      spec,
      { status: response.status_code, bytes: Buffer.from(response.message_body ?? '', 'utf8') },
      ids,
      this.#peer,
    );
  }
}
