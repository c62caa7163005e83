import { ValidationError } from './validation-error.js';

/** Runs `fn`, which must throw a ValidationError, and returns it (for tests). */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
