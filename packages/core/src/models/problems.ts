/**
 * Internal validation toolkit shared by the publishing objects, recording URLs and SIP_USERS.
 * Not re-exported from the package: the public surface is the `validate*`, `create*` and `isValid*`
 * functions built on it.
 *
 * Every check here returns a message (`string`) when the value is wrong and `undefined` when it is
 * fine. A message names the field, says what is wrong and what to do, and never repeats the value
 * it judged — at most the one offending character, and never even that for secrets. The rules
 * themselves (character sets, lengths, ports, IP addresses, what a secret may not contain) come
 * from `../rules`, which the Asterisk config generator checks its options with too.
 *
 * @internal
 */
import { ValidationError, type ValidationProblem } from '../errors/index.js';
import { isIpv4 } from '../rules/ip-address.js';
import {
  CONF_VALUE_BREAKER,
  firstCharNotMatching,
  ID_CHAR,
  INVISIBLE_CHAR,
  isPortText,
  MAX_ID_LENGTH,
  MAX_SECRET_LENGTH,
  MAX_SECTION_NAME_LENGTH,
  NAME_CHAR,
  parseUrl,
  SIP_USERS_SEPARATOR,
} from '../rules/value-rules.js';

/** Dialplan context used when none is given: `assistant-in`. */
export const DEFAULT_CONTEXT = 'assistant-in';

/** Longest display name (widget name, PBX name, SIP display name). */
const MAX_NAME_LENGTH = 200;
/** Longest internal comment. */
const MAX_COMMENT_LENGTH = 500;
/** Longest DNS host name. */
const MAX_HOST_LENGTH = 253;

/** Appends a problem for `field` when `message` is defined. */
export function addProblem(problems: ValidationProblem[], field: string, message: string | undefined): void {
  if (message !== undefined) problems.push({ field, message });
}

/** Throws a {@link ValidationError} about `subject` listing every problem, if there is any. */
export function throwIfProblems(subject: string, problems: readonly ValidationProblem[]): void {
  if (problems.length > 0) throw new ValidationError(subject, problems);
}

/** True for a non-null, non-array object whose fields can be read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What kind of value this is, for messages, without its content: `null`, `an array`, `a number`… */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'undefined' ? 'undefined' : type === 'object' ? 'an object' : `a ${type}`;
}

/**
 * One character named for people: `'x'`, `'ж' (U+0436)`, `a space`, or `an invisible character
 * (U+0009)` for whitespace, control and format characters that would not show when printed.
 */
export function describeChar(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (char === ' ') return 'a space';
  if (/^[\s\p{Cc}\p{Cf}\p{Cs}\p{Z}]$/u.test(char)) return `an invisible character (${hex})`;
  const quoted = char === "'" ? `"'"` : `'${char}'`;
  return codePoint < 0x80 ? quoted : `${quoted} (${hex})`;
}

/** Length in Unicode code points, so `'ж'` and `'😀'` count as one character each. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length += 1;
  return length;
}

/** The message for a value that is not a string at all: missing, or of another type. */
export function notAString(label: string, value: unknown): string {
  return value === undefined
    ? `${label} is required`
    : `${label} must be a string, not ${describeValue(value)}`;
}

/** How an identifier rule differs between its uses. */
export interface IdentifierRule {
  /** Whether the value may start with `_` (it may not when it becomes an Asterisk extension). */
  leadingUnderscore: boolean;
  /** Whether `.` is allowed (it is not where the value becomes a folder name: `..` would climb out). */
  dot: boolean;
  /** Why the charset is narrow, e.g. `it becomes a PJSIP section name and an Asterisk extension`. */
  purpose: string;
  /** An example of a good value, for the message about an empty one. */
  example: string;
}

/**
 * An identifier: Latin letters, digits, `-`, `_` and (where `rule.dot`) `.`, 1–64 characters, not
 * starting with `.` or `-` (nor `_` unless `rule.leadingUnderscore`).
 */
export function identifierProblem(value: unknown, label: string, rule: IdentifierRule): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') return `${label} must not be empty: enter an id such as ${rule.example}`;
  const bad = firstCharNotMatching(value, rule.dot ? ID_CHAR : NAME_CHAR);
  if (bad !== undefined) {
    const allowed = rule.dot ? "'-', '_' and '.'" : "'-' and '_'";
    return `${label} contains ${describeChar(bad)}; use only Latin letters, digits, ${allowed}, because ${rule.purpose}`;
  }
  const first = value.charAt(0);
  if (first === '.' || first === '-') {
    return `${label} starts with '${first}'; start it with a letter or a digit`;
  }
  if (first === '_' && !rule.leadingUnderscore) {
    return `${label} starts with '_'; start it with a letter or a digit, because Asterisk reads an extension starting with '_' as a dialplan pattern`;
  }
  if (value.length > MAX_ID_LENGTH) {
    return `${label} is ${value.length} characters long; shorten it to at most ${MAX_ID_LENGTH}`;
  }
  return undefined;
}

/** The rule for a SIP user part: also a PJSIP section name and an Asterisk extension. */
export const SIP_USER_RULE: IdentifierRule = {
  leadingUnderscore: false,
  dot: true,
  purpose: 'it becomes a PJSIP section name and an Asterisk extension',
  example: 'support-bot',
};

