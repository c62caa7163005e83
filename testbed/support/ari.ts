import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import type { TestbedInfo } from '../bed.js';
import { Inbox, within } from './wait.js';

/** An ARI event as Asterisk sends it. */
export interface AriEvent {
  type: string;
  application: string;
  args?: string[];
  channel?: { id: string; name: string; state: string; dialplan?: { exten: string; context: string } };
  [key: string]: unknown;
}

function authorization(info: TestbedInfo): string {
  return `Basic ${Buffer.from(`${info.ari.username}:${info.ari.password}`).toString('base64')}`;
}

/** Calls an ARI REST resource; throws with the status and body on failure. */
export async function ari(info: TestbedInfo, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${info.ari.url}/ari${path}`, {
    method,
    headers: { authorization: authorization(info) },
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`ARI ${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * A bare Stasis application: a WebSocket on `/ari/events` (credentials in the header, never the URL)
 * whose events land in an inbox. Enough to prove calls reach Stasis before @aipbx/node-ari exists.
 */
export async function openStasisApp(info: TestbedInfo, app = info.ari.app) {
  const url = `${info.ari.url.replace(/^http/, 'ws')}/ari/events?app=${encodeURIComponent(app)}`;
  const socket = new WebSocket(url, { headers: { authorization: authorization(info) } });
  const events = new Inbox<AriEvent>();
  socket.on('message', (data) => events.push(JSON.parse(String(data)) as AriEvent));
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    }),
    5000,
    `the ARI events WebSocket for app ${app}`,
  );
  return {
    events,
    close: () =>
      within(
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) resolve();
          socket.once('close', () => resolve());
          socket.close();
        }),
        5000,
        'the ARI events WebSocket to close',
      ),
  };
}

/**
 * Gives the bed's Asterisk the RTP ports `start`–`end` (rtp.conf, then a reload of
 * res_rtp_asterisk): calls set up from then on use them. Load runs need more than the bed's 100.
 */
export async function setRtpPorts(info: TestbedInfo, start: number, end: number): Promise<void> {
  const etc = join(dirname(dirname(info.logFile)), 'etc');
  await writeFile(join(etc, 'rtp.conf'), `[general]\nrtpstart = ${start}\nrtpend = ${end}\n`, {
    mode: 0o600,
  });
  await ari(info, 'PUT', '/asterisk/modules/res_rtp_asterisk.so');
}
