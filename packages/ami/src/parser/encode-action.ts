import { ValidationError, type ValidationProblem } from '@aipbx/core';

/**
 * A value of one action field.
 * - `string`, `number`, `boolean` → one `Name: value` line (`true`/`false` for booleans);
 * - an array → one line per element, in order, each sent **verbatim** (e.g. several
 *   `Variable: NAME=value` lines written by hand: you keep full control, and full responsibility
 *   for Asterisk's comma, quote and bracket syntax);
 * - an object → one `Name: key=value` line per entry (e.g. `Variable: { CALLERID: '100' }`), the
 *   safe form for channel variables: each key must be a variable name (`[A-Za-z0-9_]+`, which
 *   includes the `_`/`__` inheritance prefixes), and each value is escaped so that Asterisk, which
 *   splits such a line at commas and reads quotes, brackets and backslashes, reads back exactly
 *   the value given — see {@link escapeVariableValue};
 * - `undefined` or `null` → the field is left out.
 */
export type AmiFieldValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly (string | number | boolean)[]
  | Readonly<Record<string, string | number | boolean>>;

/** The fields of an action, in the order they are sent. `Action` names the action. */
export type AmiActionFields = Readonly<Record<string, AmiFieldValue>>;

const NAME_OK = /^[^\s:]+$/;
const BREAK = /[\r\n]/;
const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;
const ARG_SPECIAL = /[\\",()[\]]/;
const ARG_SPECIAL_ALL = /[\\",()[\]]/g;

/**
 * Escapes a channel variable's value for a `Variable: name=value` line. Asterisk's `Originate`
 * (and every action that reads `Variable:` lines) parses the line with its application-argument
 * rules: `,` separates variables, `"` toggles quoting, `(` `)` and `[` `]` nest, and a backslash
 * makes the next character literal and is removed. A backslash before each of `\ " , ( ) [ ]`
 * therefore makes Asterisk read back exactly `value` — so `hello,EVIL=1` stays one variable.
 *
 * @param value - the value as the variable should hold it
 * @returns the value to put after `name=`
 *
 * @example
 * ```ts
 * escapeVariableValue('hello,AIPBX_BOUND_ASSISTANT=x'); // 'hello\\,AIPBX_BOUND_ASSISTANT=x'
 * ```
 */
export function escapeVariableValue(value: string): string {
  return ARG_SPECIAL.test(value) ? value.replace(ARG_SPECIAL_ALL, '\\$&') : value;
}

/**
 * Encodes an action as AMI wire text: `Name: value\r\n` per field, then a blank line.
 *
 * Field order is the object's order. Names must be non-empty and free of whitespace and `:`, and
 * no two may be equal ignoring case: Asterisk matches header names case-insensitively and reads
 * only the first, so `{ Action: 'Originate', action: 'Command' }` would be ambiguous. No name or
 * value may contain CR or LF — that would let a value inject extra headers or actions. In the
 * object form (`{ key: value }`, for `Variable`) keys must be variable names and values are
 * escaped ({@link escapeVariableValue}); the array form is sent verbatim. Every problem is
 * reported at once; problem messages name the field, never its value (values may be secrets).
 *
 * @param fields - the action, e.g. `{ Action: 'Ping', ActionID: '1' }`
 * @returns the text to write to the socket
 * @throws ValidationError (`INVALID_INPUT`) listing every invalid field
 *
 * @example
 * ```ts
 * encodeAction({ Action: 'Originate', Channel: 'PJSIP/100', Variable: { FOO: 'bar' }, Async: true });
 * // 'Action: Originate\r\nChannel: PJSIP/100\r\nVariable: FOO=bar\r\nAsync: true\r\n\r\n'
 * ```
 */
export function encodeAction(fields: AmiActionFields): string {
  let out = '';
  let problems: ValidationProblem[] | undefined;
  const problem = (field: string, message: string): void => {
    problems ??= [];
    problems.push({ field, message });
  };
  const seen = new Map<string, string>();
  for (const name of Object.keys(fields)) {
    const raw = fields[name];
    if (raw === undefined || raw === null) continue;
    if (!NAME_OK.test(name)) {
      problem(
        safeFieldLabel(name),
        'a field name must be non-empty and contain no spaces, colons, CR or LF; rename the field.',
      );
      continue;
    }
    const lower = name.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined) {
      problem(
        name,
        `the same field as "${first}": AMI field names are case-insensitive and Asterisk reads only ` +
          'the first, so give each field once (for several lines of one field, pass an array).',
      );
      continue;
    }
    seen.set(lower, name);
    if (Array.isArray(raw)) {
      for (let i = 0; i < raw.length; i++) {
        const line = String(raw[i]);
        if (BREAK.test(line))
          problem(`${name}.${i}`, 'a value must not contain CR or LF (header injection).');
        else out += `${name}: ${line}\r\n`;
      }
    } else if (typeof raw === 'object') {
      for (const key of Object.keys(raw)) {
        const value = String((raw as Record<string, string | number | boolean>)[key]);
        if (!VARIABLE_NAME.test(key)) {
          problem(
            `${name}.${safeFieldLabel(key)}`,
            'a variable name may contain only letters, digits and "_" (a leading "_" or "__" makes it ' +
              'inherited); for anything else, such as a function like CDR(userfield), pass the lines as an array.',
          );
        } else if (BREAK.test(value)) {
          problem(`${name}.${key}`, 'a value must not contain CR or LF (header injection).');
        } else {
          out += `${name}: ${key}=${escapeVariableValue(value)}\r\n`;
        }
      }
    } else {
      const value = String(raw);
      if (BREAK.test(value)) problem(name, 'a value must not contain CR or LF (header injection).');
      else out += `${name}: ${value}\r\n`;
    }
  }
  if (problems !== undefined) throw new ValidationError('AMI action', problems);
  return `${out}\r\n`;
}

/** A field name fit for an error message: control characters shown escaped, length bounded. */
function safeFieldLabel(name: string): string {
  if (name.length === 0) return '(empty name)';
  const shown = JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name);
  return shown;
}
