import { createSocket, type Socket } from 'node:dgram';
import { ConnectionError, type EventArgs, onceEvent, ValidationError } from '@aipbx/core';
import {
  decodeRtp,
  decodeTelephoneEvent,
  encodeRtp,
  encodeTelephoneEvent,
  linearToUlaw,
  type RtpPacket,
  ulawToLinear,
} from '@aipbx/media';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeRtcp } from './rtcp.js';
import {
  RtpSession,
  type RtpSessionConfig,
  type RtpSessionEvents,
  type RtpSessionOptions,
} from './rtp-session.js';

const HOST = '127.0.0.1';
const WAIT_MS = 2000;

const sessions: RtpSession[] = [];
const sockets: Socket[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(sockets.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

async function open(options: Partial<RtpSessionOptions> = {}): Promise<RtpSession> {
  const session = await RtpSession.open({ host: HOST, portMin: 46_400, portMax: 46_499, ...options });
  sessions.push(session);
  return session;
}

function config(remotePort: number, extra: Partial<RtpSessionConfig> = {}): RtpSessionConfig {
  return {
    remoteAddress: HOST,
    remotePort,
    payloadType: 0,
    encoding: 'PCMU',
    telephoneEventPayloadType: 101,
    direction: 'sendrecv',
    ...extra,
  };
}

/** Two sessions sending to each other. */
async function pair(options: Partial<RtpSessionOptions> = {}): Promise<[RtpSession, RtpSession]> {
  const a = await open(options);
  const b = await open(options);
  a.configure(config(b.rtpPort));
  b.configure(config(a.rtpPort));
  return [a, b];
}

function next<K extends keyof RtpSessionEvents>(
  session: RtpSession,
  event: K,
  filter?: (...args: EventArgs<RtpSessionEvents, K>) => boolean,
) {
  return onceEvent(session, event, { timeoutMs: WAIT_MS, ...(filter ? { filter } : {}) });
}

/** Resolves with the next `count` audio packets' samples. */
function audio(session: RtpSession, count: number): Promise<Int16Array[]> {
  const got: Int16Array[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      session.off('audio', listener);
      reject(new Error(`expected ${count} audio packets within ${WAIT_MS} ms, got ${got.length}`));
    }, WAIT_MS);
    const listener = (samples: Int16Array): void => {
      got.push(samples);
      if (got.length < count) return;
      clearTimeout(timer);
      session.off('audio', listener);
      resolve(got);
    };
    session.on('audio', listener);
  });
}

/** A plain UDP socket on 127.0.0.1 standing in for a peer. */
async function raw(): Promise<Socket> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, HOST, () => resolve()));
  return socket;
}

function portOf(socket: Socket): number {
  return socket.address().port;
}

/** The next `count` RTP packets the socket receives. */
function packets(socket: Socket, count: number): Promise<RtpPacket[]> {
  const got: RtpPacket[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', listener);
      reject(new Error(`expected ${count} RTP packets within ${WAIT_MS} ms, got ${got.length}`));
    }, WAIT_MS);
    const listener = (data: Buffer): void => {
      const packet = decodeRtp(data);
      if (packet === undefined) return;
      got.push(packet);
      if (got.length < count) return;
      clearTimeout(timer);
      socket.off('message', listener);
      resolve(got);
    };
    socket.on('message', listener);
  });
}

function send(socket: Socket, port: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(data, port, HOST, (error) => (error ? reject(error) : resolve())),
  );
}

/** A µ-law packet whose every byte is `code`, so its decoded samples identify it. */
function ulawPacket(
  sequence: number,
  init: { code?: number; ssrc?: number; timestamp?: number } = {},
): Buffer {
  return encodeRtp({
    payloadType: 0,
    sequence,
    timestamp: init.timestamp ?? sequence * 160,
    ssrc: init.ssrc ?? 0x1234,
    payload: new Uint8Array(160).fill(init.code ?? 0x10 + (sequence % 64)),
  });
}

const frame = (value: number): Int16Array => new Int16Array(160).fill(value);
const g711 = (value: number): number => ulawToLinear(linearToUlaw(value));

