import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  AbortError,
  type ConnectionError,
  type Logger,
  ProtocolError,
  TimeoutError,
  ValidationError,
} from '@aipbx/core';
import type { AriOperationSpec } from '../client/ari-operation.js';
import { basicAuthorization, unreachable } from './ari-credentials.js';
import { type AriParams, buildAriRequest, readAriResponse } from './ari-request.js';
import type { AriRequestOptions } from './ari-request-options.js';

/** Largest JSON answer read; ARI's biggest (a long channel list) is far below it. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
/** Largest file answer read (a stored recording). */
const MAX_BINARY_BYTES = 512 * 1024 * 1024;

/** What {@link AriHttp} needs; {@link AriClient} resolves it from its options. */
export interface AriHttpOptions {
  /** Base URL of Asterisk's HTTP server, without `/ari`: `https://pbx.example.com:8089`. */
  url: URL;
  username: string;
  password: string;
  /** Extra trusted certificates (PEM) for a PBX with a self-signed or private-CA certificate. */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /** Default per-request limit. */
  requestTimeoutMs: number;
  /** Most sockets kept open to Asterisk at once. */
  maxSockets: number;
  logger: Logger;
}

export type { AriParams } from './ari-request.js';

/**
 * The REST half of the ARI transport: one keep-alive agent, Basic credentials in the
 * `Authorization` header only (never in a URL or a log line), certificate verification always on,
 * a bound and an `AbortSignal` on every request, and errors that say which operation failed and
 * why.
 *
 * `node:http`/`node:https` rather than `fetch`: Node's `fetch` cannot take a private CA without an
 * extra dependency, and a self-signed certificate is the usual state of a PBX.
 */
export class AriHttp {
  readonly #o: AriHttpOptions;
  readonly #authorization: string;
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #send: typeof httpRequest;
  readonly #address: string;

  constructor(options: AriHttpOptions) {
    this.#o = options;
    this.#authorization = basicAuthorization(options.username, options.password);
    const tls = options.url.protocol === 'https:';
    this.#agent = tls
      ? new HttpsAgent({
          keepAlive: true,
          maxSockets: options.maxSockets,
          ca: options.ca as string[] | undefined,
        })
      : new HttpAgent({ keepAlive: true, maxSockets: options.maxSockets });
    this.#send = tls ? httpsRequest : httpRequest;
    this.#address = options.url.origin;
  }

  /** `https://host:port`: where requests go, without credentials. */
  get address(): string {
    return this.#address;
  }

  /**
   * Performs `operation` (`resource.nickname`) as `spec` describes it with `params`, and resolves
   * with the parsed JSON answer (`undefined` for 204, bytes for a binary answer).
   *
   * @throws ValidationError (unknown or missing parameters, before anything is sent);
   *   AuthenticationError (401); ChannelGoneError (404 "Channel not found" for a channel);
   *   AriHttpError (any other error status); ConnectionError; TimeoutError; AbortError;
   *   ProtocolError (an answer that is not the JSON it should be)
   */
  async call(
    operation: string,
    spec: AriOperationSpec,
    params: AriParams | undefined,
    options: AriRequestOptions = {},
  ): Promise<unknown> {
    const { path, query, body, ids } = buildAriRequest(operation, spec, params ?? {});
    const timeoutMs = options.timeoutMs ?? this.#o.requestTimeoutMs;
    if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && Number.isFinite(timeoutMs))) {
      throw new ValidationError(`ARI ${operation} options`, [
        { field: 'timeoutMs', message: 'must be a positive number of milliseconds' },
      ]);
    }
    const url = new URL(`/ari${path}`, this.#o.url);
    url.search = query;
    const started = performance.now();
    const limit = spec.binary ? MAX_BINARY_BYTES : MAX_JSON_BYTES;
    const response = await this.#exchange(
      operation,
      spec.method,
      url,
      body,
      limit,
      timeoutMs,
      options.signal,
    );
    const ms = Math.round(performance.now() - started);
    this.#o.logger.debug('ARI request', {
      operation,
      method: spec.method,
      path,
      status: response.status,
      ms,
    });
    return readAriResponse(operation, spec, response, ids, {
      address: this.#address,
      username: this.#o.username,
      password: this.#o.password,
    });
  }

  /**
   * GETs a path below `/ari` that is not an operation of the table (Asterisk's own description, say)
   * and resolves with its JSON. Errors as {@link AriHttp.call}.
   */
  async getJson(what: string, path: string, options: AriRequestOptions = {}): Promise<unknown> {
    return this.call(what, { method: 'GET', path, params: [] }, undefined, options);
  }

  /** Closes idle keep-alive sockets. Requests in flight finish. */
  close(): void {
    this.#agent.destroy();
  }

  #exchange(
    operation: string,
    method: string,
    url: URL,
    body: string | undefined,
    limit: number,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<{ status: number; bytes: Buffer; contentType: string }> {
    if (signal?.aborted) {
      return Promise.reject(
        new AbortError(`ARI ${operation} was aborted before it was sent.`, { cause: signal.reason }),
      );
    }
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        authorization: this.#authorization,
        accept: 'application/json',
      };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      let settled = false;
      const finish = (
        error: Error | undefined,
        value?: { status: number; bytes: Buffer; contentType: string },
      ) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(value!);
      };
      const req = this.#send(url, { method, headers, agent: this.#agent }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) {
            res.destroy();
            finish(
              new ProtocolError(
                `ARI ${operation} answered with more than ${limit} bytes; the answer was dropped.`,
              ),
            );
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          finish(undefined, {
            status: res.statusCode ?? 0,
            bytes: Buffer.concat(chunks),
            contentType: String(res.headers['content-type'] ?? ''),
          }),
        );
        res.on('error', (error) => finish(this.#lost(operation, error)));
      });
      const timer = setTimeout(() => {
        req.destroy();
        finish(
          new TimeoutError(
            `ARI ${operation} got no answer from ${this.#address} within ${timeoutMs} ms.`,
            timeoutMs,
          ),
        );
      }, timeoutMs);
      const onAbort = () => {
        req.destroy();
        finish(
          new AbortError(`ARI ${operation} was aborted; Asterisk may have carried it out.`, {
            cause: signal?.reason,
          }),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (error) => finish(this.#lost(operation, error)));
      req.end(body);
    });
  }

  #lost(operation: string, error: Error): ConnectionError {
    return unreachable(
      `ARI ${operation}`,
      this.#address,
      error,
      'check that Asterisk runs, http.conf enables the server, and the URL and port are right',
    );
  }
}
