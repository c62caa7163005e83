import { ValidationError } from '@aipbx/core';
import { fieldsOf } from './header-fields.js';

/**
 * What kind of AMI frame a message is, taken from its first header:
 * `Response:` → `'response'`, `Event:` → `'event'`, `Action:` → `'action'` (what a client sends;
 * seen when decoding a client's own stream or a fake server's input), anything else → `'unknown'`.
 */
export type AmiMessageType = 'response' | 'event' | 'action' | 'unknown';

/** A message as a plain object: header name (Asterisk's case) → value, or every value when repeated. */
export type AmiMessageObject = Record<string, string | string[]>;

const VARIABLE = 'variable';
const CHAN_VARIABLE = 'chanvariable';

function typeOf(names: readonly string[]): AmiMessageType {
  // The kind header is first in everything Asterisk sends, spelt as here; look further, and ignore
  // case, only for odd peers.
  const first = names[0];
  if (first === 'Event') return 'event';
  if (first === 'Response') return 'response';
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    if (n.length === 8 && n.toLowerCase() === 'response') return 'response';
    if (n.length === 5 && n.toLowerCase() === 'event') return 'event';
    if (n.length === 6 && n.toLowerCase() === 'action') return 'action';
  }
  return 'unknown';
}

/**
 * One decoded AMI frame: a response, an event, or an action.
 *
 * Header names keep Asterisk's spelling (`ActionID`, `Uniqueid`); every lookup is case-insensitive.
 * Repeated headers (`Output`, `Variable`, `ChanVariable`, or any other) keep every value in order.
 *
 * @example
 * ```ts
 * if (msg.type === 'event' && msg.get('Event') === 'Hangup') {
 *   console.log(msg.get('channel'), msg.get('Cause-txt'));
 * }
 * ```
 */
export class AmiMessage {
  /** Kind of frame; see {@link AmiMessageType}. */
  readonly type: AmiMessageType;
  /** Header names in the order received (Asterisk's case). Parallel to {@link AmiMessage.values}. */
  readonly names: readonly string[];
  /** Header values in the order received. Parallel to {@link AmiMessage.names}. */
  readonly values: readonly string[];
  /**
   * Command output lines: the values of every `Output:` header (Asterisk 14 and later), or the raw
   * lines of a legacy `Response: Follows` … `--END COMMAND--` body (Asterisk 13 and older, Yeastar),
   * or any line without a colon that a peer put inside a frame.
   */
  readonly output: readonly string[];

  #variables: Readonly<Record<string, string>> | undefined;
  #fields: Readonly<Record<string, string>> | undefined;

