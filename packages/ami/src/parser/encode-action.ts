import { ValidationError, type ValidationProblem } from '@aipbx/core';

/**
 * A value of one action field.
 * - `string`, `number`, `boolean` → one `Name: value` line (`true`/`false` for booleans);
 * - an array → one line per element, in order (e.g. several `Variable:` lines);
 * - an object → one `Name: key=value` line per entry (e.g. `Variable: { CALLERID: '100' }`);
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

/**
 * Encodes an action as AMI wire text: `Name: value\r\n` per field, then a blank line.
 *
 * Field order is the object's order. Names must be non-empty and free of whitespace and `:`; no
 * name or value may contain CR or LF — that would let a value inject extra headers or actions.
 * Every problem is reported at once; problem messages name the field, never its value (values
 * may be secrets).
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
        if (key.length === 0 || key.includes('=') || BREAK.test(key)) {
          problem(`${name}`, 'a variable name must be non-empty and contain no "=", CR or LF.');
        } else if (BREAK.test(value)) {
          problem(`${name}.${key}`, 'a value must not contain CR or LF (header injection).');
        } else {
          out += `${name}: ${key}=${value}\r\n`;
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