describe('RtpSession.open', () => {
  it('binds an even port of the range for RTP and the next one for RTCP', async () => {
    const session = await open({ portMin: 46_501, portMax: 46_510, advertise: '198.51.100.7' });
    expect(session.rtpPort % 2).toBe(0);
    expect(session.rtpPort).toBeGreaterThanOrEqual(46_502);
    expect(session.rtpPort).toBeLessThanOrEqual(46_508);
    expect(session.rtcpPort).toBe(session.rtpPort + 1);
    expect(session.localAddress).toBe('198.51.100.7');
    // Both ports are really taken.
    for (const port of [session.rtpPort, session.rtcpPort]) {
      const probe = createSocket('udp4');
      const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
        probe.once('error', resolve);
        probe.bind(port, HOST);
      });
      expect(error.code).toBe('EADDRINUSE');
      probe.close();
    }
    expect((await open()).localAddress).toBe(HOST);
  });

  it('skips a pair whose RTCP port is taken, and fails clearly when every pair is', async () => {
    const blocker = await new Promise<Socket>((resolve) => {
      const socket = createSocket('udp4');
      sockets.push(socket);
      socket.bind(46_511, HOST, () => resolve(socket));
    });
    for (let i = 0; i < 10; i++) {
      const session = await open({ portMin: 46_510, portMax: 46_513 });
      expect(session.rtpPort).toBe(46_512);
      await session.close();
    }
    const held = await open({ portMin: 46_510, portMax: 46_513 });
    const error = await open({ portMin: 46_510, portMax: 46_513 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_FAILED', address: `${HOST}:46510-46513` });
    expect((error as Error).message).toMatch(
      /Every RTP port pair .*46510 to 46513.*widen the RTP port range/,
    );
    await held.close();
    expect(blocker.address().port).toBe(46_511);
  });

  it('refuses a range without an even port followed by an odd one', async () => {
    await expect(open({ portMin: 46_521, portMax: 46_522 })).rejects.toBeInstanceOf(ValidationError);
    await expect(open({ portMin: 0, portMax: 46_522 })).rejects.toThrow(/portMin/);
  });

  it('gives the ports back on close: 200 opens and closes in a 4-port range', async () => {
    for (let i = 0; i < 200; i++) {
      const session = await RtpSession.open({ host: HOST, portMin: 46_530, portMax: 46_533 });
      await session.close();
    }
    // Both pairs are free at the end.
    const a = await open({ portMin: 46_530, portMax: 46_533 });
    const b = await open({ portMin: 46_530, portMax: 46_533 });
    expect([a.rtpPort, b.rtpPort].sort()).toEqual([46_530, 46_532]);
  });

  it('close() is idempotent and emits close once', async () => {
    const session = await open();
    let closes = 0;
    session.on('close', () => closes++);
    const first = session.close();
    expect(session.close()).toBe(first);
    await first;
    await session.close();
    expect(closes).toBe(1);
    expect(session.closed).toBe(true);
    session.configure(config(46_498));
    session.sendFrame(frame(1000));
    expect(session.stats.packetsSent).toBe(0);
  });
});

