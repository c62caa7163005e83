/**
 * @aipbx/media against the bed's Asterisk 22 with nothing of node-ari or sip in between: a bare
 * Stasis app (raw ARI) bridges a sipp caller with an externalMedia RTP channel, and a CallMedia
 * over a plain RTP transport made of this package's pieces (bindInRange, encodeRtp, decodeRtp,
 * G.711) reads the caller's tone and sends its own paced, frame by frame.
 */
import { randomUUID } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TypedEmitter } from '@aipbx/core';
import { ari, openStasisApp } from '@aipbx/testbed/support/ari.js';
import { dominantFrequency, tone } from '@aipbx/testbed/support/audio.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterEach, expect, inject, it } from 'vitest';
import {
  bindInRange,
  CallMedia,
  decodeRtp,
  decodeUlaw,
  encodeRtp,
  encodeUlaw,
  MEDIA_FORMATS,
  type MediaTransport,
  type MediaTransportEvents,
} from '../../src/index.js';

const bed = inject('testbed');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The simplest RTP transport: µ-law (PT 0) both ways, to where Asterisk said it listens. */
class UlawRtp extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  readonly kind = 'rtp';
  readonly sentAt: number[] = [];
  #sequence = 0;
  #timestamp = 0;
  #remote: { address: string; port: number } | undefined;

  constructor(readonly socket: Socket) {
    super();
    socket.on('message', (data) => {
      const packet = decodeRtp(data);
      if (packet?.payloadType === 0) this.emit('audio', Buffer.from(packet.payload));
    });
  }

  connect(address: string, port: number): void {
    this.#remote = { address, port };
  }

  send(frame: Buffer): void {
    if (this.#remote === undefined) return;
    const packet = encodeRtp({
      payloadType: 0,
      sequence: this.#sequence++ & 0xffff,
      timestamp: this.#timestamp,
      ssrc: 0x1234,
      payload: frame,
    });
    this.#timestamp += frame.length;
    this.sentAt.push(performance.now());
    this.socket.send(packet, this.#remote.port, this.#remote.address);
  }

  flush(): void {}

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

it('reads the caller through Asterisk and sends paced 20 ms frames back', async () => {
  const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/media');
  await mkdir(dir, { recursive: true });
  const pcap = join(dir, 'media-tone-1000.pcap');
  await writeTonePcap(pcap, { freqHz: 1000, ms: 3000, codec: 'pcmu' });
  const base = await readFile(join(process.cwd(), 'testbed/sipp/call-assistant.xml'), 'utf8');
  const scenario = join(dir, 'media-call-tone.xml');
  await writeFile(
    scenario,
    base.replace(
      '  <recv request="BYE"/>',
      `  <nop><action><exec play_pcap_audio="${pcap}"/></action></nop>\n\n  <recv request="BYE"/>`,
    ),
  );

  const app = await openStasisApp(bed);
  cleanups.push(() => app.close());
  const caller = runSipp(bed, {
    scenario,
    service: '100',
    keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
  });
  const start = await app.events.next((e) => e.type === 'StasisStart', 15_000, 'the call to reach Stasis');
  const callId = start.channel?.id as string;
  await ari(bed, 'POST', `/channels/${callId}/answer`);

  const { port, socket } = await bindInRange({ host: '127.0.0.1', portMin: 44_000, portMax: 44_099 }, (p) => {
    const s = createSocket('udp4');
    return new Promise<{ port: number; socket: Socket }>((resolve, reject) => {
      s.once('error', reject);
      s.bind(p, '127.0.0.1', () => resolve({ port: p, socket: s }));
    });
  });
  const transport = new UlawRtp(socket);
  const mediaId = `media-test-${randomUUID()}`;
  const channel = (await ari(
    bed,
    'POST',
    `/channels/externalMedia?channelId=${mediaId}&app=${bed.ari.app}&external_host=127.0.0.1:${port}&format=ulaw&encapsulation=rtp&transport=udp`,
  )) as { channelvars: Record<string, string> };
  transport.connect(
    channel.channelvars.UNICASTRTP_LOCAL_ADDRESS as string,
    Number(channel.channelvars.UNICASTRTP_LOCAL_PORT),
  );
  const bridgeId = `media-test-bridge-${randomUUID()}`;
  await ari(bed, 'POST', `/bridges/${bridgeId}?type=mixing`);
  cleanups.push(() => ari(bed, 'DELETE', `/bridges/${bridgeId}`).catch(() => undefined));
  await ari(bed, 'POST', `/bridges/${bridgeId}/addChannel?channel=${callId},${mediaId}`);

  const media = new CallMedia({
    format: MEDIA_FORMATS.ulaw,
    transport,
    maxQueueMs: 2000,
    maxReadFrames: 250,
    sendSilence: false,
    teardown: async () => {
      await ari(bed, 'DELETE', `/channels/${mediaId}`).catch(() => undefined);
    },
  });
  cleanups.push(() => media.close());

  // Written at once; it must leave one frame per 20 ms, not in a burst.
  media.write(encodeUlaw(tone(440, 1000, 8000)));
  const frames: Buffer[] = [];
  await within(
    new Promise<void>((resolve) => {
      const onData = (frame: Buffer) => {
        frames.push(frame);
        if (frames.length < 75) return;
        media.off('data', onData);
        resolve();
      };
      media.on('data', onData);
    }),
    10_000,
    'the caller’s audio through Asterisk',
  );
  expect(frames.every((f) => f.length === 160)).toBe(true);
  expect(dominantFrequency(decodeUlaw(Buffer.concat(frames.slice(25))), 8000, [440, 1000])).toBe(1000);

  await within(
    new Promise<void>((resolve) => {
      const check = () => (transport.sentAt.length >= 50 ? resolve() : setTimeout(check, 20));
      check();
    }),
    5000,
    'the 1 s tone to be sent',
  );
  const span = (transport.sentAt[49] as number) - (transport.sentAt[0] as number);
  // 50 frames paced on a 20 ms clock: 49 intervals, within a frame a second of real time.
  expect(span).toBeGreaterThan(49 * 20 - 20);
  expect(span).toBeLessThan(49 * 20 + 40);

  await media.close();
  await ari(bed, 'DELETE', `/channels/${callId}`);
  expect((await within(caller, 15_000, 'sipp to finish')).code).toBe(0);
});