/**
 * The rule for an assistant id: a dialled extension in the generated dialplan (widgets and SIP URIs
 * reach their assistant by name), a channel variable value and a folder name in recording paths.
 */
export const ASSISTANT_RULE: IdentifierRule = {
  leadingUnderscore: false,
  dot: false,
  purpose: 'it becomes an Asterisk extension, a channel variable and a folder name in recording paths',
  example: 'support-assistant',
};

/** A SIP user part (see {@link SIP_USER_RULE}). */
export function sipUserProblem(value: unknown, label: string): string | undefined {
  return identifierProblem(value, label, SIP_USER_RULE);
}

/** An assistant id (see {@link ASSISTANT_RULE}). */
export function assistantIdProblem(value: unknown, label: string): string | undefined {
  return identifierProblem(value, label, ASSISTANT_RULE);
}

/** An Asterisk dialplan context name: `[A-Za-z0-9_-]`, 1–79 characters, starting with a letter or digit. */
export function contextProblem(value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') {
    return `${label} must not be empty: leave it out to use ${DEFAULT_CONTEXT}, or name a dialplan context`;
  }
  const bad = firstCharNotMatching(value, NAME_CHAR);
  if (bad !== undefined) {
    return `${label} contains ${describeChar(bad)}; a dialplan context name may use only Latin letters, digits, '-' and '_'`;
  }
  if (!/^[A-Za-z0-9]/.test(value)) {
    return `${label} starts with '${value.charAt(0)}'; start it with a letter or a digit, as the generated configuration's context names do`;
  }
  if (value.length > MAX_SECTION_NAME_LENGTH) {
    return `${label} is ${value.length} characters long; Asterisk allows at most ${MAX_SECTION_NAME_LENGTH} in a context name`;
  }
  return undefined;
}

/** Which extra characters a secret may not contain, beyond whitespace and control characters. */
export interface SecretRule {
  /** Reject `;` and `#`: the secret is written into an Asterisk `.conf` line. */
  conf: boolean;
  /** Reject `:` and `,`: the secret is carried in a SIP_USERS string. */
  sipUsers: boolean;
}

/**
 * A password or other secret: required, at most 128 characters, no whitespace, control, format or
 * unpaired surrogate characters, plus the characters {@link SecretRule} names. Messages never
 * contain the secret, its length, or which position is wrong.
 */
export function secretProblem(value: unknown, label: string, rule: SecretRule): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') return `${label} must not be empty`;
  if (INVISIBLE_CHAR.test(value)) {
    return `${label} contains a space, line break or other invisible character; remove it, it would be lost or break the configuration`;
  }
  // Whitespace and control characters are refused above, so what CONF_VALUE_BREAKER finds here is ';' or '#'.
  if (rule.conf && CONF_VALUE_BREAKER.test(value)) {
    return `${label} contains ';' or '#'; Asterisk .conf files start a comment at ';' (and many config tools at '#'), so the password would be cut short there: choose one without them`;
  }
  if (rule.sipUsers && SIP_USERS_SEPARATOR.test(value)) {
    return `${label} contains ':' or ','; SIP_USERS separates fields with ':' and entries with ',' and cannot carry them: choose one without them`;
  }
  if (codePointLength(value) > MAX_SECRET_LENGTH) {
    return `${label} is longer than ${MAX_SECRET_LENGTH} characters; choose a shorter one`;
  }
  return undefined;
}

/** The rule for SIP and ARI passwords that are written into Asterisk configuration. */
export const CONF_SECRET: SecretRule = { conf: true, sipUsers: false };

const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;

/**
 * A display name: any Unicode, at most `max` characters, not blank, one line, no control
 * characters. `forbidden` lists further characters the carrier format cannot hold, with the reason.
 */
export function nameProblem(
  value: unknown,
  label: string,
  forbidden?: { chars: RegExp; reason: string },
): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value.trim() === '') return `${label} must not be empty: enter a name people will recognise`;
  if (LINE_BREAK.test(value)) return `${label} must be a single line: remove the line breaks`;
  const control = firstCharNotMatching(value, /^[^\p{Cc}\p{Cs}]$/u);
  if (control !== undefined) return `${label} contains ${describeChar(control)}; remove it`;
  if (forbidden !== undefined) {
    const bad = firstCharNotMatching(value, forbidden.chars);
    if (bad !== undefined) return `${label} contains ${describeChar(bad)}, ${forbidden.reason}`;
  }
  const length = codePointLength(value);
  if (length > MAX_NAME_LENGTH) {
    return `${label} is ${length} characters long; shorten it to at most ${MAX_NAME_LENGTH}`;
  }
  return undefined;
}

/** An optional one-line comment of at most 500 characters. `undefined` is fine. */
export function commentProblem(value: unknown, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return `${label} must be a string, not ${describeValue(value)}`;
  if (LINE_BREAK.test(value)) return `${label} must be a single line: remove the line breaks`;
  const control = firstCharNotMatching(value, /^(?:\t|[^\p{Cc}\p{Cs}])$/u);
  if (control !== undefined) return `${label} contains ${describeChar(control)}; remove it`;
  const length = codePointLength(value);
  if (length > MAX_COMMENT_LENGTH) {
    return `${label} is ${length} characters long; shorten it to at most ${MAX_COMMENT_LENGTH}`;
  }
  return undefined;
}

