import { TimeoutError } from '@aipbx/core';

/** What a {@link PingWatchdog} does, and how often. */
export interface PingWatchdogOptions {
  /** How often to ping, in ms; `0` turns the watchdog off. */
  intervalMs: number;
  /** How long a `Ping` may go unanswered, in ms. */
  timeoutMs: number;
  /** Whether a `Ping` may be sent now (connected, reading not paused). */
  canPing(): boolean;
  /** Sends a `Ping`; rejects with a TimeoutError when it is not answered within `timeoutMs`. */
  ping(timeoutMs: number): Promise<unknown>;
  /** A `Ping` went unanswered: the connection is half-open and should be dropped. */
  onDead(error: TimeoutError): void;
}

/**
 * Finds half-open connections: every `intervalMs` while running it sends a `Ping` (one at a time,
 * and none while {@link PingWatchdogOptions.canPing} says no), and calls `onDead` when one is not
 * answered in time. A `Ping` still in flight when the watchdog is stopped no longer counts.
 *
 * @internal
 */
export class PingWatchdog {
  readonly #o: PingWatchdogOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #inFlight = false;
  /** Bumped by every stop(), so answers to an earlier run's Ping are ignored. */
  #run = 0;

  constructor(options: PingWatchdogOptions) {
    this.#o = options;
  }

  /** Whether the watchdog is running. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts (or restarts) pinging; does nothing when `intervalMs` is 0. The timer never keeps Node running. */
  start(): void {
    this.stop();
    if (this.#o.intervalMs === 0) return;
    const timer = setInterval(() => this.#tick(), this.#o.intervalMs);
    timer.unref?.();
    this.#timer = timer;
  }

  /** Stops pinging and forgets a `Ping` in flight. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#inFlight = false;
    this.#run++;
  }

  #tick(): void {
    if (this.#inFlight || !this.#o.canPing()) return;
    this.#inFlight = true;
    const run = this.#run;
    this.#o.ping(this.#o.timeoutMs).then(
      () => {
        if (run === this.#run) this.#inFlight = false;
      },
      (error: unknown) => {
        if (run !== this.#run) return;
        this.#inFlight = false;
        if (error instanceof TimeoutError) this.#o.onDead(error);
      },
    );
  }
}