describe('RtpSession media', () => {
  it('sends audio both ways in the negotiated codec, in order', async () => {
    const [a, b] = await pair();
    const atB = audio(b, 3);
    for (const v of [1000, -2000, 3000]) a.sendFrame(frame(v));
    expect((await atB).map((s) => [s.length, s[0]])).toEqual([
      [160, g711(1000)],
      [160, g711(-2000)],
      [160, g711(3000)],
    ]);
    const atA = audio(a, 1);
    b.sendFrame(frame(500));
    expect((await atA)[0]![0]).toBe(g711(500));
    expect(a.stats).toMatchObject({ packetsSent: 3, packetsReceived: 1, packetsLost: 0, packetsLate: 0 });
    expect(b.stats.packetsReceived).toBe(3);
    expect(b.stats.lastReceivedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(Number.isFinite(b.stats.jitterMs)).toBe(true);
  });

  it('writes RTP headers: PCMA type 8, sequence +1, timestamp +160, marker on the first packet only', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer), { payloadType: 8, encoding: 'PCMA' }));
    const got = packets(peer, 3);
    for (let i = 0; i < 3; i++) session.sendFrame(frame(100 * i));
    const [p1, p2, p3] = await got;
    expect([p1!.marker, p2!.marker, p3!.marker]).toEqual([true, false, false]);
    expect([p1!.payloadType, p1!.ssrc, p1!.payload.length]).toEqual([8, session.ssrc, 160]);
    expect((p2!.sequence - p1!.sequence + 65_536) % 65_536).toBe(1);
    expect((p3!.sequence - p2!.sequence + 65_536) % 65_536).toBe(1);
    expect((p2!.timestamp - p1!.timestamp) >>> 0).toBe(160);
    expect((p3!.timestamp - p2!.timestamp) >>> 0).toBe(160);
  });

  it('marks the first packet after a silence gap and moves the timestamp on by the time that passed', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer)));
    vi.useFakeTimers({ toFake: ['performance'] });
    const got = packets(peer, 3);
    session.sendFrame(frame(1));
    session.sendFrame(frame(2));
    vi.advanceTimersByTime(1000);
    session.sendFrame(frame(3));
    const [, p2, p3] = await got;
    expect(p3!.marker).toBe(true);
    expect((p3!.timestamp - p2!.timestamp) >>> 0).toBe(8000);
  });

  it('sends nothing while recvonly or inactive, and marks the first packet when sending resumes', async () => {
    const peer = await raw();
    const session = await open();
    const got = packets(peer, 2);
    session.configure(config(portOf(peer), { direction: 'recvonly' }));
    session.sendFrame(frame(1));
    session.configure(config(portOf(peer), { direction: 'inactive' }));
    session.sendFrame(frame(2));
    session.configure(config(portOf(peer), { direction: 'sendonly' }));
    session.sendFrame(frame(3));
    session.sendFrame(frame(4));
    const [first, second] = await got;
    expect(decodeRtp(encodeRtp({ ...first!, payload: first!.payload }))?.payload[0]).toBe(linearToUlaw(3));
    expect(first!.marker).toBe(true);
    expect(second!.payload[0]).toBe(linearToUlaw(4));
    expect(session.stats.packetsSent).toBe(2);
  });

  it('does not pass on audio while sendonly or inactive (it is counted)', async () => {
    const [a, b] = await pair();
    b.configure(config(a.rtpPort, { direction: 'sendonly' }));
    const heard: number[] = [];
    b.on('audio', (s) => heard.push(s[0]!));
    a.sendFrame(frame(1000));
    await vi.waitFor(() => expect(b.stats.packetsReceived).toBe(1), { timeout: WAIT_MS, interval: 5 });
    b.configure(config(a.rtpPort, { direction: 'sendrecv' }));
    const next2 = audio(b, 1);
    a.sendFrame(frame(2000));
    await next2;
    expect(heard).toEqual([g711(2000)]);
  });

  it('reorders packets, counts the lost, the late and the duplicated', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer)));
    const port = session.rtpPort;
    const got = audio(session, 8);
    // 1 3 2 → 1 2 3; 4 then 6 7 8 9 → 5 lost after 3 held; 3 again is late; 9 again is late.
    for (const sequence of [1, 3, 2, 4, 6, 7, 8, 3, 9, 9, 10]) await send(peer, port, ulawPacket(sequence));
    const order = (await got).map((s) => s[0]);
    expect(order).toEqual([1, 2, 3, 4, 6, 7, 8, 9].map((n) => ulawToLinear(0x10 + n)));
    await vi.waitFor(() => expect(session.stats.packetsReceived).toBe(11), { timeout: WAIT_MS, interval: 5 });
    expect(session.stats).toMatchObject({ packetsLost: 1, packetsLate: 2 });
  });

  it('starts over on a new SSRC without counting a loss', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer)));
    const got = audio(session, 4);
    await send(peer, session.rtpPort, ulawPacket(100, { ssrc: 1 }));
    await send(peer, session.rtpPort, ulawPacket(101, { ssrc: 1 }));
    await send(peer, session.rtpPort, ulawPacket(7, { ssrc: 2 }));
    await send(peer, session.rtpPort, ulawPacket(8, { ssrc: 2 }));
    expect((await got).map((s) => s[0])).toEqual([100, 101, 7, 8].map((n) => ulawToLinear(0x10 + (n % 64))));
    expect(session.stats.packetsLost).toBe(0);
  });

  it('neither sends nor hears anything before configure()', async () => {
    const session = await open();
    session.sendFrame(frame(1));
    expect(session.stats.packetsSent).toBe(0);
    expect(session.remote).toBeUndefined();
    expect(session.direction).toBe('inactive');
  });

  it('refuses a configuration out of range', async () => {
    const session = await open();
    expect(() => session.configure(config(70_000, { payloadType: 72 }))).toThrow(ValidationError);
    expect(() => session.configure(config(4000, { payloadType: 72 }))).toThrow(/payloadType/);
  });
});

