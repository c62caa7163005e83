import {
  AuthenticationError,
  ProtocolError,
  redactText,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import type { AriOperationSpec } from '../client/ari-operation.js';
import { AriHttpError } from '../errors/ari-http-error.js';
import { ChannelGoneError } from '../errors/channel-gone-error.js';

/** Parameter values as the generated operation methods take them. */
export type AriParams = Readonly<Record<string, unknown>>;

/** One ARI request, whatever carries it (HTTP, or a WebSocket from Asterisk). */
export interface AriRequest {
  /** Path below `/ari`, with path parameters filled in: `/channels/123/answer`. */
  path: string;
  /** The query string, without `?`. */
  query: string;
  /** JSON body, for operations that take one. */
  body: string | undefined;
  /** Path parameters by name, for error messages. */
  ids: Record<string, string>;
}

/** Who answered, for error messages: the address, and the credentials to name and to keep out of them. */
export interface AriPeer {
  address: string;
  username: string;
  password: string;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * Builds `operation` (`resource.nickname`) as `spec` describes it with `params`.
 *
 * @throws ValidationError for unknown, missing or empty path parameters — before anything is sent.
 */
export function buildAriRequest(operation: string, spec: AriOperationSpec, params: AriParams): AriRequest {
  const problems: ValidationProblem[] = [];
  const known = new Set(spec.params.map((p) => p.name));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) {
      problems.push({
        field: key,
        message: `is not a parameter of ${operation}; it takes ${spec.params.map((p) => p.name).join(', ') || 'none'}`,
      });
    }
  }
  let path = spec.path;
  const query = new URLSearchParams();
  const ids: Record<string, string> = {};
  let body: Record<string, unknown> | undefined;
  for (const p of spec.params) {
    const value = params[p.name];
    if (value === undefined || value === null) {
      if (p.required) problems.push({ field: p.name, message: `is required by ${operation}` });
      continue;
    }
    if (p.in === 'body') {
      body ??= {};
      body[p.name] = value;
      continue;
    }
    const text = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
    if (p.in === 'path') {
      if (text === '') {
        problems.push({ field: p.name, message: `must not be empty (${operation} puts it in the path)` });
        continue;
      }
      if (text === '.' || text === '..') {
        // URLs resolve dot segments (encoded too): the request would reach another resource.
        problems.push({ field: p.name, message: `must not be "${text}" (${operation} puts it in the path)` });
        continue;
      }
      ids[p.name] = text;
      path = path.replace(`{${p.name}}`, encodeURIComponent(text));
    } else {
      query.append(p.name, text);
    }
  }
  if (problems.length > 0) throw new ValidationError(`ARI ${operation} parameters`, problems);
  return {
    path,
    query: query.toString(),
    body: body === undefined ? undefined : JSON.stringify(body),
    ids,
  };
}

/**
 * The answer's value — parsed JSON, bytes for a binary operation, `undefined` for an empty body —
 * or, for an error status, the error that says what failed.
 *
 * @throws AuthenticationError (401); ChannelGoneError (404 "Channel not found" for a channel);
 *   AriHttpError (any other error status); ProtocolError (a success that is not JSON)
 */
export function readAriResponse(
  operation: string,
  spec: AriOperationSpec,
  response: { status: number; bytes: Buffer },
  ids: Record<string, string>,
  peer: AriPeer,
): unknown {
  const { status, bytes } = response;
  if (status >= 200 && status < 300) {
    if (bytes.length === 0) return undefined;
    if (spec.binary) return new Uint8Array(bytes);
    try {
      return JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw new ProtocolError(
        `ARI ${operation} answered ${status} with a body that is not JSON; is ${peer.address} an Asterisk HTTP server?`,
        { cause: error },
      );
    }
  }
  throw ariFailure(operation, response, ids, peer);
}

function ariFailure(
  operation: string,
  response: { status: number; bytes: Buffer },
  ids: Record<string, string>,
  peer: AriPeer,
): Error {
  const { status } = response;
  let remote = '';
  try {
    const parsed = JSON.parse(response.bytes.toString('utf8')) as { message?: unknown };
    if (typeof parsed.message === 'string') remote = redactText(parsed.message, { secrets: [peer.password] });
  } catch {
    remote = redactText(response.bytes.toString('utf8').slice(0, 200), { secrets: [peer.password] });
  }
  if (status === 401) {
    return new AuthenticationError(
      `ARI at ${peer.address} refused user "${peer.username}" (401): check the user and password in ari.conf.`,
    );
  }
  const about = Object.entries(ids)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const details = { operation, status, remoteMessage: remote, ids };
  const message = `ARI ${operation}${about ? ` (${about})` : ''} failed with ${status}${remote ? `: ${remote}` : ''}.`;
  const channelId = ids.channelId;
  if (status === 404 && channelId !== undefined && /channel.*not found/i.test(remote)) {
    return new ChannelGoneError(`${message} The channel has hung up.`, { ...details, channelId });
  }
  return new AriHttpError(message, details);
}
