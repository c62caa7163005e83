/**
 * The monitor's HTTP routes, over an abstract backend so that they know nothing of AMI:
 *
 * | Route                           | What                                                  |
 * | ------------------------------- | ----------------------------------------------------- |
 * | `GET /`, `GET /<file>`          | the page (`public/`)                                  |
 * | `GET /events`                   | server-sent events: a snapshot, then every change     |
 * | `GET /api/state`                | the snapshot as JSON                                  |
 * | `POST /api/calls`               | click-to-call, `{ "from": "301", "to": "302" }`       |
 * | `POST /api/calls/<id>/hangup`   | hangs a call up                                       |
 *
 * POSTs need `Content-Type: application/json` (an HTML form cannot send it cross-site without
 * the browser asking first) and, when the browser sends an `Origin`, this server's own. When the
 * server listens on a loopback address, requests must name a loopback host (`Host:`), so a web
 * page cannot reach it through DNS rebinding.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStreamHub } from './event-stream.js';
import type { ActiveCallView, MonitorSnapshot } from './monitor-views.js';
import { type PublicFile, readPublicFile } from './public-files.js';

/** What the routes need from the monitor. */
export interface MonitorBackend {
  /** The current state, for `/api/state` and the first event of `/events`. */
  snapshot(): MonitorSnapshot;
  /** Places a click-to-call; resolves once both parties are connected. */
  clickToCall(request: { from: string; to: string }): Promise<ActiveCallView>;
  /** Hangs a call up: `true` once it ended, `false` when no such call is in progress. */
  hangup(callId: string): Promise<boolean>;
}

/** Options of {@link createRequestHandler}. */
export interface RequestHandlerOptions {
  backend: MonitorBackend;
  hub: EventStreamHub;
  /** The page's files by URL path, from `listPublicFiles`. */
  files: ReadonlyMap<string, PublicFile>;
  /** Largest request body accepted, in bytes. Default 16 KiB. */
  maxBodyBytes?: number;
  /**
   * Which `Host:` headers to answer (e.g. {@link isLoopbackHost} while listening on a loopback
   * address, so a web page cannot reach the server through DNS rebinding); others get 421.
   * Default: every host.
   */
  isAllowedHost?: (host: string | undefined) => boolean;
  /** Where failures are reported. */
  log: (line: string) => void;
  /**
   * Origins whose pages may show the monitor in an `<iframe>` (`http://127.0.0.1:4402`); checked
   * by the caller. Default: none — no page may frame it.
   */
  frameAncestors?: readonly string[];
}

/** A request the routes refuse, with the status and the message the client gets. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

/** A call id as Asterisk makes them (`1795460373.0`) or click-to-call does (`aipbx-c2c-<uuid>`). */
const CALL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HANGUP_ROUTE = /^\/api\/calls\/([^/]*)\/hangup$/;

/** Headers every response carries. */
const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * What the page may load: only this server, no inline script or style; framed by no page, or only
 * by the `frameAncestors` origins.
 */
function pageHeaders(frameAncestors: readonly string[] | undefined): Record<string, string> {
  const { 'X-Frame-Options': _noFraming, ...rest } = COMMON_HEADERS;
  const framing = frameAncestors?.length ? frameAncestors.join(' ') : undefined;
  return {
    ...(framing ? rest : COMMON_HEADERS),
    'Content-Security-Policy':
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
      `base-uri 'none'; form-action 'self'; frame-ancestors ${framing ?? "'none'"}`,
  };
}

