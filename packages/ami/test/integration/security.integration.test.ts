/**
 * The AMI client and the call monitor attacked through the real Asterisk: bytes an outsider can make
 * Asterisk write into a field, values that Asterisk would split into more than one variable, and
 * click-to-call input that would be a dial string. Every client here logs in as the user the
 * generator makes by default.
 */
import { createLogger, type LogRecord, ValidationError } from '@aipbx/core';
import { ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import { openSipProbe, webrtcOffer } from '@aipbx/testbed/support/sip-probe.js';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { AmiClient, type AmiClientOptions, type AmiEvent, CallMonitor } from '../../src/index.js';

const bed = inject('testbed');
const clients: AmiClient[] = [];

function client(options: Partial<AmiClientOptions> = {}): AmiClient {
  const c = new AmiClient({
    host: bed.ami.host,
    port: bed.ami.port,
    username: bed.ami.monitor.username,
    secret: bed.ami.monitor.secret,
    reconnect: false,
    ...options,
  });
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Everything the client emitted as an event, from now on. */
function record(ami: AmiClient): AmiEvent[] {
  const events: AmiEvent[] = [];
  ami.on('event', (e) => events.push(e));
  return events;
}

const INJECTION = 'a\n\nEvent: Injected\nForged: yes\n';

describe('AmiClient reading what Asterisk really writes', () => {
  it('keeps bare line feeds inside a value instead of reading forged frames from them', async () => {
    const ami = client();
    const events = record(ami);
    await ami.connect();
    // Getvar evaluates the function and writes its result raw into `Value:`, bare LFs and all.
    const payload = Buffer.from(INJECTION).toString('base64');
    const { response } = await ami.action({ Action: 'Getvar', Variable: `BASE64_DECODE(${payload})` });
    expect(response.get('Value')).toBe(INJECTION);
    await ami.ping();
    expect(events.filter((e) => e.name === 'Injected' || e.get('Forged') !== undefined)).toEqual([]);
  });

  it('gets no forged event from an extension dialled through the public widget endpoint', async () => {
    const ami = client();
    const events = record(ami);
    await ami.connect();
    const widget = await openSipProbe({ transport: 'ws', url: bed.wsUrl });
    try {
      for (const user of [
        'a%0A%0AEvent%3A%20Injected%0AForged%3A%20yes%0A',
        'a%0D%0A%0D%0AEvent%3A%20Injected%0D%0AForged%3A%20yes%0D%0A',
      ]) {
        const answer = await widget.request({
          method: 'INVITE',
          uri: `sip:${user}@127.0.0.1`,
          from: '<sip:web-visitor@example.com>',
          body: webrtcOffer(),
        });
        expect(answer.status).toBe(404);
      }
    } finally {
      await widget.close();
    }
    await ami.ping();
    expect(events.filter((e) => e.name === 'Injected' || e.get('Forged') !== undefined)).toEqual([]);
    expect(events.filter((e) => e.name === 'Newchannel')).toEqual([]);
  });

  it('logs in with MD5 by default: Asterisk offers it, so no plain secret crosses the wire', async () => {
    const records: LogRecord[] = [];
    const ami = client({ logger: createLogger({ level: 'debug', sink: (r) => records.push(r) }) });
    await ami.connect();
    expect(ami.state).toBe('connected');
    expect(records.find((r) => r.message === 'logged in')?.fields).toMatchObject({ authType: 'md5' });
    expect(records.filter((r) => r.level === 'warn')).toEqual([]);
    expect(JSON.stringify(records)).not.toContain(bed.ami.monitor.secret);
  });
});

describe('originate', () => {
  it('keeps a comma inside a variable value: it never becomes a second variable', async () => {
    const ami = client();
    const app = await openStasisApp(bed);
    try {
      await ami.connect();
      const sneaky = 'hello,AIPBX_BOUND_ASSISTANT=attacker-picked,(x),[y],"q"\\';
      const done = ami.originate({
        Channel: 'Local/pizza-order@assistant-in',
        Application: 'Wait',
        Data: '1',
        Variable: { NOTE: sneaky },
      });
      const start = await app.events.next(
        (e) => e.type === 'StasisStart',
        10_000,
        'StasisStart of the Local channel',
      );
      expect(start.args).toEqual(['pizza-order']);
      const id = start.channel!.id;
      const note = (await ari(bed, 'GET', `/channels/${id}/variable?variable=NOTE`)) as { value: string };
      expect(note.value).toBe(sneaky);
      await ari(bed, 'DELETE', `/channels/${id}`);
      await done.catch(() => undefined);
    } finally {
      await app.close();
    }
  });

  it('refuses a lower-case action field that would turn Originate into another action', async () => {
    const ami = client();
    await ami.connect();
    await expect(
      ami.originate({
        Channel: 'Local/pizza-order@assistant-in',
        Application: 'Wait',
        Data: '1',
        action: 'Command',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    const channels = await ami.action({ Action: 'CoreShowChannels' });
    expect(channels.events.filter((e) => e.name === 'CoreShowChannel')).toEqual([]);
  });
});

describe('click-to-call', () => {
  it('refuses a dial string as from or to, before anything reaches the PBX', async () => {
    const ami = client();
    const events = record(ami);
    const monitor = new CallMonitor(ami);
    await ami.connect();
    await monitor.start();
    try {
      for (const request of [
        { from: 'sipp/sip:+4490012345@127.0.0.2:5999', to: '301' },
        { from: '301&PJSIP/302', to: '302' },
        { from: '301', to: '302@aipbx-operators' },
        { from: '301', to: 'PJSIP/sipp/sip:+4490012345@127.0.0.2' },
        { from: '301', to: '302,1,Dial(PJSIP/sipp)' },
      ]) {
        await expect(monitor.call(request), JSON.stringify(request)).rejects.toBeInstanceOf(ValidationError);
      }
      await ami.ping();
      expect(events.filter((e) => e.name === 'Newchannel' || e.name === 'OriginateResponse')).toEqual([]);
    } finally {
      monitor.stop();
    }
  });
});
