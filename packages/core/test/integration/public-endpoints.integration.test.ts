/**
 * The generated configuration attacked the way an outsider would: a small SIP client on the
 * widget's public WebSocket endpoint and on the trunk's address sends odd bytes in the dialled
 * extension, other SIP methods and a spoofed `From:`, while two AMI sessions watch what Asterisk
 * lets through: the tests' own user (every class) and a user with the generator's default classes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openRawAmi, type RawFrame } from '@aipbx/testbed/support/ami-raw.js';
import { type AriEvent, ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import {
  openSipProbe,
  plainOffer,
  type SipProbe,
  type SipRequestSpec,
  webrtcOffer,
} from '@aipbx/testbed/support/sip-probe.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const bed = inject('testbed');

type RawAmi = Awaited<ReturnType<typeof openRawAmi>>;

let admin: RawAmi;
let monitor: RawAmi;
let widget: SipProbe;
let trunk: SipProbe;
let outsider: SipProbe;
let markers = 0;

const WIDGET_FROM = '"Visitor" <sip:web-visitor@example.com>';

beforeAll(async () => {
  admin = await openRawAmi(bed);
  monitor = await openRawAmi(bed, bed.ami.monitor);
  widget = await openSipProbe({ transport: 'ws', url: bed.wsUrl });
  trunk = await openSipProbe({
    transport: 'udp',
    host: bed.sip.host,
    port: bed.sip.port,
    localAddress: bed.sip.sippSourceIp,
  });
  outsider = await openSipProbe({ transport: 'udp', host: bed.sip.host, port: bed.sip.port });
});

afterAll(async () => {
  await Promise.all([widget?.close(), trunk?.close(), outsider?.close(), admin?.close(), monitor?.close()]);
});

/**
 * Resolves once everything Asterisk queued for the AMI sessions before this call has been read: a
 * UserEvent round trip on the tests' session, then a Ping on the monitor's (AMI hands a session its
 * queued events before it answers an action).
 */
async function amiBarrier(): Promise<void> {
  const name = `aipbx-barrier-${++markers}`;
  admin.send({ Action: 'UserEvent', UserEvent: name });
  await admin.frames.next((f) => f.UserEvent === name, 5000, `the UserEvent ${name}`);
  const ping = monitor.send({ Action: 'Ping' });
  await monitor.frames.next((f) => f.ActionID === ping, 5000, 'the monitor session Ping');
}

/** Frames since `since` that no Asterisk module sends: what an injected line break would have made. */
function forged(frames: readonly RawFrame[], since = 0): RawFrame[] {
  return frames.slice(since).filter((f) => /Injected/.test(f.Event ?? '') || 'Forged' in f);
}

function newChannels(frames: readonly RawFrame[], since: number): RawFrame[] {
  return frames.slice(since).filter((f) => f.Event === 'Newchannel');
}

/**
 * INVITEs `user` (percent-escapes and all) through `probe` and checks the call is refused with 404
 * before any channel exists, and that neither AMI session got a forged frame.
 */
async function refusedBeforeAChannel(
  probe: SipProbe,
  spec: Pick<SipRequestSpec, 'from' | 'body'>,
  user: string,
): Promise<void> {
  const before = admin.frames.all().length;
  const answer = await probe.request({ method: 'INVITE', uri: `sip:${user}@127.0.0.1`, ...spec });
  expect(answer.status).toBe(404);
  await amiBarrier();
  expect(newChannels(admin.frames.all(), before)).toEqual([]);
  expect(forged(admin.frames.all(), before)).toEqual([]);
  expect(forged(monitor.frames.all())).toEqual([]);
}

const HOSTILE_EXTENSIONS: Record<string, string> = {
  'CRLF and AMI headers': 'a%0D%0A%0D%0AEvent%3A%20Injected%0D%0AForged%3A%20yes%0D%0A',
  'bare LF and AMI headers': 'a%0A%0AEvent%3A%20Injected%0AForged%3A%20yes%0A',
  'a path that climbs': '..%2F..%2F..%2Fetc%2Fpasswd',
  'a comma (a second application argument)': 'widget-assistant,evil',
  'a semicolon': 'widget-assistant%3Bevil',
  'a slash (a dial string)': 'PJSIP%2F201',
  'a NUL byte': 'widget%00assistant',
  'a Cyrillic letter': 'widget-%D0%B6',
  'a dialplan pattern': '_X.',
  'a reserved single letter': 'h',
  'a known name with a suffix': 'widget-assistant-x',
  '300 characters': 'a'.repeat(300),
};

