/**
 * A second Asterisk, configured with the generator's defaults where the main bed overrides them
 * (the plain HTTP bind) and with what the main bed cannot show: AMI listening on every IPv4 and
 * IPv6 address with users limited to one family, HTTPS on an IPv6 address, and small call limits
 * so they can be reached in a test.
 */
import { existsSync } from 'node:fs';
import { request } from 'node:https';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { startTestbed, type Testbed } from '@aipbx/testbed/bed.js';
import { ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import {
  openSipProbe,
  type SipProbe,
  type SipRequestSpec,
  webrtcOffer,
} from '@aipbx/testbed/support/sip-probe.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LIMITS = { widgetCalls: 2, callSeconds: 3, recordingsPerDay: 1 } as const;
const V4_ONLY = { username: 'v4only', secret: 'v4only-secret-9e1f', permit: ['10.0.0.5/32'] };
const V6_ONLY = { username: 'v6only', secret: 'v6only-secret-4c2a', permit: ['::1/128'] };

let bed: Testbed;

beforeAll(async () => {
  const offset = Number(process.env.AIPBX_TESTBED_PORT_OFFSET ?? 0) + 50;
  bed = await startTestbed({
    name: `bed-limits-${offset}`,
    portOffset: offset,
    log: (line) => process.stderr.write(`${line}\n`),
    configure: (input) => ({
      ...input,
      // The plain port at its default; HTTPS on IPv6 loopback (not every address, as by default).
      http: { ...input.http, bindAddress: undefined, tlsBindAddress: '::1' },
      ami: { ...input.ami!, bindAddress: '::', users: [...input.ami!.users, V4_ONLY, V6_ONLY] },
      limits: LIMITS,
    }),
  });
});

afterAll(async () => {
  await bed?.stop();
});

/** Logs in to AMI from `host` and resolves with Asterisk's answer: `Success` or `Error`. */
function amiLogin(host: string, user: { username: string; secret: string }): Promise<string> {
  return within(
    new Promise<string>((resolve, reject) => {
      const socket = netConnect({ host, port: bed.info.ports.ami });
      let text = '';
      socket.on('error', reject);
      socket.on('connect', () =>
        socket.write(
          `Action: Login\r\nActionID: 1\r\nUsername: ${user.username}\r\nSecret: ${user.secret}\r\n\r\n`,
        ),
      );
      socket.on('data', (chunk) => {
        text += chunk;
        const answer = /Response: (\w+)\r\nActionID: 1\r\n/.exec(text);
        if (answer) {
          socket.destroy();
          resolve(answer[1]!);
        }
      });
    }),
    5000,
    `an AMI login of ${user.username} from ${host}`,
  );
}

function connectRefused(host: string, port: number): Promise<string> {
  return within(
    new Promise<string>((resolve) => {
      const socket = netConnect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    }),
    5000,
    `a TCP connect to ${host}:${port}`,
  );
}

describe('binds', () => {
  it('keeps the plain HTTP port (ARI credentials, SIP over WS) on loopback by default', async () => {
    const { ports } = bed.info;
    expect(await connectRefused('127.0.0.1', ports.http)).toBe('connected');
    // 127.0.0.2 is loopback too: only a socket bound to 127.0.0.1 exactly refuses it.
    expect(await connectRefused('127.0.0.2', ports.http)).toBe('ECONNREFUSED');
  });

  it('serves HTTPS on an IPv6 address written as [addr]:port', async () => {
    const status = await within(
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '::1',
            port: bed.info.ports.https,
            path: '/ari/asterisk/ping',
            auth: `${bed.info.ari.username}:${bed.info.ari.password}`,
            rejectUnauthorized: false,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      }),
      5000,
      'ARI ping over HTTPS on [::1]',
    );
    expect(status).toBe(200);
  });

  it('serves AMI over TLS on every IPv6 address when bound to ::', async () => {
    const banner = await within(
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '::1', port: bed.info.ports.amiTls, rejectUnauthorized: false });
        socket.once('error', reject);
        socket.once('data', (chunk) => {
          socket.destroy();
          resolve(String(chunk));
        });
      }),
      5000,
      'the AMI TLS banner on [::1]',
    );
    expect(banner).toMatch(/^Asterisk Call Manager\//);
  });
});

