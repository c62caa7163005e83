import { once } from 'node:events';
import { TypedEmitter } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { CallMedia } from './call-media.js';
import { FakeClock } from './fake-clock.test-helper.js';
import { MEDIA_FORMATS } from './media-format.js';
import type { MediaTransport, MediaTransportEvents } from './media-transport.js';

class FakeTransport extends TypedEmitter<MediaTransportEvents> implements MediaTransport {
  kind: MediaTransport['kind'] = 'rtp';
  readonly sent: { at: number; frame: Buffer }[] = [];
  flushes = 0;
  closes = 0;
  constructor(private readonly clock: FakeClock) {
    super();
  }
  send(frame: Buffer): void {
    this.sent.push({ at: this.clock.now(), frame });
  }
  flush(): void {
    this.flushes++;
  }
  async close(): Promise<void> {
    this.closes++;
  }
}

const slin = MEDIA_FORMATS.slin; // 320-byte frames

function setup(options: { maxQueueMs?: number; maxReadFrames?: number; kind?: MediaTransport['kind'] } = {}) {
  const clock = new FakeClock();
  const transport = new FakeTransport(clock);
  if (options.kind !== undefined) transport.kind = options.kind;
  let teardowns = 0;
  const media = new CallMedia({
    format: slin,
    transport,
    maxQueueMs: options.maxQueueMs ?? 200,
    maxReadFrames: options.maxReadFrames ?? 5,
    sendSilence: false,
    teardown: async () => {
      teardowns++;
    },
    clock,
  });
  return { clock, transport, media, teardowns: () => teardowns };
}

describe('CallMedia', () => {
  it('reads the caller in whole frames, in order, however the transport chunks them', async () => {
    const { transport, media } = setup({ maxReadFrames: 100 });
    const bytes = Buffer.alloc(320 * 3 + 100);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    transport.emit('audio', bytes.subarray(0, 500));
    transport.emit('audio', bytes.subarray(500, 700));
    transport.emit('audio', bytes.subarray(700));
    void media.close('hangup');
    const frames: Buffer[] = [];
    for await (const frame of media) frames.push(frame as Buffer);
    expect(frames.map((f) => f.length)).toEqual([320, 320, 320]);
    expect(Buffer.concat(frames).equals(bytes.subarray(0, 960))).toBe(true);
    expect(media.stats.framesIn).toBe(3);
  });

  it('drops frames arriving while more than maxReadFrames wait unread, and counts them', () => {
    const { transport, media } = setup({ maxReadFrames: 5 });
    for (let i = 0; i < 8; i++) transport.emit('audio', Buffer.alloc(320, i));
    expect(media.readableLength).toBe(5);
    expect(media.stats).toMatchObject({ framesIn: 5, framesInDropped: 3 });
  });

  it('writes any chunk size and sends 20 ms frames on the clock, not in a burst', () => {
    const { clock, transport, media } = setup({ maxQueueMs: 10_000 });
    media.write(Buffer.alloc(1000, 1));
    media.write(Buffer.alloc(600, 2));
    expect(transport.sent).toHaveLength(1);
    clock.advance(60);
    expect(transport.sent.map((s) => s.at)).toEqual([0, 20, 40, 60]);
    expect(transport.sent.every((s) => s.frame.length === 320)).toBe(true);
    expect(media.stats.framesOut).toBe(4);
    expect(media.queuedMs).toBe(20); // 1600 bytes = 5 frames; 4 sent, 1 queued
  });

  it('over the WebSocket transport keeps 80 ms queued in Asterisk ahead of real time, then one frame per 20 ms', () => {
    const { clock, transport, media } = setup({ maxQueueMs: 10_000, kind: 'websocket' });
    media.write(Buffer.alloc(320 * 10));
    expect(transport.sent.map((s) => s.at)).toEqual([0, 0, 0, 0, 0]);
    clock.advance(40);
    expect(transport.sent.map((s) => s.at)).toEqual([0, 0, 0, 0, 0, 20, 40]);
  });

  it('holds write() back past maxQueueMs (returns false) and emits drain once the queue shortens', async () => {
    const { clock, media } = setup({ maxQueueMs: 200 }); // 10 frames
    const ok = media.write(Buffer.alloc(320 * 30));
    expect(ok).toBe(false);
    const drained = once(media, 'drain');
    clock.advance(20 * 30);
    await drained;
    expect(media.stats.framesOut).toBeGreaterThanOrEqual(26);
  });

  it('flush() drops what is queued — buffered writes too — asks Asterisk to flush, and later writes play', () => {
    const { clock, transport, media } = setup({ maxQueueMs: 200 });
    media.write(Buffer.alloc(320 * 30, 1)); // over the bound: held
    media.write(Buffer.alloc(320 * 5, 2)); // buffered in the stream
    clock.advance(40);
    const before = transport.sent.length;
    media.flush();
    expect(transport.flushes).toBe(1);
    expect(media.queuedMs).toBe(0);
    media.write(Buffer.alloc(320, 3));
    clock.advance(200);
    const after = transport.sent.slice(before).map((s) => s.frame[0]);
    expect(after).toEqual([3]);
    expect(media.stats.bytesFlushed).toBeGreaterThan(320 * 30);
  });

  it('end() sends the rest, the last partial frame padded with silence, then finishes', async () => {
    const { clock, transport, media } = setup();
    media.end(Buffer.alloc(320 + 10, 5));
    const finished = once(media, 'finish');
    clock.advance(100);
    await finished;
    expect(transport.sent).toHaveLength(2);
    expect([...transport.sent[1]!.frame.subarray(8, 12)]).toEqual([5, 5, 0, 0]);
  });

  it('close() ends reading, stops sending, tears down once and closes the transport', async () => {
    const { clock, transport, media, teardowns } = setup();
    media.write(Buffer.alloc(320 * 5));
    const hangup = once(media, 'hangup');
    await media.close('hangup');
    await hangup;
    await media.close('closed');
    expect(teardowns()).toBe(1);
    expect(transport.closes).toBe(1);
    expect(media.endReason).toBe('hangup');
    const sent = transport.sent.length;
    clock.advance(200);
    media.write(Buffer.alloc(320));
    expect(transport.sent.length).toBe(sent);
    const frames: unknown[] = [];
    for await (const f of media) frames.push(f);
    expect(frames).toEqual([]);
  });

  it('a transport that closes ends the media with reason transport', async () => {
    const { transport, media, teardowns } = setup();
    transport.emit('close', new Error('socket lost'));
    await media.close();
    expect(media.endReason).toBe('transport');
    expect(media.endError?.message).toBe('socket lost');
    expect(teardowns()).toBe(1);
  });

  it('destroy() releases everything like close()', async () => {
    const { media, teardowns, transport } = setup();
    media.destroy();
    await once(media, 'close');
    expect(teardowns()).toBe(1);
    expect(transport.closes).toBe(1);
    expect(media.endReason).toBe('closed');
  });
});
