/** The clock a {@link FramePacer} runs on; the real one by default, a fake one in tests. */
export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The system's monotonic clock and timers. */
export const SYSTEM_CLOCK: PacerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Options of a {@link FramePacer}. */
export interface FramePacerOptions {
  /** Bytes in one frame. */
  frameBytes: number;
  /** Frame length, ms. */
  frameMs: number;
  /** Sends one frame on its way (to Asterisk). Called on the pacer's clock, never in a burst. */
  send: (frame: Buffer) => void;
  /**
   * Sent on every tick while nothing is queued, so the far side hears a continuous stream. Leave it
   * out to send nothing when the queue is empty (Asterisk fills the gap itself).
   */
  silence?: Buffer;
  /** At most this many frames sent at once to catch up after the event loop was late. Default 3. */
  maxCatchUp?: number;
  /**
   * Frames kept ahead of real time at the far end, for a far end that re-times what it receives
   * (chan_websocket): a run starts by sending this many extra frames, then one per `frameMs`, so an
   * event-loop stall shorter than the lead never leaves the caller a gap. Default 0.
   */
  leadFrames?: number;
  clock?: PacerClock;
}

/**
 * Turns bytes written at any pace and in any chunk size into whole frames sent one per `frameMs` on a
 * steady clock: the first frame at once, the next ones at `start + n × frameMs` (so timer lateness
 * never accumulates into drift; when the event loop was late, up to `maxCatchUp` frames go out
 * together and the schedule continues). When the queue runs dry the clock stops, and the next write
 * starts it again with no debt — but never sooner than one frame after the last.
 *
 * Pure apart from the clock: no sockets. The queue is unbounded here; {@link CallMedia} bounds it
 * with backpressure.
 */
export class FramePacer {
  readonly #o: Required<Omit<FramePacerOptions, 'silence'>> & { silence: Buffer | undefined };
  readonly #frames: Buffer[] = [];
  /** Bytes that do not fill a frame yet. */
  #partial: Buffer = Buffer.alloc(0);
  #timer: unknown;
  /** When the current run of frames started, and how many frames it sent. */
  #start = 0;
  #sent = 0;
  #running = false;
  #firstTick = false;
  #stopped = false;
  /** When the last frame went out. */
  #lastAt = Number.NEGATIVE_INFINITY;
  /** When the far end will have played every frame sent so far (one `frameMs` each). */
  #playhead = Number.NEGATIVE_INFINITY;
  #late = 0;
  #total = 0;
  /** Called whenever the queue gets shorter (a frame went out, or it was cleared). */
  onDequeue: (() => void) | undefined;

  constructor(options: FramePacerOptions) {
    this.#o = {
      maxCatchUp: 3,
      leadFrames: 0,
      clock: SYSTEM_CLOCK,
      ...options,
      silence: options.silence,
    };
  }

  /** Whole frames waiting to be sent. */
  get queuedFrames(): number {
    return this.#frames.length;
  }

  /** Bytes waiting: whole frames and the partial one. */
  get queuedBytes(): number {
    return this.#frames.length * this.#o.frameBytes + this.#partial.length;
  }

  /** Frames sent so far (silence included). */
  get framesSent(): number {
    return this.#total;
  }

  /** Ticks that came more than one frame late (the event loop was busy). */
  get lateTicks(): number {
    return this.#late;
  }

  /** Queues bytes; whole frames start going out at once if the clock was idle. */
  push(chunk: Uint8Array): void {
    if (this.#stopped || chunk.length === 0) return;
    const { frameBytes } = this.#o;
    let data = this.#partial.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#partial, chunk]);
    while (data.length >= frameBytes) {
      this.#frames.push(data.subarray(0, frameBytes));
      data = data.subarray(frameBytes);
    }
    // Copy the remainder: it must not pin a large chunk in memory.
    this.#partial = Buffer.from(data);
    if (this.#frames.length > 0) this.#run();
  }

  /** Pads the partial frame with silence (the format's zero) so the last bytes are sent too. */
  finish(silenceByte = 0): void {
    if (this.#partial.length === 0) return;
    const frame = Buffer.alloc(this.#o.frameBytes, silenceByte);
    this.#partial.copy(frame);
    this.#partial = Buffer.alloc(0);
    this.push(frame);
  }

  /** Drops everything queued (the partial frame too). Returns the bytes dropped. */
  clear(): number {
    const dropped = this.queuedBytes;
    this.#frames.length = 0;
    this.#partial = Buffer.alloc(0);
    this.onDequeue?.();
    return dropped;
  }

  /** Starts sending silence on the clock (when `silence` was given) even before anything is written. */
  start(): void {
    if (this.#o.silence !== undefined) this.#run();
  }

  /** Stops for good: the queue is dropped and nothing is sent again. */
  stop(): void {
    this.#stopped = true;
    this.#frames.length = 0;
    this.#partial = Buffer.alloc(0);
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#running = false;
  }

  #run(): void {
    if (this.#running || this.#stopped) return;
    this.#running = true;
    this.#firstTick = true;
    const { clock, frameMs } = this.#o;
    const now = clock.now();
    // Never sooner than a frame after the last one: a run that stops and restarts is no burst.
    this.#start = Math.max(now, this.#lastAt + frameMs);
    // Frames of the lead still unplayed at the far end count as sent: a restart keeps the lead, it
    // does not add another.
    const outstanding = Math.max(0, Math.round((this.#playhead - this.#start) / frameMs));
    this.#sent = Math.min(this.#o.leadFrames, outstanding);
    if (this.#start > now) this.#timer = clock.setTimeout(() => this.#tick(), this.#start - now);
    else this.#tick();
  }

  #tick(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const { frameMs, maxCatchUp, leadFrames, clock, silence } = this.#o;
    const due = Math.floor((clock.now() - this.#start) / frameMs) + 1 + leadFrames - this.#sent;
    // The first tick of a run sends the lead too; later ones are late when more than one is due.
    const first = this.#firstTick;
    this.#firstTick = false;
    if (due > 1 && !first) this.#late++;
    const cap = first ? maxCatchUp + leadFrames : maxCatchUp;
    let n = Math.min(Math.max(due, 0), cap);
    if (due > cap) {
      // Too far behind to catch up without a burst: drop the debt, keep the rhythm from now.
      this.#sent += due - cap;
    }
    let dequeued = false;
    while (n-- > 0) {
      const frame = this.#frames.shift();
      if (frame === undefined) {
        if (silence === undefined) break;
        this.#emit(silence);
        continue;
      }
      dequeued = true;
      this.#emit(frame);
    }
    if (dequeued) this.onDequeue?.();
    if (this.#frames.length === 0 && silence === undefined) {
      // Nothing left: stop the clock; the next push starts a new run at once.
      this.#running = false;
      return;
    }
    const next = this.#start + (this.#sent - leadFrames) * frameMs;
    this.#timer = clock.setTimeout(() => this.#tick(), Math.max(0, next - clock.now()));
  }

  #emit(frame: Buffer): void {
    const now = this.#o.clock.now();
    this.#lastAt = now;
    this.#playhead = Math.max(this.#playhead, now) + this.#o.frameMs;
    this.#sent++;
    this.#total++;
    this.#o.send(frame);
  }
}
