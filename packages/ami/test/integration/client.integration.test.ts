import { AuthenticationError, ConnectionError, onceEvent } from '@aipbx/core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AmiClient, type AmiClientOptions } from '../../src/index.js';

const bed = inject('testbed');
const clients: AmiClient[] = [];

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({
    host: bed.ami.host,
    port: bed.ami.port,
    username: bed.ami.username,
    secret: bed.ami.secret,
    reconnect: false,
    ...options,
  });
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe('AmiClient against Asterisk 22', () => {
  it('logs in with a plain secret and reads the banner version', async () => {
    const ami = client({ authType: 'plain' });
    await ami.connect();
    expect(ami.state).toBe('connected');
    expect(ami.version).toBe('11.0.0');
    expect(await ami.ping()).toBeGreaterThanOrEqual(0);
  });

  it('logs in with an MD5 challenge', async () => {
    const ami = client({ authType: 'md5' });
    await ami.connect();
    const { response } = await ami.action({ Action: 'CoreStatus' });
    expect(response.get('Response')).toBe('Success');
  });

  it('logs in over TLS on 5039, verifying the certificate', async () => {
    const ami = client({ port: bed.ami.tlsPort, tls: { ca: bed.certPem, servername: 'localhost' } });
    await ami.connect();
    expect(ami.state).toBe('connected');
  });

  it('refuses a certificate it cannot verify', async () => {
    const ami = client({ port: bed.ami.tlsPort, tls: true });
    const error = await ami.connect().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(String((error as Error).message)).not.toContain(bed.ami.secret);
  });

  it('rejects a wrong password with an error naming the user, never the secret', async () => {
    for (const authType of ['plain', 'md5'] as const) {
      const wrong = `wrong-${bed.ami.secret}`;
      const ami = client({ secret: wrong, authType });
      const error = await ami.connect().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error, authType).toBeInstanceOf(AuthenticationError);
      const message = (error as Error).message;
      expect(message).toContain(bed.ami.username);
      expect(message).not.toContain(wrong);
      expect(ami.state).toBe('closed');
    }
  });

  it('runs a CLI command and returns its output lines', async () => {
    const ami = client();
    await ami.connect();
    const lines = await ami.command('core show version');
    expect(lines.join('\n')).toMatch(/^Asterisk 22\./m);
  });

  it('resolves an event list with every item and the closing event', async () => {
    const ami = client();
    await ami.connect();
    const { response, events, complete } = await ami.action({ Action: 'PJSIPShowEndpoints' });
    expect(response.get('EventList')).toBe('start');
    expect(complete?.name).toBe('EndpointListComplete');
    expect(Number(complete?.get('ListItems'))).toBe(events.length);
    expect(events.map((e) => e.get('ObjectName')).sort()).toEqual([
      '201',
      '202',
      '301',
      '302',
      'sipp',
      'support-bot',
      'web-visitor',
    ]);
  });

  it('rejects an action Asterisk refuses with its message', async () => {
    const ami = client();
    await ami.connect();
    await expect(ami.action({ Action: 'NoSuchActionAtAll' })).rejects.toMatchObject({ code: 'REMOTE' });
  });

  it('loses nothing and keeps order when its consumer is slow (the socket pauses instead)', async () => {
    const ami = client({ highWaterMark: 64 });
    const sender = client({ events: 'off' });
    await Promise.all([ami.connect(), sender.connect()]);
    const total = 3000;
    const paused = onceEvent(ami, 'backpressure', { filter: (p) => p === true, timeoutMs: 30_000 });
    const received: number[] = [];
    const consume = (async () => {
      for await (const event of ami.events()) {
        if (event.name !== 'UserEvent' || event.get('UserEvent') !== 'aipbx-flood') continue;
        received.push(Number(event.get('Seq')));
        // A slow consumer: every event waits for a macrotask.
        await new Promise((resolve) => setImmediate(resolve));
        if (received.length === total) break;
      }
    })();
    const batch = 100;
    for (let i = 0; i < total; i += batch) {
      await Promise.all(
        Array.from({ length: batch }, (_, k) =>
          sender.action({ Action: 'UserEvent', UserEvent: 'aipbx-flood', Seq: i + k }),
        ),
      );
    }
    await paused;
    await consume;
    expect(received).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});
