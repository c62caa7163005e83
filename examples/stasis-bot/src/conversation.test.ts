/**
 * converse() with a fake call and media: the real thing runs against Asterisk in
 * test/stasis-bot.integration.test.ts.
 */
import { Readable } from 'node:stream';
import { TypedEmitter } from '@aipbx/core';
import type { Call, CallEvents } from '@aipbx/node-ari';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AiContext } from './ai-hook.js';
import { converse } from './conversation.js';

/** The caller's side of a media bridge: frames pushed by the test, writes recorded. */
class FakeMedia extends Readable {
  readonly written: Buffer[] = [];
  endReason: string | undefined;
  flushed = 0;
  closes = 0;
  readonly stats = { framesIn: 0, framesOut: 0 };

  constructor() {
    super({ objectMode: true, read: () => undefined });
  }

  frame(samples: Int16Array | Buffer): void {
    this.push(
      Buffer.isBuffer(samples)
        ? samples
        : Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength),
    );
  }

  write(chunk: Buffer): boolean {
    this.written.push(Buffer.from(chunk));
    this.stats.framesOut += Math.ceil(chunk.byteLength / 640);
    return true;
  }

  flush(): number {
    this.flushed++;
    return 0;
  }

  /** The caller hung up. */
  hangup(): void {
    this.endReason ??= 'hangup';
    this.push(null);
  }

  close(): Promise<void> {
    this.closes++;
    if (this.endReason === undefined) {
      this.endReason = 'closed';
      this.push(null);
    }
    return Promise.resolve();
  }
}

/** What converse() uses of a Call: its id, its dtmf event and media(). */
class FakeCall extends TypedEmitter<CallEvents> {
  readonly id = '1732375678.42';
  readonly stream = new FakeMedia();
  opened = 0;

  async media(): Promise<FakeMedia> {
    this.opened++;
    return this.stream;
  }
}

function fakeCall(): { call: Call; fake: FakeCall } {
  const fake = new FakeCall();
  return { call: fake as unknown as Call, fake };
}

/** 20 ms of a constant level at 16 kHz. */
function level(value: number): Int16Array {
  return new Int16Array(320).fill(value);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('converse', () => {
  it('hands every frame to the AI hook in order and plays what it returns, until #', async () => {
    const { call, fake } = fakeCall();
    const seen: number[] = [];
    let context: AiContext | undefined;
    const opened = vi.fn();
    const running = converse(call, {
      language: 'ru',
      maxMs: 60_000,
      onOpen: opened,
      respond: async (pcm, ctx) => {
        context = ctx;
        seen.push(pcm[0]!);
        return pcm[0] === 300 ? new Int16Array(0) : pcm; // nothing to say to the third frame
      },
    });
    await vi.waitFor(() => expect(opened).toHaveBeenCalledOnce());
    fake.stream.frame(level(100));
    fake.stream.frame(level(-200));
    fake.stream.frame(level(300));
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    fake.emit('dtmf', '5', 100); // not the stop key
    fake.emit('dtmf', '#', 100);
    const stats = await running;

    expect(seen).toEqual([100, -200, 300]);
    expect(fake.stream.written.map((b) => b.readInt16LE(0))).toEqual([100, -200]);
    expect(stats).toMatchObject({ framesIn: 3, framesOut: 2, endedBy: 'key' });
    expect(stats.rmsIn).toBeCloseTo(200);
    expect(context).toMatchObject({ callId: call.id, language: 'ru' });
    expect(context?.signal.aborted, 'the hook is told the conversation is over').toBe(true);
    expect(fake.listenerCount('dtmf')).toBe(0);
    expect(fake.stream.closes).toBeGreaterThanOrEqual(1);
  });

  it('passes barge-in through: interrupt() flushes what is queued for the caller', async () => {
    const { call, fake } = fakeCall();
    const running = converse(call, {
      language: 'en',
      maxMs: 60_000,
      respond: async (pcm, ctx) => {
        ctx.interrupt();
        return pcm;
      },
    });
    await vi.waitFor(() => expect(fake.opened).toBe(1));
    fake.stream.frame(level(1));
    await vi.waitFor(() => expect(fake.stream.flushed).toBe(1));
    fake.stream.hangup();
    expect((await running).endedBy).toBe('hangup');
  });

  it('ends at its time limit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { call, fake } = fakeCall();
    const running = converse(call, { language: 'en', maxMs: 20_000, respond: async (pcm) => pcm });
    await vi.waitFor(() => expect(fake.opened).toBe(1));
    fake.stream.frame(level(1000));
    vi.advanceTimersByTime(20_000);
    const stats = await running;
    expect(stats).toMatchObject({ endedBy: 'time', framesIn: 1 });
  });

  it('ends when the caller hangs up, and copies frames that sit at an odd offset', async () => {
    const { call, fake } = fakeCall();
    const got: Int16Array[] = [];
    const running = converse(call, {
      language: 'en',
      maxMs: 60_000,
      respond: async (pcm) => {
        got.push(pcm);
        return new Int16Array(0);
      },
    });
    await vi.waitFor(() => expect(fake.opened).toBe(1));
    const odd = Buffer.alloc(641);
    odd.writeInt16LE(-12345, 1);
    fake.stream.frame(odd.subarray(1));
    fake.stream.hangup();
    const stats = await running;
    expect(stats).toMatchObject({ endedBy: 'hangup', framesIn: 1, framesOut: 0 });
    expect(got[0]![0]).toBe(-12345);
  });

  it('closes the media and rejects when the AI hook throws', async () => {
    const { call, fake } = fakeCall();
    const running = converse(call, {
      language: 'en',
      maxMs: 60_000,
      respond: async () => {
        throw new Error('model unavailable');
      },
    });
    await vi.waitFor(() => expect(fake.opened).toBe(1));
    fake.stream.frame(level(1));
    await expect(running).rejects.toThrow('model unavailable');
    expect(fake.stream.closes).toBeGreaterThanOrEqual(1);
    expect(fake.listenerCount('dtmf')).toBe(0);
  });
});
