/**
 * Small numeric helpers of the widget benchmark: median, percentile, and how numbers are printed.
 */

import { median, percentile } from '../shared/stats.js';

export { median, percentile };

/** `a ÷ b`, or undefined when either is missing or `b` is not positive. */
export function ratio(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined || b === undefined || !(b > 0)) return undefined;
  return a / b;
}

/** Milliseconds with one decimal; `–` when missing. Negative values (before the click) keep their sign. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  const text = ms.toFixed(1);
  return text === '-0.0' ? '0.0' : text;
}

/** A ratio as `1.23×`; `–` when missing. */
export function formatRatio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

/** A byte count with thousands separators: `224,022`. */
export function formatBytes(bytes: number): string {
  return Math.round(bytes).toLocaleString('en-US');
}
