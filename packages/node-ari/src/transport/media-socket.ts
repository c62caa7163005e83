import WebSocket from 'ws';
import { basicAuthorization } from './ari-credentials.js';

/** How to reach Asterisk's HTTP server for a media WebSocket. */
export interface MediaSocketTarget {
  /** Asterisk's HTTP(S) base URL, without `/ari`. */
  url: string | URL;
  username: string;
  password: string;
  ca?: string | Buffer | readonly (string | Buffer)[];
  handshakeTimeoutMs: number;
}

/**
 * A WebSocket to chan_websocket's `/media/<connection id>` on Asterisk's HTTP server, with the ARI
 * user's credentials in the header (never the URL) and the same TLS trust as the REST calls.
 */
export function openMediaSocket(target: MediaSocketTarget, connectionId: string): WebSocket {
  const base = String(target.url).replace(/\/?$/, '/');
  const url = new URL(`media/${encodeURIComponent(connectionId)}`, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new WebSocket(url, {
    headers: { authorization: basicAuthorization(target.username, target.password) },
    ...(target.ca === undefined ? {} : { ca: target.ca as string | Buffer | (string | Buffer)[] }),
    handshakeTimeout: target.handshakeTimeoutMs,
    maxPayload: 1024 * 1024,
  });
}
