/**
 * A tiny Stasis application for recording load: every call that enters it is answered, put into a
 * mixing bridge, hung up, and the bridge destroyed — so the AMI stream carries the Stasis, bridge
 * and answered-call events a production PBX produces, not only the apology path's.
 */

import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import WebSocket from 'ws';

/** A running answerer. */
export interface StasisAnswerer {
  /** Calls handled completely so far. */
  handled(): number;
  /** ARI requests that failed so far (the first few messages are kept). */
  failures(): { count: number; samples: string[] };
  /** Closes the events WebSocket; Asterisk then treats the app as not connected (apology path). */
  close(): Promise<void>;
}

interface StasisStartEvent {
  type: 'StasisStart';
  channel: { id: string };
}

/**
 * Registers the bed's Stasis app (`info.ari.app`) over the ARI events WebSocket and handles every
 * call. Credentials go in the `Authorization` header, never in the URL.
 */
export async function startStasisAnswerer(info: TestbedInfo, timeoutMs = 10_000): Promise<StasisAnswerer> {
  const authorization = `Basic ${Buffer.from(`${info.ari.username}:${info.ari.password}`).toString('base64')}`;
  const ari = async (method: string, path: string): Promise<unknown> => {
    const res = await fetch(`${info.ari.url}/ari${path}`, {
      method,
      headers: { authorization },
      signal: AbortSignal.timeout(5000),
    });
    const text = await res.text();
    if (!res.ok)
      throw new Error(`ARI ${method} ${path.replace(/\/[0-9a-f.-]{8,}/g, '/…')} answered ${res.status}`);
    return text === '' ? undefined : JSON.parse(text);
  };
  let handled = 0;
  let failed = 0;
  const samples: string[] = [];
  const fail = (error: unknown) => {
    failed++;
    if (samples.length < 3) samples.push(error instanceof Error ? error.message : String(error));
  };
  const handle = async (channelId: string): Promise<void> => {
    await ari('POST', `/channels/${channelId}/answer`);
    const bridge = (await ari('POST', '/bridges?type=mixing')) as { id: string };
    try {
      await ari('POST', `/bridges/${bridge.id}/addChannel?channel=${encodeURIComponent(channelId)}`);
      await ari('DELETE', `/channels/${channelId}`);
    } finally {
      await ari('DELETE', `/bridges/${bridge.id}`);
    }
    handled++;
  };

  const url = `${info.ari.url.replace(/^http/, 'ws')}/ari/events?app=${encodeURIComponent(info.ari.app)}`;
  const socket = new WebSocket(url, { headers: { authorization } });
  socket.on('message', (data) => {
    const event = JSON.parse(String(data)) as { type: string };
    if (event.type !== 'StasisStart') return;
    const channelId = (event as StasisStartEvent).channel.id;
    handle(channelId).catch((error: unknown) => {
      fail(error);
      // Never leave a call up: sipp would wait for its BYE until the run's timeout.
      ari('DELETE', `/channels/${channelId}`).catch(() => {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`The ARI events WebSocket for ${info.ari.app} did not open within ${timeoutMs} ms.`));
    }, timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`The ARI events WebSocket for ${info.ari.app} failed: ${error.message}`));
    });
  });
  return {
    handled: () => handled,
    failures: () => ({ count: failed, samples: [...samples] }),
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        const timer = setTimeout(() => socket.terminate(), 5000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.close();
      }),
  };
}
