/**
 * What the benchmark does with its test bed beyond starting it: REST calls from the parent,
 * waiting for a quiet bed between runs, a wider RTP port range, and reading Asterisk's log.
 */
import { open, stat } from 'node:fs/promises';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { setRtpPorts } from '@aipbx/testbed/support/ari.js';

function authorization(info: TestbedInfo): string {
  return `Basic ${Buffer.from(`${info.ari.username}:${info.ari.password}`).toString('base64')}`;
}

/** One ARI request from the parent; the parsed body (undefined when empty). */
export async function ariRequest(info: TestbedInfo, method: string, path: string): Promise<unknown> {
  const res = await fetch(`${info.ari.url}/ari${path}`, {
    method,
    headers: { authorization: authorization(info) },
    signal: AbortSignal.timeout(5000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`ARI ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/** Whether Asterisk lists the Stasis app `app` (`GET /ari/applications`). */
export async function appListed(info: TestbedInfo, app: string): Promise<boolean> {
  const apps = (await ariRequest(info, 'GET', '/applications')) as { name: string }[];
  return apps.some((a) => a.name === app);
}

/** Channels Asterisk has right now. */
export async function channelIds(info: TestbedInfo): Promise<string[]> {
  const channels = (await ariRequest(info, 'GET', '/channels')) as { id: string }[];
  return channels.map((c) => c.id);
}

/** Polls `check` every `intervalMs` until it is true or `timeoutMs` passed; resolves to the last answer. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok || performance.now() >= deadline) return ok;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Gives the bed `count` RTP ports from `start` instead of the 100 every bed gets (enough for 50
 * calls: each call takes an RTP and an RTCP port), by rewriting the instance's `rtp.conf` and
 * reloading `res_rtp_asterisk`. The bed's own files in testbed/ are left as they are.
 */
export async function widenRtpPorts(info: TestbedInfo, start: number, count: number): Promise<void> {
  await setRtpPorts(info, start, start + count - 1);
}

/** Hangs up every channel still up (after a run that left some). Resolves to how many there were. */
export async function hangUpAll(info: TestbedInfo): Promise<number> {
  const ids = await channelIds(info);
  await Promise.all(ids.map((id) => ariRequest(info, 'DELETE', `/channels/${id}`).catch(() => undefined)));
  return ids.length;
}

/** Size of the bed's log now, to read what a run adds. */
export async function logSize(info: TestbedInfo): Promise<number> {
  return (await stat(info.logFile)).size;
}

/** What the bed's log gained since `offset`. */
export async function logSince(info: TestbedInfo, offset: number): Promise<string> {
  const file = await open(info.logFile, 'r');
  try {
    const { size } = await file.stat();
    if (size <= offset) return '';
    const buffer = Buffer.alloc(Math.min(size - offset, 16 * 1024 * 1024));
    await file.read(buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    await file.close();
  }
}

/**
 * Asterisk's warnings and errors in a piece of its console log, counted by message: timestamps,
 * thread and call ids dropped, numbers replaced by `#`, most frequent first, at most `limit`.
 */
export function logWarnings(text: string, limit = 5): { message: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^\[[^\]]*\]\s+(WARNING|ERROR)(?:\[[^\]]*\])*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const message = `${m[1]}: ${(m[2] ?? '').replace(/\d+/g, '#').trim()}`;
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return [...counts]
    .map(([message, count]) => ({ message, count }))
    .sort((a, b) => b.count - a.count || a.message.localeCompare(b.message))
    .slice(0, limit);
}
