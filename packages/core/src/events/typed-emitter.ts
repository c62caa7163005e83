import { EventEmitter } from 'eventemitter3';
import type { EventArgs, EventMap, EventName } from './event-map.js';
import { rethrowAsync } from './rethrow-async.js';

type Listener = (...args: unknown[]) => void;

/**
 * A small, typed event emitter built on eventemitter3, the base class of every SDK object that
 * emits events. Works the same in Node.js and browsers.
 *
 * Event names and listener arguments are checked at compile time against the `Events` interface
 * (see {@link EventMap}). Listeners run synchronously, in registration order, with `this` bound
 * to the emitter. Unlike Node's `EventEmitter`, emitting `'error'` with no listener does not throw.
 *
 * Two ways to emit:
 * - {@link TypedEmitter.emit} behaves like any event emitter: if a listener throws, the exception
 *   propagates to the caller of `emit` and later listeners do not run.
 * - {@link TypedEmitter.safeEmit} isolates listeners: every listener runs, and an exception is
 *   rethrown asynchronously ({@link rethrowAsync}) instead of unwinding into the caller. SDK code
 *   whose state must stay consistent (parsers, connection state machines) emits this way, so a
 *   faulty listener can never leave a half-parsed buffer behind; the error still reaches
 *   `uncaughtException` / `window.onerror`.
 *
 * @typeParam Events - The events this emitter declares, as listener signatures.
 *
 * @example
 * ```ts
 * interface ClockEvents { tick: (time: number) => void; stop: () => void }
 * class Clock extends TypedEmitter<ClockEvents> {
 *   tick(): void { this.safeEmit('tick', Date.now()); }
 * }
 * new Clock().on('tick', (time) => console.log(time));
 * ```
 */
export class TypedEmitter<Events extends EventMap<Events>> {
  /**
   * Type-only: carries `Events` so helpers such as `onceEvent` can infer it from a subclass.
   * Never set at runtime; do not read it.
   */
  declare readonly '~events'?: Events;
  readonly #emitter = new EventEmitter();
  /** One wrapper per listener function, so `off(fn)` finds what `on(fn)` registered. */
  readonly #wrappers = new WeakMap<Listener, Listener>();
  /** True while {@link TypedEmitter.safeEmit} is dispatching (and no nested `emit` is). */
  #isolating = false;

  /** Calls `listener` every time `event` is emitted. Returns the emitter, for chaining. */
  on<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    this.#emitter.on(event, this.#wrap(listener as unknown as Listener), this);
    return this;
  }

  /** Calls `listener` the next time `event` is emitted, then removes it. Returns the emitter. */
  once<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    this.#emitter.once(event, this.#wrap(listener as unknown as Listener), this);
    return this;
  }

  /**
   * Removes `listener` from `event` — every registration of it, whether made with `on` or
   * `once`. Removing a listener that is not registered does nothing. Returns the emitter.
   */
  off<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    const wrapper = this.#wrappers.get(listener as unknown as Listener);
    if (wrapper !== undefined) this.#emitter.off(event, wrapper);
    return this;
  }

  /**
   * Calls every listener of `event` synchronously with `args`. A listener's exception propagates
   * to the caller and stops later listeners; use {@link TypedEmitter.safeEmit} where that must
   * not happen.
   *
   * @returns Whether the event had listeners.
   */
  emit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean {
    return this.#dispatch(false, event, args);
  }

  /**
   * Calls every listener of `event` synchronously with `args`; a listener that throws does not
   * stop the others, and its exception is rethrown asynchronously ({@link rethrowAsync}) rather
   * than to the caller.
   *
   * @returns Whether the event had listeners.
   */
  safeEmit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean {
    return this.#dispatch(true, event, args);
  }

  /** How many listeners `event` has. */
  listenerCount(event: EventName<Events>): number {
    return this.#emitter.listenerCount(event);
  }

  /** The events that currently have at least one listener. */
  eventNames(): EventName<Events>[] {
    return this.#emitter.eventNames() as EventName<Events>[];
  }

  /** Removes every listener of `event`, or of every event when `event` is omitted. Returns the emitter. */
  removeAllListeners(event?: EventName<Events>): this {
    if (event === undefined) this.#emitter.removeAllListeners();
    else this.#emitter.removeAllListeners(event);
    return this;
  }

  #dispatch(isolate: boolean, event: string | symbol, args: readonly unknown[]): boolean {
    const outer = this.#isolating;
    this.#isolating = isolate;
    try {
      return this.#emitter.emit(event, ...args);
    } finally {
      this.#isolating = outer;
    }
  }

  #wrap(listener: Listener): Listener {
    let wrapper = this.#wrappers.get(listener);
    if (wrapper === undefined) {
      const emitter = this;
      wrapper = function (this: unknown, ...args: unknown[]): void {
        if (!emitter.#isolating) {
          listener.apply(this, args);
          return;
        }
        try {
          listener.apply(this, args);
        } catch (error) {
          rethrowAsync(error);
        }
      };
      this.#wrappers.set(listener, wrapper);
    }
    return wrapper;
  }
}
