/**
 * The rules a value must follow wherever it is checked: by the publishing objects (PBX, SIP URI,
 * widget), recording URLs, `SIP_USERS`, and the Asterisk config generator's own options. Each rule
 * is stated here once; the callers word the messages. IP addresses have their own module,
 * `ip-address.ts`. Not exported from the package.
 *
 * @internal
 */

// ---- Numbers ---------------------------------------------------------------------------------

/** True for a whole number from `min` to `max`, both included. */
export function isWholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The highest TCP or UDP port. */
export const MAX_PORT = 65535;

/** True for a TCP or UDP port: a whole number from 1 to {@link MAX_PORT}. */
export function isPort(value: unknown): value is number {
  return isWholeNumber(value, 1, MAX_PORT);
}

/** True for a port written in a `host:port` address: decimal digits without a leading zero, 1–65535. */
export function isPortText(value: string): boolean {
  return /^[1-9][0-9]{0,4}$/.test(value) && isPort(Number(value));
}

// ---- Names -----------------------------------------------------------------------------------

/** Longest SIP user part or other identifier the SDK accepts. */
export const MAX_ID_LENGTH = 64;

/** Asterisk keeps context names and .conf section names in an 80-byte buffer: 79 characters at most. */
export const MAX_SECTION_NAME_LENGTH = 79;

/**
 * A character of a name Asterisk takes as written in every place the SDK puts one: a dialplan
 * context, a .conf section, an extension, a channel variable's value, a folder in a recording path.
 */
export const NAME_CHAR = /^[A-Za-z0-9_-]$/;

/** {@link NAME_CHAR} or `.`: SIP user parts and widget ids, which never become folder names. */
export const ID_CHAR = /^[A-Za-z0-9._-]$/;

/** A character of an ARI user name: an ari.conf section, and the Basic user Asterisk presents. */
export const ARI_USER_CHAR = /^[A-Za-z0-9_.@-]$/;

/** The first character of `value` (a whole code point) that `allowed` does not match, if any. */
export function firstCharNotMatching(value: string, allowed: RegExp): string | undefined {
  for (const char of value) {
    if (!allowed.test(char)) return char;
  }
  return undefined;
}

/** True when `value` is `min`–`max` characters long and `allowed` matches every one of them. */
export function consistsOf(value: string, allowed: RegExp, min: number, max: number): boolean {
  return value.length >= min && value.length <= max && firstCharNotMatching(value, allowed) === undefined;
}

/**
 * True for a name the config generator writes as a section, context or extension: {@link NAME_CHAR}s,
 * 1–79 of them, starting with a letter or a digit.
 */
export function isConfName(value: string): boolean {
  return /^[A-Za-z0-9]/.test(value) && consistsOf(value, NAME_CHAR, 1, MAX_SECTION_NAME_LENGTH);
}

// ---- Secrets ---------------------------------------------------------------------------------

/** Longest password or other secret the SDK accepts. */
export const MAX_SECRET_LENGTH = 128;

/**
 * Characters that end a value in an Asterisk .conf line or cut it short: whitespace, control
 * characters, and `;` and `#`, which start a comment. A secret written into a .conf file must not
 * contain them.
 */
export const CONF_VALUE_BREAKER = /[\s;#\p{Cc}]/u;

/**
 * Characters a password may not contain because they would not show when it is typed or printed:
 * whitespace, control and format characters, and unpaired surrogates.
 */
export const INVISIBLE_CHAR = /[\s\p{Cc}\p{Cf}\p{Cs}]/u;

/** The `SIP_USERS` separators: `:` between fields, `,` between entries. */
export const SIP_USERS_SEPARATOR = /[:,]/;

// ---- URLs ------------------------------------------------------------------------------------

/** Parses an absolute URL with the platform `URL` class; `undefined` when it does not parse. */
export function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
