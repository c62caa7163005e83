import type { PacerClock } from './frame-pacer.js';

/** A clock that moves only when told to: timers fire in order as `advance()` passes them. */
export class FakeClock implements PacerClock {
  #now = 0;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #id = 0;

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.#now + Math.max(0, ms), fn, id: ++this.#id };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward by `ms`, firing due timers in time order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.#timers[0];
      if (next === undefined || next.at > end) break;
      this.#timers.shift();
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = end;
  }

  /** Moves time forward without firing anything: a blocked event loop. Timers then fire late. */
  jump(ms: number): void {
    this.#now += ms;
  }

  /** Pending timers. */
  get pending(): number {
    return this.#timers.length;
  }
}
