/**
 * The media bridge against the bed's Asterisk 22, over each transport (chan_websocket in server
 * mode, AudioSocket, RTP): a sipp caller's tone reaches the app with its frequency; the app's
 * 440 Hz tone reaches the call (MixMonitor's recording) continuous and in real time; flush() cuts
 * it within 40 ms; every call's media channel, bridge and port are released.
 */
import { once } from 'node:events';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dominantFrequency, readWav, rms, tone, toneRuns } from '@aipbx/testbed/support/audio.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import { runSipp } from '@aipbx/testbed/support/sipp.js';
import { within } from '@aipbx/testbed/support/wait.js';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { AriClient, type Call, type CallMedia, type CallMediaOptions } from '../../src/index.js';

const bed = inject('testbed');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
let client: AriClient;
let toneScenario: string;
const WORK = join(process.cwd(), 'node_modules/.cache/aipbx-test/media');

/**
 * A scenario like call-assistant.xml whose caller plays a 1 kHz tone for 10 s after the ACK. A test
 * reads 2 s of it once the media is set up and hangs up; the rest is margin for a slow set-up on a
 * loaded machine (with 3 s, a set-up over 1 s left the reader waiting for frames that never came).
 */
async function writeToneScenario(): Promise<string> {
  await mkdir(WORK, { recursive: true });
  const pcap = join(WORK, 'tone-1000-pcmu.pcap');
  await writeTonePcap(pcap, { freqHz: 1000, ms: 10_000, codec: 'pcmu' });
  const base = await readFile(join(process.cwd(), 'testbed/sipp/call-assistant.xml'), 'utf8');
  const play = `  <nop><action><exec play_pcap_audio="${pcap}"/></action></nop>\n\n  <recv request="BYE"/>`;
  const scenario = join(WORK, 'call-tone.xml');
  await writeFile(scenario, base.replace('  <recv request="BYE"/>', play));
  return scenario;
}

beforeAll(async () => {
  toneScenario = await writeToneScenario();
  client = new AriClient({ url: bed.ari.url, username: bed.ari.username, password: bed.ari.password });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await client?.close();
});

/** One sipp call into a fresh app; `handler` gets the answered call and its media. */
async function withMedia<T>(
  options: CallMediaOptions,
  scenario: string,
  handler: (call: Call, media: CallMedia) => Promise<T>,
): Promise<{ result: T; call: Call }> {
  const app = client.app(bed.ari.app);
  cleanups.push(() => app.stop());
  let call!: Call;
  const result = new Promise<T>((resolve, reject) => {
    app.onCall(async (incoming) => {
      call = incoming;
      try {
        await incoming.answer();
        const media = await incoming.media(options);
        resolve(await handler(incoming, media));
      } catch (error) {
        reject(error);
      }
    });
  });
  await app.start();
  const sipp = runSipp(bed, {
    scenario,
    service: '100',
    keys: { header_name: 'X-Assistant-Id', assistant: 'support-bot' },
  });
  const value = await within(result, 30_000, 'the media handler to finish');
  const done = await within(sipp, 30_000, 'sipp to finish');
  expect(done.code, `sipp: ${done.stderr}`).toBe(0);
  return { result: value, call };
}

/** The caller's side of the call as MixMonitor recorded it (8 kHz), once the file is complete. */
async function recording(call: Call): Promise<{ samples: Int16Array; sampleRate: number }> {
  const file = join(bed.recordingsDir, 'support-bot', `${call.id}.wav`);
  let size = -1;
  // MixMonitor closes the file as the channel goes; wait until it exists and stops growing.
  await within(
    (async () => {
      for (;;) {
        const now = existsSync(file) ? statSync(file).size : -1;
        if (now > 44 && now === size) return;
        size = now;
        await new Promise((r) => setTimeout(r, 100));
      }
    })(),
    10_000,
    `the recording ${file}`,
  );
  const wav = readWav(await readFile(file));
  return { samples: wav.samples, sampleRate: wav.sampleRate };
}

