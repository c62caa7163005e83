/**
 * @aipbx/node-ari through what goes wrong with a real Asterisk: bad credentials, TLS without the
 * certificate, a frozen PBX, a PBX restart mid-call, and a thousand calls in a row.
 */
import { getActiveResourcesInfo } from 'node:process';
import { AuthenticationError, ConnectionError, onceEvent } from '@aipbx/core';
import { openRawAmi } from '@aipbx/testbed/support/ami-raw.js';
import { runSipp, type SippResult } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AriClient, type AriClientOptions, type Call } from '../../src/index.js';

const bed = inject('testbed');
const cleanups: (() => Promise<unknown> | unknown)[] = [];

function client(options: Partial<AriClientOptions> = {}): AriClient {
  const c = new AriClient({
    url: bed.ari.url,
    username: bed.ari.username,
    password: bed.ari.password,
    reconnect: { initialDelayMs: 100, maxDelayMs: 1000 },
    ...options,
  });
  cleanups.push(() => c.close());
  return c;
}

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const httpsUrl = () => `https://127.0.0.1:${bed.ports.https}`;

/**
 * Bounded waits sharing one budget below vitest's 60 s: each names its step, so a stall fails with
 * the step's name rather than with the test's bare timeout.
 */
function budget(totalMs: number) {
  const deadline = Date.now() + totalMs;
  return <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
    const left = Math.max(0, deadline - Date.now());
    return left < ms
      ? within(promise, left, `${what} (the test's ${totalMs / 1000} s budget ran out)`)
      : within(promise, ms, what);
  };
}

/** Rejects once sipp exits: a call of its that has not reached the app by then never will. */
function exited(sipp: Promise<SippResult>, who: string): Promise<never> {
  return sipp.then((r) => {
    throw new Error(
      `${who} exited (code ${r.code}) before its call reached the app: ${r.stderr.slice(-500)}`,
    );
  });
}

describe('credentials and TLS', () => {
  it('refuses a wrong password with AuthenticationError naming the user, never the password', async () => {
    const wrong = `wrong-${bed.ari.password}`;
    const c = client({ password: wrong, reconnect: false });
    const rest = await c.asterisk.getInfo().catch((error: unknown) => error);
    const app = c.app('aiPBXBot');
    const events = await app.start().catch((error: unknown) => error);
    for (const error of [rest, events]) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as Error).message).toContain(bed.ari.username);
      expect((error as Error).message).not.toContain(wrong);
      expect(JSON.stringify(error)).not.toContain(wrong);
    }
    expect(app.running).toBe(false);
  });

  it('talks to ARI over TLS, verifying the PBX certificate it was given', async () => {
    const c = client({ url: httpsUrl(), ca: bed.certPem });
    const info = await c.asterisk.getInfo();
    expect(info.system?.version).toMatch(/^22\./);
    const app = c.app('aiPBXBot');
    await app.start();
    expect(c.state).toBe('open');
  });

  it('refuses a PBX certificate it cannot verify, saying to pass `ca`', async () => {
    const c = client({ url: httpsUrl(), reconnect: false });
    const rest = await c.asterisk.getInfo().catch((error: unknown) => error);
    const events = await c
      .app('aiPBXBot')
      .start()
      .catch((error: unknown) => error);
    for (const error of [rest, events]) {
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).code).toBe('CONNECTION_FAILED');
      expect((error as Error).message).toContain('`ca`');
    }
  });
});