describe('RtpSession symmetric RTP', () => {
  it('latches the peer and ignores packets from another port afterwards', async () => {
    const [a, b] = await pair();
    const stranger = await raw();
    const first = audio(a, 1);
    b.sendFrame(frame(100));
    await first;
    expect(a.remote).toEqual({ address: HOST, port: b.rtpPort });
    const heard: number[] = [];
    a.on('audio', (s) => heard.push(s[0]!));
    await send(stranger, a.rtpPort, ulawPacket(5000, { code: 0x40 }));
    const second = audio(a, 1);
    b.sendFrame(frame(200));
    await second;
    expect(heard).toEqual([g711(200)]);
    expect(a.remote).toEqual({ address: HOST, port: b.rtpPort });
  });

  it('during the grace period ignores a source other than the negotiated one', async () => {
    const [a, b] = await pair({ latchGraceMs: 60_000 });
    const stranger = await raw();
    const heard: number[] = [];
    a.on('audio', (s) => heard.push(s[0]!));
    await send(stranger, a.rtpPort, ulawPacket(1, { code: 0x40 }));
    const got = audio(a, 1);
    b.sendFrame(frame(300));
    await got;
    expect(heard).toEqual([g711(300)]);
    expect(a.remote?.port).toBe(b.rtpPort);
  });

  it('behind NAT: sends back to where packets come from, not to the negotiated port', async () => {
    const advertised = await raw(); // what the SDP said; nothing comes from there
    const a = await open({ latchGraceMs: 0 });
    const b = await open();
    a.configure(config(portOf(advertised)));
    b.configure(config(a.rtpPort));
    const atA = audio(a, 1);
    b.sendFrame(frame(100));
    await atA;
    expect(a.remote).toEqual({ address: HOST, port: b.rtpPort });
    const atB = audio(b, 1);
    a.sendFrame(frame(700));
    expect((await atB)[0]![0]).toBe(g711(700));
  });

  it('learns the peer again when a re-INVITE moves it', async () => {
    const [a, b] = await pair();
    const first = audio(a, 1);
    b.sendFrame(frame(100));
    await first;
    const moved = await raw();
    a.configure(config(portOf(moved), { direction: 'sendrecv' }));
    expect(a.remote).toEqual({ address: HOST, port: portOf(moved) });
    const got = packets(moved, 1);
    a.sendFrame(frame(5));
    expect((await got)[0]!.payload[0]).toBe(linearToUlaw(5));
    // And packets from the new place are heard.
    const heard = audio(a, 1);
    await send(moved, a.rtpPort, ulawPacket(9000, { code: 0x22, ssrc: 77 }));
    expect((await heard)[0]![0]).toBe(ulawToLinear(0x22));
  });
});