/** The routes as one `request` listener for `http.createServer`. It never throws. */
export function createRequestHandler(
  options: RequestHandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  return (req, res) => {
    route(req, res, options, maxBodyBytes).catch((err: unknown) => {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: err.message }, err.headers);
        return;
      }
      options.log(`ami-monitor: ${req.method} ${safePath(req.url)} failed: ${describe(err)}`);
      sendJson(res, 500, { error: 'Internal error; the server log says more.' });
    });
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestHandlerOptions,
  maxBodyBytes: number,
): Promise<void> {
  const url = req.url ?? '';
  if (!url.startsWith('/')) throw new HttpError(400, 'The request target must be a path.');
  if (options.isAllowedHost && !options.isAllowedHost(req.headers.host)) {
    throw new HttpError(
      421,
      'This server does not answer to that host name: use localhost, 127.0.0.1 or [::1], or list the name in allowedHosts.',
    );
  }
  const path = url.split('?', 1)[0] ?? '';
  const method = req.method ?? 'GET';

  if (path === '/events') {
    allow(method, ['GET']);
    options.hub.add(req, res, { type: 'snapshot', ...options.backend.snapshot() });
    return;
  }
  if (path === '/api/state') {
    allow(method, ['GET', 'HEAD']);
    sendJson(res, 200, options.backend.snapshot());
    return;
  }
  if (path === '/api/calls') {
    allow(method, ['POST']);
    const body = await readJsonBody(req, maxBodyBytes);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HttpError(
        400,
        'The body must be a JSON object: { "from": "<extension>", "to": "<number>" }.',
      );
    }
    const { from, to } = body as Record<string, unknown>;
    const call = await options.backend
      .clickToCall({ from: from as string, to: to as string })
      .catch(rethrowAmi);
    sendJson(res, 201, { call });
    return;
  }
  const hangup = HANGUP_ROUTE.exec(path);
  if (hangup) {
    allow(method, ['POST']);
    const id = decodeSegment(hangup[1] ?? '');
    if (id === undefined || !CALL_ID.test(id)) {
      throw new HttpError(400, 'The call id must be 1 to 128 letters, digits, ".", "_" or "-".');
    }
    await readJsonBody(req, maxBodyBytes, { allowEmpty: true });
    const ended = await options.backend.hangup(id).catch(rethrowAmi);
    if (!ended) throw new HttpError(404, `No call ${id} is in progress.`);
    sendJson(res, 200, { ended: true, id });
    return;
  }
  if (path.startsWith('/api/')) throw new HttpError(404, 'No such API route.');

  const file = options.files.get(path);
  if (!file) {
    send(res, 404, 'text/plain; charset=utf-8', 'Not found.\n');
    return;
  }
  allow(method, ['GET', 'HEAD']);
  const bytes = await readPublicFile(file);
  res.writeHead(200, {
    ...pageHeaders(options.frameAncestors),
    'Content-Type': file.contentType,
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-cache',
  });
  res.end(method === 'HEAD' ? undefined : bytes);
}

/** Refuses other methods with 405 and an `Allow` header. */
function allow(method: string, methods: readonly string[]): void {
  if (!methods.includes(method)) {
    throw new HttpError(405, `Use ${methods.join(' or ')} here.`, { Allow: methods.join(', ') });
  }
}

/**
 * Reads a JSON body of at most `limit` bytes. Refuses another content type (415), a larger body
 * (413), a cross-site `Origin` (403) and malformed JSON (400).
 */
async function readJsonBody(
  req: IncomingMessage,
  limit: number,
  options: { allowEmpty?: boolean } = {},
): Promise<unknown> {
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req.headers.host)) {
    throw new HttpError(403, 'Cross-site requests are not accepted.');
  }
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, 'Send the request with Content-Type: application/json.', {
      Accept: 'application/json',
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    if (options.allowEmpty) return undefined;
    throw new HttpError(400, 'The body is empty; send a JSON object.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The body is not valid JSON.');
  }
}

function tooLarge(limit: number): HttpError {
  // The connection closes: the rest of the body is not read.
  return new HttpError(413, `The body is larger than ${limit} bytes.`, { Connection: 'close' });
}

/** Turns the AMI package's errors into HTTP errors with its own (secret-free) message. */
function rethrowAmi(err: unknown): never {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  switch (code) {
    case 'INVALID_INPUT':
      throw new HttpError(400, message);
    case 'CALL_FAILED':
      throw new HttpError(409, message);
    case 'TIMEOUT':
      throw new HttpError(504, message);
    case 'ABORTED':
      throw new HttpError(503, 'The server is closing; the call may still be in progress.');
    case 'CONNECTION_LOST':
    case 'CONNECTION_FAILED':
      throw new HttpError(503, `The PBX is not connected: ${message}`);
    case 'REMOTE':
      throw new HttpError(502, `The PBX refused: ${message}`);
    default:
      throw err;
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Whether `origin` names the host the request was sent to. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** The host name of a `Host:` header, lower-case, without port or IPv6 brackets (`''` if malformed). */
export function hostName(host: string | undefined): string {
  const h = (host ?? '').trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? '' : h.slice(1, end);
  }
  return h.split(':', 1)[0] ?? '';
}

/** Whether a `Host:` header names this machine: localhost, 127.0.0.0/8 or ::1 (any port). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return true; // HTTP/1.0 without Host: nothing for a rebinding attack to use
  const name = hostName(host);
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`, {
    'Cache-Control': 'no-store',
    ...headers,
  });
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const bytes = Buffer.from(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    ...headers,
  });
  res.end(res.req?.method === 'HEAD' ? undefined : bytes);
}

/** The request path for a log line: no query (it could carry anything), cut to a sane length. */
function safePath(url: string | undefined): string {
  const path = (url ?? '').split('?', 1)[0] ?? '';
  return JSON.stringify(path.length > 200 ? `${path.slice(0, 200)}…` : path);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
