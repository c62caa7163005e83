import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.test-helper.js';
import { FramePacer } from './frame-pacer.js';

function setup(options: { silence?: Buffer; maxCatchUp?: number } = {}) {
  const clock = new FakeClock();
  const sent: { at: number; frame: Buffer }[] = [];
  const pacer = new FramePacer({
    frameBytes: 4,
    frameMs: 20,
    send: (frame) => sent.push({ at: clock.now(), frame: Buffer.from(frame) }),
    clock,
    ...options,
  });
  return { clock, sent, pacer };
}

describe('FramePacer', () => {
  it('sends the first frame at once and the rest one per 20 ms, whatever the chunk sizes', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.from([1, 1, 1, 1, 2, 2]));
    pacer.push(Buffer.from([2, 2, 3, 3, 3, 3, 4]));
    expect(sent.map((s) => s.at)).toEqual([0]);
    clock.advance(100);
    expect(sent.map((s) => s.at)).toEqual([0, 20, 40]);
    expect(sent.map((s) => [...s.frame])).toEqual([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
      [3, 3, 3, 3],
    ]);
    // The odd byte waits for more.
    expect(pacer.queuedBytes).toBe(1);
  });

  it('keeps the rhythm from the start when timers fire late (no drift), catching up one frame', () => {
    const { clock, sent, pacer } = setup({ maxCatchUp: 3 });
    pacer.push(Buffer.alloc(4 * 50));
    for (let i = 0; i < 10; i++) {
      // Each timer fires 7 ms late.
      clock.jump(27);
      clock.advance(0);
    }
    // 270 ms elapsed: frames due at 0, 20, …, 260 — 14 of them, not 11 (one per late timer).
    expect(sent).toHaveLength(14);
    expect(pacer.lateTicks).toBeGreaterThan(0);
  });

  it('after a long stall sends at most maxCatchUp frames together, then resumes every 20 ms', () => {
    const { clock, sent, pacer } = setup({ maxCatchUp: 3 });
    pacer.push(Buffer.alloc(4 * 50));
    clock.jump(200);
    clock.advance(0);
    expect(sent.map((s) => s.at)).toEqual([0, 200, 200, 200]);
    clock.advance(20);
    expect(sent.map((s) => s.at)).toEqual([0, 200, 200, 200, 220]);
  });

  it('stops the clock when the queue runs dry and restarts at once on the next write', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(8));
    clock.advance(200);
    expect(sent.map((s) => s.at)).toEqual([0, 20]);
    expect(clock.pending).toBe(0);
    pacer.push(Buffer.alloc(4));
    expect(sent.map((s) => s.at)).toEqual([0, 20, 200]);
  });

  it('sends silence on the clock when asked to, and real frames in its place when they come', () => {
    const silence = Buffer.from([0, 0, 0, 0]);
    const { clock, sent, pacer } = setup({ silence });
    pacer.start();
    clock.advance(40);
    pacer.push(Buffer.from([9, 9, 9, 9]));
    clock.advance(40);
    expect(sent.map((s) => [s.at, s.frame[0]])).toEqual([
      [0, 0],
      [20, 0],
      [40, 0],
      [60, 9],
      [80, 0],
    ]);
  });

  it('clear() drops what is queued within the current frame; finish() pads the last partial frame', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(4 * 10, 7));
    expect(pacer.clear()).toBe(4 * 9);
    clock.advance(100);
    expect(sent).toHaveLength(1);
    pacer.push(Buffer.from([5, 5]));
    pacer.finish(0xff);
    expect([...(sent.at(-1)?.frame ?? [])]).toEqual([5, 5, 0xff, 0xff]);
  });

  it('keeps leadFrames ahead: a run starts with them, then one frame per 20 ms', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    const pacer = new FramePacer({
      frameBytes: 1,
      frameMs: 20,
      send: () => sent.push(clock.now()),
      clock,
      leadFrames: 4,
    });
    pacer.push(Buffer.alloc(20));
    expect(sent).toEqual([0, 0, 0, 0, 0]);
    clock.advance(60);
    expect(sent).toEqual([0, 0, 0, 0, 0, 20, 40, 60]);
    expect(pacer.lateTicks).toBe(0);
  });

  it('keeps the lead once when the queue runs dry and refills (writes of exactly lead + 1 frames)', () => {
    const clock = new FakeClock();
    const sent: number[] = [];
    const pacer = new FramePacer({
      frameBytes: 1,
      frameMs: 20,
      send: () => sent.push(clock.now()),
      clock,
      leadFrames: 4,
    });
    pacer.push(Buffer.alloc(5));
    clock.jump(0.4);
    pacer.push(Buffer.alloc(5));
    clock.advance(200);
    // Five at once (the frame now and the lead), then one every 20 ms: never more than the lead ahead.
    expect(sent.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 20, 40]);
    for (const [i, at] of sent.entries()) expect(i + 1 - at / 20).toBeLessThanOrEqual(5);
  });

  it('stop() sends nothing more, whatever is written', () => {
    const { clock, sent, pacer } = setup();
    pacer.push(Buffer.alloc(40));
    pacer.stop();
    pacer.push(Buffer.alloc(40));
    clock.advance(1000);
    expect(sent).toHaveLength(1);
    expect(clock.pending).toBe(0);
  });
});
