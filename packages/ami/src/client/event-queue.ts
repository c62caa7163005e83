import { ValidationError } from '@aipbx/core';

/**
 * An unbounded FIFO that is also an async iterator: the producer pushes, one consumer pulls with
 * `for await`. Never drops or reorders. The owner watches {@link EventQueue.size} to apply
 * backpressure upstream; `onSizeChange` tells it when the size crosses its marks.
 *
 * @internal
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  #items: T[] = [];
  #head = 0;
  #waiter: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  #ended = false;
  #error: unknown;
  #hasError = false;
  readonly #onConsume: (queue: EventQueue<T>) => void;
  readonly #onReturn: (queue: EventQueue<T>) => void;

  /**
   * @param onConsume - called after the consumer took an item (to resume a paused producer)
   * @param onReturn - called once when the consumer stops early (`break`, `return()`)
   */
  constructor(onConsume: (queue: EventQueue<T>) => void, onReturn: (queue: EventQueue<T>) => void) {
    this.#onConsume = onConsume;
    this.#onReturn = onReturn;
  }

  /** Items waiting for the consumer. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** True once {@link EventQueue.end} was called or the consumer stopped. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Adds an item, handing it straight to a waiting consumer if there is one. Ignored after the end. */
  push(item: T): void {
    if (this.#ended) return;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ value: item, done: false });
      return;
    }
    this.#items.push(item);
  }

  /**
   * Ends the stream: the consumer gets the items still queued, then `done` — or `error`, if given,
   * thrown from its next `next()` after the queued items.
   */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    if (error !== undefined) {
      this.#error = error;
      this.#hasError = true;
    }
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      if (this.#hasError) waiter.reject(this.#error);
      else waiter.resolve({ value: undefined, done: true });
    }
  }

  /** The next item, waiting for one if needed. */
  next(): Promise<IteratorResult<T>> {
    if (this.#head < this.#items.length) {
      const item = this.#items[this.#head]!;
      this.#items[this.#head] = undefined as T;
      this.#head++;
      if (this.#head === this.#items.length) {
        this.#items = [];
        this.#head = 0;
      } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      this.#onConsume(this);
      return Promise.resolve({ value: item, done: false });
    }
    if (this.#ended) {
      if (this.#hasError) {
        this.#hasError = false;
        return Promise.reject(this.#error);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    if (this.#waiter !== undefined) {
      return Promise.reject(
        new ValidationError('use of an AMI event stream', [
          {
            field: 'next()',
            message:
              'called while an earlier next() is still waiting; a stream has one consumer: await each next() before calling it again.',
          },
        ]),
      );
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** Stops the stream early and drops what is queued. */
  return(): Promise<IteratorResult<T>> {
    const wasEnded = this.#ended;
    this.#items = [];
    this.#head = 0;
    this.#hasError = false;
    this.end();
    if (!wasEnded) this.#onReturn(this);
    return Promise.resolve({ value: undefined, done: true });
  }

  /** This queue is its own iterator. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