describe('AMI deny rules cover IPv4 and IPv6', () => {
  it('refuses a user permitted from one IPv4 host when it logs in from IPv6 loopback', async () => {
    expect(await amiLogin('::1', V4_ONLY)).toBe('Error');
    expect(await amiLogin('127.0.0.1', V4_ONLY)).toBe('Error');
  });

  it('refuses a user permitted from 127.0.0.0/8 when it logs in over IPv6', async () => {
    const tests = { username: bed.info.ami.username, secret: bed.info.ami.secret };
    expect(await amiLogin('127.0.0.1', tests)).toBe('Success');
    expect(await amiLogin('::1', tests)).toBe('Error');
  });

  it('lets an IPv6-permitted user in from there, and only there', async () => {
    expect(await amiLogin('::1', V6_ONLY)).toBe('Success');
    expect(await amiLogin('127.0.0.1', V6_ONLY)).toBe('Error');
  });
});

describe('limits on a public endpoint', () => {
  let probe: SipProbe;
  let app: Awaited<ReturnType<typeof openStasisApp>>;
  const spec = (): SipRequestSpec => ({
    method: 'INVITE',
    uri: 'sip:widget-assistant@127.0.0.1',
    from: '<sip:web-visitor@example.com>',
    body: webrtcOffer(),
  });

  beforeAll(async () => {
    probe = await openSipProbe({ transport: 'ws', url: bed.info.wsUrl });
    app = await openStasisApp(bed.info);
  });

  afterAll(async () => {
    await Promise.all([probe?.close(), app?.close()]);
  });

  /** Places a widget call, answers it in Stasis, and returns it with its channel id. */
  async function answeredCall() {
    const s = spec();
    const starts = app.events.all().length;
    const pending = probe.request(s);
    const start = await app.events.next(
      (e) => e.type === 'StasisStart' && app.events.all().indexOf(e) >= starts,
      10_000,
      'StasisStart of a widget call',
    );
    await ari(bed.info, 'POST', `/channels/${start.channel!.id}/answer`);
    const answer = await pending;
    expect(answer.status).toBe(200);
    return { spec: s, answer, channelId: start.channel!.id };
  }

  it('refuses calls over the concurrency limit as busy, records one call a day, hangs up at the time limit', async () => {
    const first = await answeredCall();
    const second = await answeredCall();
    const startsBefore = app.events.all().filter((e) => e.type === 'StasisStart').length;

    const third = await probe.request(spec());
    expect(third.status).toBe(486);
    expect(app.events.all().filter((e) => e.type === 'StasisStart').length).toBe(startsBefore);

    // The first call of the day is recorded; the second is over the quota of one and is not.
    const recordings = join(bed.info.recordingsDir, 'widget-assistant');
    expect(existsSync(join(recordings, `${first.channelId}.wav`))).toBe(true);
    expect(existsSync(join(recordings, `${second.channelId}.wav`))).toBe(false);

    // Asterisk ends both calls itself at the time limit: BYEs arrive from the PBX.
    const callIds = [first, second].map((c) => c.answer.headers.get('call-id')?.[0] ?? '');
    for (const callId of callIds) {
      await probe.received.next(
        (text) => text.startsWith('BYE ') && text.includes(`Call-ID: ${callId}`),
        (LIMITS.callSeconds + 5) * 1000,
        `Asterisk's BYE for ${callId} after ${LIMITS.callSeconds} s`,
      );
    }
    await app.events.next(
      (e) => e.type === 'StasisEnd' && e.channel?.id === second.channelId,
      5000,
      'StasisEnd of the second call',
    );

    // With both gone the endpoint takes calls again.
    const again = await answeredCall();
    expect((await probe.bye(again.spec, again.answer)).status).toBe(200);
  });
});
