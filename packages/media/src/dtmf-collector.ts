import { AbortError, ValidationError, type ValidationProblem } from '@aipbx/core';

/** Options of {@link DtmfCollector.collect} (and of `call.collectDtmf()` in both call APIs). */
export interface CollectDtmfOptions {
  /** Stop after this many digits. Default: no limit (then set `terminator` or rely on the timeouts). */
  max?: number;
  /** A key that ends the input; it is not part of the result. E.g. `#`. */
  terminator?: string;
  /** Longest wait for the whole input, first digit to last, in ms. Default 10,000. */
  timeoutMs?: number;
  /** Longest wait between two digits once the first arrived, in ms (within `timeoutMs`). Default: `timeoutMs`. */
  interDigitTimeoutMs?: number;
  /** Rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * A call's DTMF input: digits pressed while nobody collects are kept (type-ahead, e.g. during a
 * prompt) and handed to the next {@link DtmfCollector.collect} first.
 */
export class DtmfCollector {
  #typeAhead = '';
  #ended = false;
  /** The pending collection, which takes digits as they come. */
  #active: ((digit: string | undefined) => void) | undefined;

  /** A digit arrived (0–9, A–D, `*`, `#`). */
  push(digit: string): void {
    if (this.#active) this.#active(digit);
    else this.#typeAhead += digit;
  }

  /** The call ended: a pending collection resolves with what it has, later ones at once. */
  end(): void {
    this.#ended = true;
    this.#active?.(undefined);
  }

  /** Forgets digits pressed and not yet collected. */
  clear(): void {
    this.#typeAhead = '';
  }

  /**
   * Collects digits and resolves with them (without the terminator): after `max` digits, at the
   * terminator, when `timeoutMs` (or `interDigitTimeoutMs` after a digit) passes, or when the call
   * ends — always with the digits so far. Type-ahead counts first. One collection at a time: one
   * started while another is pending ends the other (with its digits so far) and takes over.
   *
   * @throws ValidationError for bad options; AbortError when `options.signal` aborts
   */
  collect(options: CollectDtmfOptions = {}): Promise<string> {
    const { max, terminator, signal } = options;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const interDigitMs = options.interDigitTimeoutMs ?? timeoutMs;
    const problems: ValidationProblem[] = [];
    if (max !== undefined && !(Number.isInteger(max) && max > 0))
      problems.push({ field: 'max', message: 'must be a whole number ≥ 1' });
    if (terminator !== undefined && !/^[0-9A-D*#]$/.test(terminator))
      problems.push({ field: 'terminator', message: 'must be one DTMF key: 0–9, A–D, * or #' });
    for (const [field, v] of [
      ['timeoutMs', timeoutMs],
      ['interDigitTimeoutMs', interDigitMs],
    ] as const) {
      if (!(typeof v === 'number' && v > 0 && Number.isFinite(v)))
        problems.push({ field, message: 'must be a positive number of milliseconds' });
    }
    if (problems.length > 0) return Promise.reject(new ValidationError('collectDtmf options', problems));
    if (signal?.aborted)
      return Promise.reject(new AbortError('DTMF collection aborted.', { cause: signal.reason }));

    return new Promise<string>((resolve, reject) => {
      let collected = '';
      let pause: ReturnType<typeof setTimeout> | undefined;
      const deadline = setTimeout(() => finish(), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(deadline);
        if (pause !== undefined) clearTimeout(pause);
        if (this.#active === receive) this.#active = undefined;
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(collected);
      };
      /** Takes one digit; true when the input is complete. */
      const take = (digit: string): boolean => {
        if (terminator !== undefined && digit === terminator) return true;
        collected += digit;
        return max !== undefined && collected.length >= max;
      };
      /** After a digit: the next must come within interDigitMs (and the overall deadline). */
      const awaitNext = () => {
        if (pause !== undefined) clearTimeout(pause);
        pause = setTimeout(() => finish(), interDigitMs);
      };
      const receive = (digit: string | undefined) => {
        if (digit === undefined || take(digit)) finish();
        else awaitNext();
      };
      const onAbort = () => finish(new AbortError('DTMF collection aborted.', { cause: signal?.reason }));
      signal?.addEventListener('abort', onAbort, { once: true });
      while (this.#typeAhead.length > 0) {
        const digit = this.#typeAhead[0] as string;
        this.#typeAhead = this.#typeAhead.slice(1);
        if (take(digit)) {
          finish();
          return;
        }
      }
      if (this.#ended) {
        finish();
        return;
      }
      this.#active?.(undefined);
      this.#active = receive;
      if (collected.length > 0) awaitNext();
    });
  }
}