describe('faults', () => {
  it('catches a frozen Asterisk with the ping deadline, reconnects when it wakes, and resyncs', async () => {
    const c = client({ pingIntervalMs: 300, pingTimeoutMs: 500 });
    const app = c.app('aiPBXBot');
    await app.start();
    const lost = onceEvent(c, 'state', { timeoutMs: 10_000, filter: (state) => state === 'reconnecting' });
    process.kill(bed.pid, 'SIGSTOP');
    let frozen = true;
    cleanups.push(() => {
      if (frozen) process.kill(bed.pid, 'SIGCONT');
    });
    await lost;
    const resynced = onceEvent(app, 'resync', { timeoutMs: 30_000 });
    process.kill(bed.pid, 'SIGCONT');
    frozen = false;
    const [state] = await resynced;
    expect(state.ended).toEqual([]);
    expect(c.state).toBe('open');
  });

  it('survives an Asterisk restart mid-call: reconnects, registers again, ends the dead call, takes new calls', async () => {
    const step = budget(50_000);
    const c = client();
    const app = c.app('aiPBXBot');
    const calls: Call[] = [];
    let firstAnswered = () => {};
    const answered = new Promise<void>((resolve) => {
      firstAnswered = resolve;
    });
    app.onCall(async (call) => {
      calls.push(call);
      await call.answer();
      if (calls.length === 1) firstAnswered();
      else await call.hangup();
    });
    await step(app.start(), 10_000, 'the app to register');
    const arrived = onceEvent(app, 'call');
    // When the restart lands between Asterisk's 200 OK and sipp's ACK, Asterisk holds the BYE back
    // for the ACK and execs itself before sending it: this sipp then waits out its own timeout.
    // Its result is not what this test checks, so that wait must not hold the next steps up.
    const first = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      timeoutSec: 15,
    });
    const [started] = await step(
      Promise.race([arrived, exited(first, 'sipp (first call)')]),
      10_000,
      'the first call to reach the app',
    );
    await step(answered, 5_000, 'the first call to be answered');

    const ended = onceEvent(started, 'end');
    const dropped = onceEvent(c, 'state', { filter: (state) => state === 'reconnecting' });
    const resynced = onceEvent(app, 'resync');
    const ami = await openRawAmi(bed);
    ami.send({ Action: 'Command', Command: 'core restart now' });
    await step(ami.close(), 5_000, 'the AMI connection to close');
    // Asterisk hangs its calls up, waits up to 15 s for them to go, then execs itself.
    await step(dropped, 20_000, 'the events socket to drop as Asterisk restarts');
    // Booting takes seconds on a loaded machine; client() retries at least once a second.
    await step(resynced, 25_000, 'the events socket to reopen and the app to resync');
    // Ended by now: hung up before the restart, or ended by the resync before it reported.
    const [reason] = await step(ended, 1_000, 'the dead call to end');
    expect(['hangup', 'lost']).toContain(reason);
    expect(app.calls.size).toBe(0);

    // Registered again: a new call reaches the app.
    const next = onceEvent(app, 'call');
    const second = runSipp(bed, {
      scenario: 'call-assistant.xml',
      service: '100',
      keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
      timeoutSec: 15,
    });
    const [call] = await step(
      Promise.race([next, exited(second, 'sipp (second call)')]),
      15_000,
      'a new call to reach the app after the restart',
    );
    expect(call.assistantId).toBe('support-bot');
    const result = await step(second, 10_000, 'sipp (second call) to end its call');
    expect(result.code, result.stderr.slice(-500)).toBe(0);
    await step(first, 15_000, 'sipp (first call) to exit');
  });

  it('leaves no call objects, listeners or sockets behind after 1,000 short calls', async () => {
    const c = client();
    const app = c.app('aiPBXBot');
    let answered = 0;
    let ended = 0;
    app.onCall(async (call) => {
      call.on('dtmf', () => undefined);
      call.on('end', () => {
        ended += 1;
      });
      await call.answer();
      answered += 1;
      await call.hangup();
    });
    await app.start();
    const sockets = () => getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const baseline = {
      sockets: sockets(),
      appListeners: app.eventNames().length,
      client: c.eventNames().length,
    };

    const result = await within(
      runSipp(bed, {
        scenario: 'call-assistant.xml',
        service: '100',
        keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
        calls: 1000,
        rate: 50,
        timeoutSec: 240,
      }),
      250_000,
      '1,000 sipp calls',
    );
    expect(result.code, result.stderr.slice(-500)).toBe(0);
    expect(answered).toBe(1000);
    await within(
      (async () => {
        while (ended < 1000 || app.calls.size > 0) await onceEvent(app, 'callEnd', { timeoutMs: 10_000 });
      })(),
      30_000,
      'every call to end in the app',
    );
    expect(app.calls.size).toBe(0);
    expect(app.eventNames().length).toBe(baseline.appListeners);
    expect(c.eventNames().length).toBe(baseline.client);
    // Keep-alive REST sockets may stay open, up to the pool size (16).
    expect(sockets()).toBeLessThanOrEqual(baseline.sockets + 16);
  }, 300_000);
});