function pcm(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

function samplesOf(frames: Buffer[]): Int16Array {
  const all = Buffer.concat(frames);
  return new Int16Array(all.buffer, all.byteOffset, all.byteLength / 2);
}

const LISTEN = { host: '127.0.0.1', portMin: 41000, portMax: 41001 };
const TRANSPORTS: { name: string; options: CallMediaOptions; rate: number }[] = [
  {
    name: 'WebSocket (chan_websocket, server mode), slin16',
    options: { transport: 'websocket' },
    rate: 16_000,
  },
  { name: 'AudioSocket, slin16', options: { transport: 'audiosocket', listen: LISTEN }, rate: 16_000 },
  { name: 'RTP, slin', options: { transport: 'rtp', listen: LISTEN, format: 'slin' }, rate: 8000 },
];

describe.each(TRANSPORTS)('call.media() over $name', ({ options, rate }) => {
  const frameBytes = (rate / 50) * 2;
  it("reads the caller's audio in whole 20 ms frames: the 1 kHz tone sipp plays, at its frequency", async () => {
    const { result } = await withMedia(options, toneScenario, async (call, media) => {
      expect(media).toMatchObject({ sampleRate: rate, frameMs: 20, frameBytes });
      const frames: Buffer[] = [];
      for await (const frame of media) {
        frames.push(frame as Buffer);
        if (frames.length === 100) break;
      }
      await call.hangup();
      return frames;
    });
    expect(result.every((f) => f.length === frameBytes)).toBe(true);
    const samples = samplesOf(result.slice(25)); // past the first half second
    expect(dominantFrequency(samples, rate, [440, 1000, 2000])).toBe(1000);
    expect(rms(samples)).toBeGreaterThan(1000);
  });

  it('plays what the app writes to the caller: 2 s of 440 Hz, continuous and in real time', async () => {
    const { call, result } = await withMedia(options, 'call-assistant.xml', async (call, media) => {
      const started = performance.now();
      const finished = within(once(media, 'finish'), 10_000, 'the written tone to go out');
      // Written at once, in odd-sized chunks: the bridge paces it.
      const audio = pcm(tone(440, 2000, rate));
      for (let at = 0; at < audio.length; at += 7777) media.write(audio.subarray(at, at + 7777));
      media.end();
      await finished;
      const took = performance.now() - started;
      await call.hangup();
      return { took, sent: media.stats.framesOut };
    });
    expect(result.sent).toBe(100);
    // 100 frames of 20 ms took 2 s of wall clock: paced, not burst (the last one leaves at 1.98 s).
    expect(result.took).toBeGreaterThan(1900);
    expect(result.took).toBeLessThan(2200);
    const { samples, sampleRate } = await recording(call);
    const runs = toneRuns(samples, sampleRate, 440);
    expect(runs, 'one continuous run of 440 Hz').toHaveLength(1);
    const [start, end] = runs[0]!;
    // Within one frame per second of real time.
    expect(Math.abs(end - start - 2000)).toBeLessThanOrEqual(60);
  });

  it('flush() cuts the queued tone: the caller hears it stop within 40 ms', async () => {
    const { call, result } = await withMedia(options, 'call-assistant.xml', async (call, media) => {
      media.write(pcm(tone(440, 5000, rate)));
      // Flush once a second of it has gone out.
      await within(
        new Promise<void>((resolve) => {
          const check = setInterval(() => {
            if (media.stats.framesOut >= 50) {
              clearInterval(check);
              resolve();
            }
          }, 5);
        }),
        5000,
        'a second of tone to go out',
      );
      const flushed = media.flush();
      const sentAtFlush = media.stats.framesOut;
      const after = media.stats.framesOut;
      await new Promise((r) => setTimeout(r, 500));
      const later = media.stats.framesOut;
      await call.hangup();
      return { flushed, sentAtFlush, after, later };
    });
    expect(result.flushed).toBeGreaterThan(frameBytes * 100);
    expect(result.later, 'nothing sent after the flush').toBe(result.after);
    const { samples, sampleRate } = await recording(call);
    const runs = toneRuns(samples, sampleRate, 440);
    expect(runs).toHaveLength(1);
    const [start, end] = runs[0]!;
    // What had gone out (the WebSocket transport keeps 80 ms queued ahead in Asterisk, which the
    // flush drops too) and no more than one frame and a window after it.
    expect(end - start).toBeLessThanOrEqual(result.sentAtFlush * 20 + 40);
    expect(end - start).toBeGreaterThanOrEqual(result.sentAtFlush * 20 - 120);
  });

  it('releases the media channel, its bridge and its port with every call (8 calls in a row)', async () => {
    const before = await client.channels.list();
    for (let i = 0; i < 8; i++) {
      await withMedia(options, 'call-assistant.xml', async (call, media) => {
        media.write(pcm(tone(440, 100, rate)));
        const ended = within(once(media, 'hangup'), 10_000, 'the media to see the hangup');
        await call.hangup();
        await ended;
        return media.close();
      });
      for (const c of cleanups.splice(0).reverse()) await c();
    }
    // The port range holds two ports: eight calls in a row only work if each freed its own.
    // Asterisk answers a hang-up request before it has destroyed the channel: give the last one a
    // moment (bounded) to go.
    let channels = await client.channels.list();
    let bridges = await client.bridges.list();
    const left = () =>
      channels.some((c) => c.id.startsWith('aipbx-media-')) ||
      bridges.some((b) => b.id.startsWith('aipbx-media-bridge-'));
    for (const deadline = Date.now() + 5000; left() && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [channels, bridges] = await Promise.all([client.channels.list(), client.bridges.list()]);
    }
    expect(channels.filter((c) => c.id.startsWith('aipbx-media-'))).toEqual([]);
    expect(bridges.filter((b) => b.id.startsWith('aipbx-media-bridge-'))).toEqual([]);
    expect(channels.length).toBe(before.length);
  });
});