describe('RtpSession DTMF (RFC 4733)', () => {
  it('sends a key as telephone-events and the peer reports it once, with its duration', async () => {
    const [a, b] = await pair();
    const keys: [string, number][] = [];
    b.on('dtmf', (digit, ms) => keys.push([digit, ms]));
    const reported = next(b, 'dtmf');
    const sent = a.sendDtmf('5', 100);
    a.sendFrame(frame(1)); // held back while the key plays
    expect(await sent).toBe(true);
    expect(await reported).toEqual(['5', 100]);
    // Start, 4 updates, 3 end packets.
    expect(a.stats.packetsSent).toBe(8);
    // Audio after the key arrives after all of its end packets.
    const after = audio(b, 1);
    a.sendFrame(frame(2));
    await after;
    expect(keys).toEqual([['5', 100]]);
    expect(b.stats).toMatchObject({ packetsReceived: 9, packetsLost: 0, packetsLate: 0 });
  });

  it('plays keys one after another, in the sequence space of the audio', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer), { telephoneEventPayloadType: 96 }));
    const got = packets(peer, 1 + 5 + 5 + 1);
    session.sendFrame(frame(1));
    const keys = Promise.all([session.sendDtmf('#', 40), session.sendDtmf('a', 40)]);
    expect(await keys).toEqual([true, true]);
    session.sendFrame(frame(2));
    const all = await got;
    for (let i = 1; i < all.length; i++)
      expect((all[i]!.sequence - all[i - 1]!.sequence + 65_536) % 65_536).toBe(1);
    const events = all
      .slice(1, 11)
      .map((p) => ({ ...decodeTelephoneEvent(p.payload)!, ts: p.timestamp, m: p.marker }));
    expect(all.slice(1, 11).every((p) => p.payloadType === 96)).toBe(true);
    expect(events.map((e) => `${e.digit}${e.end ? 'E' : ''}${e.duration}${e.m ? 'M' : ''}`)).toEqual([
      '#160M',
      '#320',
      '#E320',
      '#E320',
      '#E320',
      'A160M',
      'A320',
      'AE320',
      'AE320',
      'AE320',
    ]);
    expect(new Set(events.slice(0, 5).map((e) => e.ts)).size).toBe(1);
    expect((events[5]!.ts - events[0]!.ts) >>> 0).toBe(5 * 160);
    // Audio resumes after the keys' time, as a new talkspurt.
    expect(all[11]!.marker).toBe(true);
    expect((all[11]!.timestamp - events[5]!.ts) >>> 0).toBe(5 * 160);
  });

  it('reports each event once however many end packets come, and ignores non-DTMF events', async () => {
    const peer = await raw();
    const session = await open();
    session.configure(config(portOf(peer)));
    const keys: [string, number][] = [];
    session.on('dtmf', (digit, ms) => keys.push([digit, ms]));
    const event = (sequence: number, timestamp: number, digit: string, end: boolean, duration: number) =>
      encodeRtp({
        payloadType: 101,
        sequence,
        timestamp,
        ssrc: 9,
        payload: encodeTelephoneEvent({ digit, end, duration }),
      });
    const flash = encodeRtp({
      payloadType: 101,
      sequence: 7,
      timestamp: 5000,
      ssrc: 9,
      payload: Uint8Array.of(16, 0x80, 0, 160),
    });
    const sequenceOfPackets = [
      event(1, 1000, '1', false, 160),
      event(2, 1000, '1', true, 800),
      event(3, 1000, '1', true, 800),
      event(4, 1000, '1', true, 800),
      event(5, 3000, '*', true, 640),
      event(6, 3000, '*', true, 640),
      flash,
    ];
    for (const packet of sequenceOfPackets) await send(peer, session.rtpPort, packet);
    const sentinel = audio(session, 1);
    await send(peer, session.rtpPort, ulawPacket(8, { ssrc: 9, timestamp: 6000 }));
    await sentinel;
    expect(keys).toEqual([
      ['1', 100],
      ['*', 80],
    ]);
  });

  it('does not send without a negotiated telephone-event, and refuses a non-key', async () => {
    const [a] = await pair();
    a.configure(config(46_499, { telephoneEventPayloadType: undefined }));
    expect(await a.sendDtmf('1')).toBe(false);
    await expect(a.sendDtmf('X')).rejects.toBeInstanceOf(ValidationError);
    await expect(a.sendDtmf('12')).rejects.toThrow(/0-9, \*, #, A-D/);
    await expect(a.sendDtmf('1', Number.NaN)).rejects.toThrow(/durationMs: must be from 1 to 8000 ms/);
    await expect(a.sendDtmf('1', 9000)).rejects.toBeInstanceOf(ValidationError);
    const idle = await open();
    expect(await idle.sendDtmf('1')).toBe(false);
  });
});

describe('RtpSession RTCP', () => {
  it('sends SR + SDES while sending and reads the peer’s reports on our stream', async () => {
    const [a, b] = await pair({ rtcpIntervalMs: 20 });
    const srAtB = next(b, 'rtcp', (packets) => packets.some((p) => p.type === 'sr' && p.ssrc === a.ssrc));
    const answered = next(a, 'rtcp', (packets) =>
      packets.some(
        (p) => p.type !== 'bye' && p.reports.some((r) => r.ssrc === a.ssrc && r.lastSenderReport !== 0),
      ),
    );
    const heard = audio(b, 3);
    for (let i = 0; i < 3; i++) a.sendFrame(frame(i));
    await heard;
    const [sr] = await srAtB;
    expect(sr.find((p) => p.type === 'sr')).toMatchObject({
      type: 'sr',
      ssrc: a.ssrc,
      packetCount: 3,
      octetCount: 480,
    });
    await answered;
    const remote = a.stats.remote!;
    expect(remote).toMatchObject({ fractionLost: 0, cumulativeLost: 0 });
    expect(remote.roundTripMs).toBeGreaterThanOrEqual(0);
    expect(remote.roundTripMs).toBeLessThan(1000);
  });

  it('sends RTCP from port + 1 to the peer’s port + 1; an RR with no report while it only listens', async () => {
    const peerRtcp = await raw();
    const session = await open({ rtcpIntervalMs: 10 });
    session.configure(config(portOf(peerRtcp) - 1, { direction: 'recvonly' }));
    const [data, from] = await new Promise<[Buffer, { port: number }]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no RTCP within 2 s')), WAIT_MS);
      peerRtcp.once('message', (msg, info) => {
        clearTimeout(timer);
        resolve([msg, info]);
      });
    });
    expect(from.port).toBe(session.rtcpPort);
    expect(decodeRtcp(data)).toEqual([{ type: 'rr', ssrc: session.ssrc, reports: [] }]);
  });
});
