/** Waits for `promise` at most `ms`, rejecting with a message that says what was awaited. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A queue of items arriving over time, with bounded waits for the first one that matches.
 * Items are kept, so a match that arrived before the wait began is still found.
 */
export class Inbox<T> {
  private readonly items: T[] = [];
  private readonly waiters = new Set<{ match: (item: T) => boolean; resolve: (item: T) => void }>();

  push(item: T): void {
    this.items.push(item);
    for (const w of this.waiters) {
      if (w.match(item)) {
        this.waiters.delete(w);
        w.resolve(item);
      }
    }
  }

  /** Everything received so far. */
  all(): readonly T[] {
    return this.items;
  }

  /** The first item (already received or still to come) that matches, within `ms`. */
  next(match: (item: T) => boolean, ms: number, what: string): Promise<T> {
    const found = this.items.find(match);
    if (found !== undefined) return Promise.resolve(found);
    let waiter: { match: (item: T) => boolean; resolve: (item: T) => void } | undefined;
    const p = new Promise<T>((resolve) => {
      waiter = { match, resolve };
      this.waiters.add(waiter);
    });
    return within(p, ms, what).finally(() => {
      if (waiter) this.waiters.delete(waiter);
    });
  }
}