  /**
   * Builds a message. The decoder does this; tests and fakes may too.
   *
   * @param names - header names in order
   * @param values - header values, same length as `names`
   * @param output - raw output lines of a legacy command response (the `Output:` header values are
   *   added to them automatically)
   * @throws ValidationError (`INVALID_INPUT`) when `names` and `values` differ in length
   */
  constructor(names: readonly string[], values: readonly string[], output: readonly string[] = []) {
    if (names.length !== values.length) {
      throw new ValidationError('AmiMessage', [
        {
          field: 'values',
          message: `needs one value per header name; got ${names.length} names and ${values.length} values.`,
        },
      ]);
    }
    this.names = names;
    this.values = values;
    this.type = typeOf(names);
    let out: string[] | undefined;
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (n.length === 6 && n.toLowerCase() === 'output') {
        if (out === undefined) out = output.slice();
        out.push(values[i]!);
      }
    }
    this.output = out ?? output;
  }

  /** Builds a message from `[name, value]` pairs, e.g. in tests: `AmiMessage.from([['Event', 'Hangup']])`. */
  static from(headers: Iterable<readonly [string, string]>, output: readonly string[] = []): AmiMessage {
    const names: string[] = [];
    const values: string[] = [];
    for (const [n, v] of headers) {
      names.push(n);
      values.push(v);
    }
    return new AmiMessage(names, values, output);
  }

  /** Every header as `[name, value]`, in the order received. A new array each call. */
  get headers(): Array<[string, string]> {
    const out: Array<[string, string]> = new Array(this.names.length);
    for (let i = 0; i < this.names.length; i++) out[i] = [this.names[i]!, this.values[i]!];
    return out;
  }

  /**
   * The event name (`Event:`), response status (`Response:`) or action name (`Action:`), whichever
   * matches {@link AmiMessage.type}; `undefined` for `'unknown'` frames.
   */
  get name(): string | undefined {
    switch (this.type) {
      case 'event':
        return this.get('Event');
      case 'response':
        return this.get('Response');
      case 'action':
        return this.get('Action');
      default:
        return undefined;
    }
  }

  /** The `ActionID` header, if any. */
  get actionId(): string | undefined {
    return this.get('ActionID');
  }

  /**
   * The headers as a read-only object keyed by Asterisk's spelling, first value only (a repeated
   * header, compared case-insensitively, keeps its first value here; all of them stay in
   * {@link AmiMessage.getAll}). Built on first use. Property access is case-sensitive: use
   * {@link AmiMessage.get} when a PBX may spell a header differently. A null-prototype object.
   */
  get fields(): Readonly<Record<string, string>> {
    this.#fields ??= fieldsOf(this.names, this.values);
    return this.#fields;
  }

  /**
   * Channel variables carried by `Variable: name=value`, `ChanVariable: name=value` and
   * `ChanVariable(<channel>): name=value` headers, by name. When a name repeats, the last value wins
   * (every value stays in {@link AmiMessage.headers}). A null-prototype object: safe for any name.
   */
  get variables(): Readonly<Record<string, string>> {
    if (this.#variables === undefined) {
      const vars: Record<string, string> = Object.create(null);
      for (let i = 0; i < this.names.length; i++) {
        const n = this.names[i]!;
        const lower = n.length >= 8 ? n.toLowerCase() : '';
        if (lower === VARIABLE || lower === CHAN_VARIABLE || lower.startsWith(`${CHAN_VARIABLE}(`)) {
          const v = this.values[i]!;
          const eq = v.indexOf('=');
          if (eq > 0) vars[v.slice(0, eq)] = v.slice(eq + 1);
          else if (v.length > 0) vars[v] = '';
        }
      }
      this.#variables = Object.freeze(vars);
    }
    return this.#variables;
  }

  /** The first value of header `name` (case-insensitive), or `undefined` when absent. */
  get(name: string): string | undefined {
    const len = name.length;
    let lower: string | undefined;
    for (let i = 0; i < this.names.length; i++) {
      const n = this.names[i]!;
      if (n === name) return this.values[i];
      if (n.length === len) {
        lower ??= name.toLowerCase();
        if (n.toLowerCase() === lower) return this.values[i];
      }
    }
    return undefined;
  }

  /** Every value of header `name` (case-insensitive), in order; empty when absent. */
  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    const out: string[] = [];
    for (let i = 0; i < this.names.length; i++) {
      const n = this.names[i]!;
      if (n.length === lower.length && (n === name || n.toLowerCase() === lower)) out.push(this.values[i]!);
    }
    return out;
  }

  /** True when header `name` (case-insensitive) is present, even with an empty value. */
  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /**
   * The headers as a plain object keyed by Asterisk's spelling; a repeated header (case-insensitive)
   * becomes an array of every value under the spelling it first had. Output lines of a legacy
   * command response are not headers and are not included; read {@link AmiMessage.output}.
   */
  toObject(): AmiMessageObject {
    const obj: AmiMessageObject = {};
    const keyOf = new Map<string, string>();
    for (let i = 0; i < this.names.length; i++) {
      const n = this.names[i]!;
      const v = this.values[i]!;
      const lower = n.toLowerCase();
      const key = keyOf.get(lower);
      if (key === undefined) {
        keyOf.set(lower, n);
        Object.defineProperty(obj, n, { value: v, enumerable: true, writable: true, configurable: true });
        continue;
      }
      const prev = obj[key]!;
      if (Array.isArray(prev)) prev.push(v);
      else obj[key] = [prev, v];
    }
    return obj;
  }

  /**
   * The headers as AMI wire text (`Name: value` lines and a closing blank line), for logs and tests.
   * Output lines of a legacy command response are not included.
   */
  toString(): string {
    let s = '';
    for (let i = 0; i < this.names.length; i++) s += `${this.names[i]}: ${this.values[i]}\r\n`;
    return `${s}\r\n`;
  }
}
