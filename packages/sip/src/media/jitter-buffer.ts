/**
 * A small reordering buffer for received RTP: packets go in as they arrive, keyed by their sequence
 * number, and come out in sequence order. Pure: no timers, no sockets — time passes only as packets
 * arrive.
 */
import { nextSequence, sequenceDelta } from '@aipbx/media';

/** Packets held by default while one is missing: 3 × 20 ms = 60 ms. */
export const DEFAULT_JITTER_DEPTH = 3;

/** A sequence number more than this far from the expected one starts a new stream. */
export const SEQUENCE_JUMP = 100;

/** Options of a {@link JitterBuffer}. */
export interface JitterBufferOptions {
  /**
   * Packets held while waiting for a missing one (default {@link DEFAULT_JITTER_DEPTH}); when one more
   * arrives, the missing packets are given up as lost. 0 releases every packet at once (no
   * reordering; late ones are dropped).
   */
  depth?: number;
}

/** What one {@link JitterBuffer.push} did. */
export interface JitterRelease<T> {
  /** Packets released, in sequence order (empty while waiting for a missing one). */
  readonly packets: T[];
  /** Packets given up as lost to release these. */
  readonly lost: number;
  /**
   * Why the pushed packet was dropped, when it was: `late` (older than what was already released) or
   * `duplicate` (already held).
   */
  readonly dropped?: 'late' | 'duplicate';
  /** The pushed packet started a new stream (a sequence jump of more than {@link SEQUENCE_JUMP}). */
  readonly reset?: boolean;
}

/** Totals of a {@link JitterBuffer} since it was made. */
export interface JitterBufferStats {
  released: number;
  lost: number;
  late: number;
  duplicates: number;
  resets: number;
}

/**
 * Reorders packets by RTP sequence number (wrapping at 65536).
 *
 * - In order: released at once.
 * - A gap: later packets are held until the missing one comes (then all go out in order), or until
 *   more than `depth` are held: then the missing ones count as lost and the held ones go out.
 * - Older than what was released, or already held: dropped and counted.
 * - More than {@link SEQUENCE_JUMP} away from the expected number (a new stream, the peer's SSRC
 *   changed): what is held goes out, and the buffer starts over from this packet.
 *
 * @typeParam T - the packet type (the buffer only keeps it).
 */
export class JitterBuffer<T> {
  readonly #depth: number;
  /** Packets held, by sequence number. */
  readonly #held = new Map<number, T>();
  /** The sequence number released next; undefined before the first packet. */
  #next: number | undefined;
  readonly #stats: JitterBufferStats = { released: 0, lost: 0, late: 0, duplicates: 0, resets: 0 };

  /** @throws RangeError when `depth` is not a whole number from 0 up. */
  constructor(options: JitterBufferOptions = {}) {
    const depth = options.depth ?? DEFAULT_JITTER_DEPTH;
    if (!Number.isInteger(depth) || depth < 0) {
      throw new RangeError(`jitter buffer depth must be a whole number of packets, 0 or more, got ${depth}`);
    }
    this.#depth = depth;
  }

  /** Packets held, waiting for a missing one. */
  get size(): number {
    return this.#held.size;
  }

  /** Totals so far. */
  get stats(): Readonly<JitterBufferStats> {
    return { ...this.#stats };
  }

  /** Takes one packet with sequence number `sequence` (0–65535) and returns what can go out now. */
  push(sequence: number, packet: T): JitterRelease<T> {
    if (this.#next === undefined) this.#next = sequence;
    const delta = sequenceDelta(this.#next, sequence);
    if (Math.abs(delta) > SEQUENCE_JUMP) return this.#restart(sequence, packet);
    if (delta < 0) {
      this.#stats.late++;
      return { packets: [], lost: 0, dropped: 'late' };
    }
    if (this.#held.has(sequence)) {
      this.#stats.duplicates++;
      return { packets: [], lost: 0, dropped: 'duplicate' };
    }
    this.#held.set(sequence, packet);
    const packets: T[] = [];
    this.#drain(packets);
    let lost = 0;
    while (this.#held.size > this.#depth) lost += this.#skipGap(packets);
    return { packets, lost };
  }

  /**
   * Releases everything held, in order, giving up the gaps between as lost (the stream ended or
   * paused). The next packet continues after the last one released.
   */
  flush(): JitterRelease<T> {
    const packets: T[] = [];
    let lost = 0;
    while (this.#held.size > 0) lost += this.#skipGap(packets);
    return { packets, lost };
  }

  /** Drops everything held and forgets the stream: the next packet starts a new one. */
  reset(): void {
    this.#held.clear();
    this.#next = undefined;
  }

  #restart(sequence: number, packet: T): JitterRelease<T> {
    const { packets, lost } = this.flush();
    this.#stats.resets++;
    this.#next = nextSequence(sequence);
    this.#stats.released++;
    packets.push(packet);
    return { packets, lost, reset: true };
  }

  /** Releases held packets from `#next` on, up to the first gap. */
  #drain(packets: T[]): void {
    let next = this.#next!;
    for (let packet = this.#held.get(next); packet !== undefined; packet = this.#held.get(next)) {
      this.#held.delete(next);
      packets.push(packet);
      this.#stats.released++;
      next = nextSequence(next);
    }
    this.#next = next;
  }

  /** Gives up the missing packets before the oldest held one, then drains; returns how many were lost. */
  #skipGap(packets: T[]): number {
    const next = this.#next!;
    let gap = Number.POSITIVE_INFINITY;
    let oldest = next;
    for (const sequence of this.#held.keys()) {
      const delta = sequenceDelta(next, sequence);
      if (delta < gap) {
        gap = delta;
        oldest = sequence;
      }
    }
    this.#next = oldest;
    this.#stats.lost += gap;
    this.#drain(packets);
    return gap;
  }
}
