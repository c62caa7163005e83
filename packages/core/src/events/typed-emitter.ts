import type { EventArgs, EventMap, EventName } from './event-map.js';
import { rethrowAsync } from './rethrow-async.js';

type Listener = (...args: unknown[]) => void;

/** One registration: the listener, and whether it goes after its first call. */
interface Registration {
  readonly listener: Listener;
  readonly once: boolean;
}

/**
 * A small, typed event emitter, the base class of every SDK object that emits events. Works the
 * same in Node.js and browsers, with no dependency (an ES module loads in a fraction of the time a
 * CommonJS emitter takes through Node's ESM loader, which counts at every process start).
 *
 * Event names and listener arguments are checked at compile time against the `Events` interface
 * (see {@link EventMap}). Listeners run synchronously, in registration order, with `this` bound
 * to the emitter. Unlike Node's `EventEmitter`, emitting `'error'` with no listener does not throw.
 *
 * Two ways to emit:
 * - {@link TypedEmitter.emit} behaves like any event emitter: if a listener throws, the exception
 *   propagates to the caller of `emit` and later listeners do not run.
 * - {@link TypedEmitter.safeEmit} isolates listeners: every listener runs, and an exception is
 *   rethrown asynchronously (from a microtask) instead of unwinding into the caller. SDK code
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
  /**
   * Registrations per event, in order. Arrays are replaced, never changed: an emit runs the
   * listeners registered when it began (like Node's emitter), whatever they add or remove.
   */
  readonly #listeners = new Map<string | symbol, readonly Registration[]>();

  /** Calls `listener` every time `event` is emitted. Returns the emitter, for chaining. */
  on<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    this.#add(event, listener as unknown as Listener, false);
    return this;
  }

  /** Calls `listener` the next time `event` is emitted, then removes it. Returns the emitter. */
  once<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    this.#add(event, listener as unknown as Listener, true);
    return this;
  }

  /**
   * Removes `listener` from `event` — every registration of it, whether made with `on` or
   * `once`. Removing a listener that is not registered does nothing. Returns the emitter.
   */
  off<K extends EventName<Events>>(event: K, listener: Events[K]): this {
    const current = this.#listeners.get(event);
    if (current === undefined) return this;
    const kept = current.filter((r) => r.listener !== (listener as unknown as Listener));
    if (kept.length === 0) this.#listeners.delete(event);
    else if (kept.length !== current.length) this.#listeners.set(event, kept);
    return this;
  }

  /**
   * Calls every listener of `event` synchronously with `args`. A listener's exception propagates
   * to the caller and stops later listeners; subclasses use `safeEmit` where that must not
   * happen.
   *
   * @returns Whether the event had listeners.
   */
  emit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean {
    return this.#dispatch(false, event, args);
  }

  /**
   * Calls every listener of `event` synchronously with `args`; a listener that throws does not
   * stop the others, and its exception is rethrown asynchronously (from a microtask) rather
   * than to the caller.
   *
   * @returns Whether the event had listeners.
   */
  safeEmit<K extends EventName<Events>>(event: K, ...args: EventArgs<Events, K>): boolean {
    return this.#dispatch(true, event, args);
  }

  /** How many listeners `event` has. */
  listenerCount(event: EventName<Events>): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** The events that currently have at least one listener. */
  eventNames(): EventName<Events>[] {
    return [...this.#listeners.keys()] as EventName<Events>[];
  }

  /** Removes every listener of `event`, or of every event when `event` is omitted. Returns the emitter. */
  removeAllListeners(event?: EventName<Events>): this {
    if (event === undefined) this.#listeners.clear();
    else this.#listeners.delete(event);
    return this;
  }

  #add(event: string | symbol, listener: Listener, once: boolean): void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), { listener, once }]);
  }

  #dispatch(isolate: boolean, event: string | symbol, args: readonly unknown[]): boolean {
    const registrations = this.#listeners.get(event);
    if (registrations === undefined) return false;
    for (const registration of registrations) {
      if (registration.once) {
        // Gone before it runs, so a nested emit of the same event does not call it again.
        const current = this.#listeners.get(event);
        if (current === undefined || !current.includes(registration)) continue;
        const kept = current.filter((r) => r !== registration);
        if (kept.length === 0) this.#listeners.delete(event);
        else this.#listeners.set(event, kept);
      }
      if (!isolate) {
        registration.listener.apply(this, args as unknown[]);
        continue;
      }
      try {
        registration.listener.apply(this, args as unknown[]);
      } catch (error) {
        rethrowAsync(error);
      }
    }
    return true;
  }
}