/**
 * A bare host: a DNS name (letters, digits, `-`, dot-separated labels of 1–63 characters, at most
 * 253 in all) or an IPv4 address. Nothing else: no scheme, port, path, user or trailing dot.
 */
export function hostNameProblem(value: string, label: string): string | undefined {
  const example = 'such as pbx.example.com or 192.0.2.10';
  const nonAscii = firstCharNotMatching(value, /^[\x21-\x7e]$/);
  if (nonAscii !== undefined) {
    return /^[\p{L}\p{N}]$/u.test(nonAscii)
      ? `${label} contains ${describeChar(nonAscii)}; write an international domain name in its ASCII (xn--) form`
      : `${label} contains ${describeChar(nonAscii)}; write just the host name, ${example}`;
  }
  const bad = firstCharNotMatching(value, /^[A-Za-z0-9.-]$/);
  if (bad !== undefined) {
    return `${label} contains ${describeChar(bad)}; a host name may use only Latin letters, digits, '-' and '.' (${example})`;
  }
  if (value.length > MAX_HOST_LENGTH) {
    return `${label} is ${value.length} characters long; a host name has at most ${MAX_HOST_LENGTH}`;
  }
  const labels = value.split('.');
  if (labels.some((part) => part === '')) {
    return `${label} has an empty part between dots (or a dot at its start or end); write a host name ${example}`;
  }
  if (labels.some((part) => part.length > 63)) {
    return `${label} has a part longer than 63 characters between dots; DNS does not allow that`;
  }
  if (labels.some((part) => part.startsWith('-') || part.endsWith('-'))) {
    return `${label} has a part that starts or ends with '-'; DNS does not allow that`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? '') && !isIpv4(value)) {
    return `${label} looks like an IPv4 address but is not one: use four numbers from 0 to 255, such as 192.0.2.10`;
  }
  return undefined;
}

/**
 * A host that may carry nothing else: explains a scheme, user, path or port in plain words before
 * judging the remaining text with {@link hostNameProblem}.
 */
export function bareHostProblem(value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') return `${label} must not be empty: enter a host name such as pbx.example.com`;
  if (value.includes('://') || /^sips?:/i.test(value)) {
    return `${label} must be a host name without a scheme: write pbx.example.com, not https://pbx.example.com`;
  }
  if (/[/?#]/.test(value))
    return `${label} must be a host name without a path: remove everything from the '/'`;
  if (value.includes('@'))
    return `${label} must be a host name without a user part: remove everything up to the '@'`;
  if (value.includes(':'))
    return `${label} must be a host name without a port: remove the ':' and what follows`;
  return hostNameProblem(value, label);
}

/**
 * A `host[:port]` address: a host name, IPv4 address or bracketed IPv6 address, optionally with a
 * port 1–65535. No scheme, user, path, query or fragment.
 */
export function hostPortProblem(value: unknown, label: string): string | undefined {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') return `${label} must not be empty: enter a host name such as pbx.example.com`;
  if (value.includes('://')) {
    return `${label} must be a host name without a scheme: write pbx.example.com, not https://pbx.example.com`;
  }
  if (/[/?#]/.test(value))
    return `${label} must be a host name without a path: remove everything from the '/'`;
  if (value.includes('@'))
    return `${label} must be a host name without a user part: remove everything up to the '@'`;
  const match = /^(\[[^\]]*\]|[^:]*)(?::([^:]*))?$/.exec(value);
  if (match === null) {
    return `${label} has more than one ':'; write host or host:port, and put an IPv6 address in brackets, such as [2001:db8::1]:443`;
  }
  const host = match[1] ?? '';
  const port = match[2];
  if (port !== undefined && !isPortText(port)) {
    return `${label} has an invalid port; write a number from 1 to 65535 after the ':'`;
  }
  if (host.startsWith('[')) {
    return isIpv6Literal(host)
      ? undefined
      : `${label} has an invalid IPv6 address in brackets; write it like [2001:db8::1]`;
  }
  if (host === '') return `${label} has no host before the ':'; write pbx.example.com:8443`;
  const problem = hostNameProblem(host, label);
  if (problem !== undefined) return problem;
  // What the platform's URL parser refuses (an invalid punycode "xn--" label, say) could not be
  // used in a URL either.
  if (parseUrl(`https://${host}/`) === undefined) {
    return `${label} is not a host name a URL can hold (check any "xn--" label); write it like pbx.example.com`;
  }
  return undefined;
}

/** True for `[…]` holding an IPv6 address the platform URL parser accepts. */
function isIpv6Literal(bracketed: string): boolean {
  if (!/^\[[0-9A-Fa-f:.]+\]$/.test(bracketed)) return false;
  try {
    return new URL(`https://${bracketed}/`).hostname.startsWith('[');
  } catch {
    return false;
  }
}