describe('the widget endpoint (public, over WebSocket)', () => {
  it.each(Object.entries(HOSTILE_EXTENSIONS))(
    'refuses a dialled extension with %s before a channel exists',
    (_what, user) => refusedBeforeAChannel(widget, { from: WIDGET_FROM, body: webrtcOffer() }, user),
  );

  it('reaches only its own assistant, whatever it dials and whatever header it sends', async () => {
    const app = await openStasisApp(bed);
    try {
      for (const dialled of ['widget-assistant', 'pizza-order', '+74951234567']) {
        const spec: SipRequestSpec = {
          method: 'INVITE',
          uri: `sip:${dialled}@127.0.0.1`,
          from: WIDGET_FROM,
          headers: ['X-Assistant-Id: pizza-order'],
          body: webrtcOffer(),
        };
        const answer = widget.request(spec);
        const start = await app.events.next(
          (e) => e.type === 'StasisStart' && e.channel?.dialplan?.exten === dialled,
          10_000,
          `StasisStart for the widget's call to ${dialled}`,
        );
        expect(start.args).toEqual(['widget-assistant']);
        // The visitor's From: never becomes the caller id: the widget's own is fixed.
        const channel = (await ari(bed, 'GET', `/channels/${start.channel!.id}`)) as {
          caller: { name: string; number: string };
        };
        expect(channel.caller).toEqual({ name: 'Test widget', number: 'widgettest' });
        await ari(bed, 'POST', `/channels/${start.channel!.id}/answer`);
        const ok = await answer;
        expect(ok.status).toBe(200);
        expect((await widget.bye(spec, ok)).status).toBe(200);
      }
    } finally {
      await app.close();
    }
  });

  it('refuses SIP MESSAGE: no dialplan runs, no assistant is picked by the sender, no folder is made', async () => {
    const app = await openStasisApp(bed);
    try {
      const evil = `msg-evil-${Date.now()}`;
      for (const target of [evil, 'widget-assistant']) {
        const answer = await widget.request({
          method: 'MESSAGE',
          uri: `sip:${target}@127.0.0.1`,
          from: WIDGET_FROM,
          headers: [`X-Assistant-Id: ${evil}`],
          body: 'hello',
          contentType: 'text/plain',
        });
        expect(answer.status, `MESSAGE to ${target}`).toBe(404);
      }
      // A real call after them is the first thing the app sees: no Message/ channel came before it.
      const spec: SipRequestSpec = {
        method: 'INVITE',
        uri: 'sip:widget-assistant@127.0.0.1',
        from: WIDGET_FROM,
        body: webrtcOffer(),
      };
      const answer = widget.request(spec);
      const first = await app.events.next((e) => e.type === 'StasisStart', 10_000, 'StasisStart');
      expect(first.channel?.name).toMatch(/^PJSIP\/web-visitor-/);
      expect(app.events.all().filter((e: AriEvent) => e.channel?.name.startsWith('Message/'))).toEqual([]);
      await ari(bed, 'DELETE', `/channels/${first.channel!.id}`);
      expect((await answer).status).toBeGreaterThanOrEqual(400);
      expect(existsSync(join(bed.recordingsDir, evil))).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('refuses SUBSCRIBE, PUBLISH, NOTIFY and out-of-dialog REFER', async () => {
    const cases: [string, string[]][] = [
      ['SUBSCRIBE', ['Event: presence', 'Expires: 60', 'Accept: application/pidf+xml']],
      ['SUBSCRIBE', ['Event: message-summary', 'Expires: 60']],
      ['PUBLISH', ['Event: presence', 'Expires: 60']],
      ['NOTIFY', ['Event: message-summary', 'Subscription-State: active']],
      ['REFER', ['Refer-To: <sip:201@127.0.0.1>']],
    ];
    for (const [method, headers] of cases) {
      const answer = await widget.request({
        method,
        uri: 'sip:widget-assistant@127.0.0.1',
        from: WIDGET_FROM,
        headers,
      });
      expect(answer.status, `${method} ${headers[0]}`).toBeGreaterThanOrEqual(400);
    }
  });

  it('refuses a transfer (REFER) inside its call', async () => {
    const app = await openStasisApp(bed);
    try {
      const spec: SipRequestSpec = {
        method: 'INVITE',
        uri: 'sip:widget-assistant@127.0.0.1',
        from: WIDGET_FROM,
        body: webrtcOffer(),
      };
      const pending = widget.request(spec);
      const start = await app.events.next((e) => e.type === 'StasisStart', 10_000, 'StasisStart');
      await ari(bed, 'POST', `/channels/${start.channel!.id}/answer`);
      const answer = await pending;
      const refer = await widget.inDialog('REFER', spec, answer, {
        headers: ['Refer-To: <sip:201@127.0.0.1>'],
      });
      expect(refer.status).toBeGreaterThanOrEqual(400);
      expect((await widget.bye(spec, answer)).status).toBe(200);
      await app.events.next((e) => e.type === 'StasisEnd', 10_000, 'StasisEnd');
      expect(app.events.all().some((e) => e.type === 'ChannelTransfer')).toBe(false);
    } finally {
      await app.close();
    }
  });
});

describe('the trunk (identified by source address)', () => {
  it.each(Object.entries(HOSTILE_EXTENSIONS))(
    'refuses a dialled extension with %s from its own address',
    (_what, user) =>
      refusedBeforeAChannel(
        trunk,
        { from: '<sip:provider@127.0.0.2>', body: plainOffer(bed.sip.sippSourceIp) },
        user,
      ),
  );

  it('reaches an assistant under its written name when the dialled one has extra "-" (Asterisk ignores them)', async () => {
    const app = await openStasisApp(bed);
    try {
      for (const [dialled, exten] of [
        ['-pizza--order-', 'pizza-order'],
        ['pizzaorder', 'pizza-order'],
        ['+7-495-123-45-67', '+74951234567'],
      ] as const) {
        const spec: SipRequestSpec = {
          method: 'INVITE',
          uri: `sip:${dialled}@127.0.0.1`,
          from: '<sip:provider@127.0.0.2>',
          body: plainOffer(bed.sip.sippSourceIp),
        };
        const seen = app.events.all().length;
        const pending = trunk.request(spec);
        const start = await app.events.next(
          (e) =>
            e.type === 'StasisStart' &&
            e.channel?.dialplan?.exten === exten &&
            app.events.all().indexOf(e) >= seen,
          10_000,
          `StasisStart for ${dialled} as ${exten}`,
        );
        expect(start.args).toEqual([exten.replace('+', '')]);
        await ari(bed, 'DELETE', `/channels/${start.channel!.id}`);
        expect((await pending).status).toBeGreaterThanOrEqual(400);
      }
    } finally {
      await app.close();
    }
  });

  it('is not taken for a caller elsewhere that names it in From:', async () => {
    const app = await openStasisApp(bed);
    try {
      for (const from of ['<sip:sipp@127.0.0.2>', '"sipp" <sip:sipp@127.0.0.1>']) {
        const before = admin.frames.all().length;
        const answer = await outsider.request({
          method: 'INVITE',
          uri: 'sip:pizza-order@127.0.0.1',
          from,
          body: plainOffer(),
        });
        expect([401, 403], `INVITE from 127.0.0.1 with From ${from}`).toContain(answer.status);
        await amiBarrier();
        expect(newChannels(admin.frames.all(), before)).toEqual([]);
      }
      expect(app.events.all().filter((e) => e.type === 'StasisStart')).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('refuses SIP MESSAGE from its own address', async () => {
    const answer = await trunk.request({
      method: 'MESSAGE',
      uri: 'sip:pizza-order@127.0.0.1',
      from: '<sip:provider@127.0.0.2>',
      body: 'hello',
      contentType: 'text/plain',
    });
    expect(answer.status).toBe(404);
  });
});

describe('AMI users with the default classes', () => {
  it('never receive the security events that carry an unauthenticated caller’s bytes', async () => {
    const before = admin.frames.all().length;
    const answer = await outsider.request({
      method: 'INVITE',
      uri: 'sip:pizza-order@127.0.0.1',
      from: '<sip:x%0D%0A%0D%0AEvent%3A%20InjectedBySecurityEvent%0D%0AForged%3A%20yes%0D%0A@127.0.0.1>',
      body: plainOffer(),
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    // Asterisk itself copies the From: user unescaped into the InvalidAccountID security event: a
    // session reading `security` (here the tests' own, with every class) gets a forged frame.
    await admin.frames.next(
      (f) => f.Event === 'InjectedBySecurityEvent',
      5000,
      'the forged frame on the all-classes session (the attack is live)',
    );
    expect(admin.frames.all().length).toBeGreaterThan(before);
    await amiBarrier();
    expect(monitor.frames.all().filter((f) => f.Event === 'InvalidAccountID')).toEqual([]);
    expect(forged(monitor.frames.all())).toEqual([]);
  });

  it('cannot run CLI commands, shell commands or read the configuration', async () => {
    const attempts: Record<string, string>[] = [
      { Action: 'Command', Command: 'core show version' },
      {
        Action: 'Originate',
        Channel: 'Local/pizza-order@assistant-in',
        Application: 'System',
        Data: 'touch /tmp/aipbx-pwned',
      },
      { Action: 'GetConfig', Filename: 'manager.conf' },
      { Action: 'UpdateConfig', SrcFilename: 'manager.conf', DstFilename: 'manager.conf' },
      { Action: 'ModuleLoad', Module: 'app_system.so', LoadType: 'load' },
    ];
    for (const fields of attempts) {
      const id = monitor.send(fields);
      const res = await monitor.frames.next((f) => f.ActionID === id, 5000, `the answer to ${fields.Action}`);
      expect(res.Response, `${fields.Action}: ${res.Message}`).toBe('Error');
      expect(res.Message).toMatch(/Permission denied|Forbidden/i);
    }
  });
});
