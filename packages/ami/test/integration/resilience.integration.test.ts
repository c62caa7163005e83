import { ConnectionError, onceEvent } from '@aipbx/core';
import { ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AmiClient, type AmiClientOptions, CallMonitor } from '../../src/index.js';

const bed = inject('testbed');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({
    host: bed.ami.host,
    port: bed.ami.port,
    username: bed.ami.username,
    secret: bed.ami.secret,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

describe('AMI through PBX restarts and network faults (real Asterisk)', () => {
  it('detects a half-open connection with the ping watchdog, then reconnects when the PBX answers again', async () => {
    const ami = client({ pingIntervalMs: 300, pingTimeoutMs: 700 });
    await ami.connect();
    const lost = onceEvent(ami, 'disconnect', { timeoutMs: 10_000 });
    // Freeze Asterisk: its socket stays open (the kernel still ACKs) but nothing answers.
    process.kill(bed.pid, 'SIGSTOP');
    let frozen = true;
    cleanups.push(() => {
      if (frozen) process.kill(bed.pid, 'SIGCONT');
    });
    const [error] = await lost;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('CONNECTION_LOST');
    const back = onceEvent(ami, 'connect', { timeoutMs: 20_000, filter: (info) => info.reconnect });
    process.kill(bed.pid, 'SIGCONT');
    frozen = false;
    await back;
    expect(ami.state).toBe('connected');
    expect(await ami.ping()).toBeGreaterThanOrEqual(0);
  });

  it('survives an Asterisk restart mid-call: reconnects, logs in again, resyncs, keeps no phantom call', async () => {
    const ami = client();
    const monitor = new CallMonitor(ami);
    cleanups.push(() => monitor.stop());
    await ami.connect();
    await monitor.start();

    const app = await openStasisApp(bed);
    cleanups.push(() => app.close().catch(() => undefined));
    const started = onceEvent(monitor, 'call:start', {
      timeoutMs: 15_000,
      filter: (c) => c.caller.number === 'sipp',
    });
    const sipp = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      timeoutSec: 20,
    });
    const [call] = await started;
    const stasis = await app.events.next((e) => e.type === 'StasisStart', 10_000, 'StasisStart');
    await ari(bed, 'POST', `/channels/${stasis.channel!.id}/answer`);
    expect(monitor.calls.map((c) => c.id)).toEqual([call.id]);

    const resynced = onceEvent(monitor, 'resync', { timeoutMs: 60_000 });
    const reconnected = onceEvent(ami, 'connect', { timeoutMs: 60_000, filter: (info) => info.reconnect });
    const restarter = client({ reconnect: false });
    await restarter.connect();
    // The answer may never come: Asterisk goes down while answering.
    await restarter.command('core restart now').catch(() => undefined);

    await reconnected;
    const [summary] = await resynced;
    expect(summary.calls).toBe(0);
    expect(monitor.calls).toEqual([]);
    expect(monitor.history.map((c) => c.id)).toContain(call.id);
    const { events } = await ami.action({ Action: 'CoreShowChannels' });
    expect(events.filter((e) => e.name === 'CoreShowChannel')).toHaveLength(0);
    await sipp;
  });
});
