import { AipbxError } from './aipbx-error.js';

/** One thing wrong with an input: where it is and what to do about it. */
export interface ValidationProblem {
  /** Dotted path of the offending field, e.g. `password` or `widgets.0.sipUri`. */
  field: string;
  /** A sentence for people: what is wrong and how to fix it. Never contains the secret value itself. */
  message: string;
}

/**
 * Thrown (code `INVALID_INPUT`) when a value fails validation. Carries every problem found, not
 * only the first, so a form can mark all of its fields at once.
 */
export class ValidationError extends AipbxError {
  /** Every problem found, in field order. */
  readonly problems: readonly ValidationProblem[];

  constructor(subject: string, problems: readonly ValidationProblem[], options: { cause?: unknown } = {}) {
    const list = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    super('INVALID_INPUT', `Invalid ${subject}: ${list}`, options);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}
