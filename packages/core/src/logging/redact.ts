/**
 * Secret redaction for logs, error reports and anything else that leaves the process.
 *
 * Two layers:
 * - **by shape** — {@link redactText} recognises where secrets sit in the text the SDK handles
 *   (AMI frames, Asterisk `.conf` lines, query strings, HTTP/SIP `Authorization` headers, URL
 *   userinfo, `SIP_USERS` lists, command lines, JSON, also JSON escaped inside strings);
 *   {@link redact} walks values by their structure: secret-looking object keys
 *   ({@link isSensitiveKey}), name/value lists, `Map`s and other entry iterables, byte buffers;
 * - **by value** — {@link RedactOptions.secrets}: exact strings (the configured passwords) that
 *   are replaced wherever they appear, whatever the shape.
 *
 * Redaction errs on the side of hiding: a value after `password:` is cut to the end of the line,
 * even when the line goes on with something harmless. Both functions are idempotent and never throw.
 */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Options of {@link redact} and {@link redactText}. */
export interface RedactOptions {
  /**
   * Exact values to replace wherever they appear (e.g. the configured AMI secret and SIP
   * passwords). Empty strings, and strings that occur inside the `[REDACTED]` marker itself, are
   * ignored.
   */
  readonly secrets?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Key names

/** Normalised keys that name a secret: exact short names, or a secret-looking ending. */
const SECRET_KEY =
  /^(?:pw|auth|key)$|(?:pass(?:word|wd|phrase)?|pwd|secret|token|credentials?|creds|apikey|authorization|cookie|privatekey|accesskey|secretkey)$/;
/** Words that merely end in `pass`. */
const NOT_SECRET_KEY = /(?:by|com|sur|tres|under|over)pass$/;
/** A string that reads as a field name (`Authorization`, `ws_password`, `--password`), not as prose. */
const KEY_NAME = /^-{0,2}[A-Za-z_][\w.-]*$/;

const DEPTH_LIMIT = 16;
/** At most this many entries are read from an iterable (it may never end). */
const ENTRY_LIMIT = 10_000;
/** At most this many bytes of a buffer are decoded. */
const BYTE_LIMIT = 65_536;
const UNREADABLE = '[Unreadable]';
const TRUNCATED = '[Truncated]';

/** `ws_Password`, `WS-PASSWORD`, `wsPassword` → `wspassword`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isSensitiveNormalized(normalized: string): boolean {
  return SECRET_KEY.test(normalized) && !NOT_SECRET_KEY.test(normalized);
}

/**
 * True when a field named `key` holds a secret. The key is normalised (lower-cased, everything
 * but letters and digits removed: `ARI_PASS`, `ari-pass` and `ariPass` all become `aripass`), then
 * it is a secret when it:
 * - ends in `pass`, `password`, `passwd`, `passphrase`, `pwd`, `secret`, `token`, `credential`,
 *   `credentials`, `creds`, `apikey`, `authorization`, `cookie`, `privatekey`, `accesskey` or
 *   `secretkey` — but not in `bypass`, `compass`, `surpass`, `trespass`, `underpass` or `overpass`;
 * - or is exactly `pw`, `auth` or `key` (AMI's MD5 login `Key:`).
 *
 * So `password_format`, `passthrough`, `auth_type`, `authenticated`, `author`, `keyFile` and
 * `tokens_used` stay readable.
 *
 * @example
 * ```ts
 * isSensitiveKey('ws_password'); // true
 * isSensitiveKey('ARI_PASS'); // true
 * isSensitiveKey('password_format'); // false
 * ```
 */
export function isSensitiveKey(key: string): boolean {
  return isSensitiveNormalized(normalizeKey(key));
}

// ---------------------------------------------------------------------------------------------
// Text scanning helpers

/** A replacement of `[start, end)` of the text. */
type Edit = readonly [start: number, end: number, replacement: string];

/** Runs `pattern` (global) over `text`, applying the edits `decide` returns for its matches, left to right. */
function edit(text: string, pattern: RegExp, decide: (match: RegExpExecArray) => Edit | undefined): string {
  let out = '';
  let copied = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const change = decide(match);
    if (change !== undefined && change[0] >= copied) {
      out += text.slice(copied, change[0]) + change[2];
      copied = change[1];
      pattern.lastIndex = Math.max(copied, pattern.lastIndex);
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function indexOfAny(text: string, from: number, stops: string): number {
  for (let i = from; i < text.length; i++) if (stops.includes(text[i] as string)) return i;
  return text.length;
}

function lineEnd(text: string, from: number): number {
  return indexOfAny(text, from, '\r\n');
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/**
 * Where the string opened by the quote at `open` ends: the index of its closing quote (of the
 * backslashes escaping it, for a string escaped `escapes` times), or -1 if it does not end on this
 * line. Escaping once turns every run of `r` backslashes before a quote into `2r + 1`, so in a
 * string escaped `k` times (opened by `2^k - 1` backslashes and a quote, `k` here counting those
 * backslashes) a run of `r` backslashes closes it exactly when `r % (2k + 2) === k`.
 */
function closeQuote(text: string, open: number, escapes = 0): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return -1;
    if (c === '\\' || c === quote) {
      let run = 0;
      while (text[i + run] === '\\') run++;
      if (text[i + run] === quote && run % (2 * escapes + 2) === escapes) return i + run - escapes;
      i += run;
    }
  }
  return -1;
}

/** Backslashes right before `index`. */
function backslashesBefore(text: string, index: number): number {
  let i = index;
  while (text[i - 1] === '\\') i--;
  return index - i;
}

/**
 * End of a value that stops at any of `stops` outside quotes: `\` escapes the next character and
 * quoted parts may hold anything (an unterminated quote runs to the end of the line).
 */
function scanValue(text: string, from: number, stops: string): number {
  let i = from;
  while (i < text.length) {
    const c = text[i] as string;
    if (stops.includes(c)) break;
    if (c === '\\') i += text[i + 1] === '\n' || text[i + 1] === '\r' ? 1 : 2;
    else if (c === '"' || c === "'") {
      const close = closeQuote(text, i);
      i = close < 0 ? lineEnd(text, i) : close + 1;
    } else i++;
  }
  return Math.min(i, text.length);
}

/** A shell word: up to unquoted whitespace. */
const shellWord = (text: string, from: number): number => scanValue(text, from, ' \t\r\n');

// ---------------------------------------------------------------------------------------------
// Text rules

/** Secrets worth replacing, longest first so a secret containing another is replaced whole. */
function usableSecrets(secrets: readonly string[] | undefined): string[] {
  if (secrets === undefined || !Array.isArray(secrets)) return [];
  return secrets
    .filter((s): s is string => typeof s === 'string' && s !== '' && !REDACTED.includes(s))
    .sort((a, b) => b.length - a.length);
}

function replaceSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

/** `sip:user:password@host` (RFC 3261 allows a password in the userinfo; it has no `:`, `/`, `;` or `?`). */
const SIP_USERINFO = /(?<![a-z0-9+.-])(sips?:[^\s:@;?<>"',]+:)([^\s:@;?/<>"]*)@/gi;
/** The start of a URL with an authority: `scheme://`. */
const URL_START = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\//gi;
/** Userinfo without a password is hidden for these schemes (it is usually a token). */
const TOKEN_USER_SCHEMES = /^(?:https?|wss?)$/i;
/** `SIP_USERS=ext:password:ext:Name[:ws_password],…` (env or YAML), value to the end of the line. */
const SIP_USERS = /(?<![\w.-])(["']?)(SIP_USERS)\1([ \t]*[:=][ \t]*)([^\r\n]*)/gi;
/**
 * A key followed by `:` or `=`: quoted as in JSON, also JSON escaped inside a string (`\"key\"`,
 * `\\\"key\\\"`…), or a command-line option (`--password=`).
 */
const KEY_VALUE = /(?<![\w.\\-])(\\*["']|)(-{0,2}[A-Za-z_][\w.-]*)\1[ \t]*([:=])[ \t]*/g;
/** A command-line option and its value as the next word: `--password x`, `-storepass x`. */
const CLI_OPTION = /(?<![\w.\\-])(-{1,2}[A-Za-z][\w.-]*)[ \t]+(?=[^\s:=])/g;
/** `curl -u user:password`, `--user user:password`, `--proxy-user …`: the part after the first `:`. */
const CLI_USER = /(?<!\S)(?:-u[ \t]*|--(?:proxy-)?user(?:[ \t]+|=))(?=\S)/g;
/** `sshpass -p password`. */
const SSHPASS = /\bsshpass[ \t]+-p[ \t]*(?=\S)/g;
/** A bare bearer token, e.g. in `using Bearer eyJhbGciOi…`. */
const BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9\-._~+/]+=*)/g;
/** A bare `Basic <base64>`; hidden when it decodes to `user:password`, so `Basic usage` stays. */
const BASIC = /\b(Basic[ \t]+)([A-Za-z0-9+/]{4,}={0,2})(?![\w+/=])/gi;
/** A Digest `response=` parameter (the hash that proves the password). */
const DIGEST_RESPONSE = /(\bresponse[ \t]*=[ \t]*)("[^"\r\n]*"?|[^,\s]*)/gi;

function redactUserinfo(_match: string, head: string, password: string): string {
  return `${head}${password === '' ? '' : REDACTED}@`;
}

/** A user name that is really a token: long, word characters only, with a digit. */
function looksLikeToken(user: string): boolean {
  return user.length >= 20 && /^[\w-]+$/.test(user) && /\d/.test(user);
}

/** Where the last `@` followed by a host is in `[from, to)`, or -1. */
function lastHostAt(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (text[i] === '@' && /[\w[]/.test(text[i + 1] ?? '')) return i;
  return -1;
}

/**
 * URL userinfo, `scheme://user:password@host`:
 * - the userinfo ends at the last `@` of the authority (so a raw `@` in the password is covered);
 * - when the authority has no `@` but `user:` is followed by something other than a port, the
 *   password holds a raw `/`, `?` or `#` and runs to the last `@` before whitespace that is
 *   followed by a host (`wss://u:pa/ss@host`);
 * - the password is hidden and the user kept, unless the user looks like a token or the password
 *   is empty (`https://token:@host`);
 * - without a password, the user is hidden for `http(s)` and `ws(s)` (`https://ghp_…@github.com`)
 *   or when it looks like a token. `sip:alice@host` has no `//` and is never touched here.
 */
function redactUrlUserinfo(text: string): string {
  let runEnd = -1;
  let runAt = -1;
  return edit(text, URL_START, (match) => {
    const from = match.index + match[0].length;
    const authorityEnd = indexOfAny(text, from, '/?# \t\r\n');
    let at = authorityEnd - 1;
    while (at >= from && text[at] !== '@') at--;
    const colon = indexOfAny(text, from, ':@/?# \t\r\n');
    const port = /^\d{0,5}$/.test(text.slice(colon + 1, authorityEnd));
    if (at < from && text[colon] === ':' && !port) {
      if (from >= runEnd) {
        runEnd = indexOfAny(text, from, ' \t\r\n');
        runAt = lastHostAt(text, from, runEnd);
      }
      at = runAt;
    }
    if (at < from) return undefined;
    const userinfo = text.slice(from, at);
    const split = userinfo.indexOf(':');
    const user = split < 0 ? userinfo : userinfo.slice(0, split);
    const hideUser =
      user !== '' &&
      (looksLikeToken(user) ||
        (split < 0 ? TOKEN_USER_SCHEMES.test(match[1] as string) : split === userinfo.length - 1));
    const password = split < 0 ? '' : `:${split === userinfo.length - 1 ? '' : REDACTED}`;
    return [from, at, `${hideUser ? REDACTED : user}${password}`];
  });
}

function redactSipUsers(
  _match: string,
  quote: string,
  label: string,
  separator: string,
  raw: string,
): string {
  const head = `${quote}${label}${quote}${separator}`;
  const open = raw[0];
  if (open === '"' || open === "'") {
    const close = raw.indexOf(open, 1);
    if (close > 0) return `${head}${open}${redactSipUsersList(raw.slice(1, close))}${raw.slice(close)}`;
  }
  // Unquoted, or an unterminated quote (which then stays in the first field, not a secret).
  return head + redactSipUsersList(raw);
}

/** Entries are separated by `,`; in each, `ext:password:ext:Name[:ws_password]` → fields 2 and 5 replaced. */
function redactSipUsersList(list: string): string {
  return list
    .split(',')
    .map((entry) => {
      const fields = entry.split(':');
      for (const index of [1, 4]) if (fields[index]?.trim()) fields[index] = REDACTED;
      return fields.join(':');
    })
    .join(',');
}

/** Where a key sits: right after `?`/`&` (a query parameter), alone at the start of a line, or elsewhere. */
type KeyContext = 'query' | 'line' | 'inline';

function keyContext(text: string, start: number): KeyContext {
  const before = text[start - 1];
  if (before === '?' || before === '&') return 'query';
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n' || text[i] === '\r' ? 'line' : 'inline';
}

/** `[start, end)` of the value after a key that starts at `keyStart`, by the conventions of its format. */
function valueRange(
  text: string,
  keyStart: number,
  from: number,
  separator: string,
  quotedKey: boolean,
  context: KeyContext,
): [number, number] {
  if (quotedKey) {
    // JSON-like: "password": "value" or "password": 12345, also escaped: \"password\": \"value\"
    let k = 0;
    while (text[from + k] === '\\') k++;
    const first = text[from + k];
    if (first === '"' || first === "'") {
      const close = closeQuote(text, from + k, k);
      return close < 0 ? [from, trimEnd(text, from, lineEnd(text, from))] : [from + k + 1, close];
    }
    // An unquoted JSON value is a number or literal; keep an earlier marker whole so this is idempotent.
    if (text.startsWith(REDACTED, from)) return [from, from + REDACTED.length];
    return [from, indexOfAny(text, from, ',}] \t\r\n\\')];
  }
  if (separator === ':') {
    // Mid-line `secret: 'abc', …` (inspected objects): just the quoted value, when it clearly ends.
    const first = text[from];
    if (context === 'inline' && (first === '"' || first === "'")) {
      const close = closeQuote(text, from);
      if (close > 0 && (close + 1 === text.length || ',;)]}\r\n'.includes(text[close + 1] as string))) {
        return [from + 1, close];
      }
    }
    // Header style (AMI, SIP, HTTP, YAML): the rest of the line, or of the quoted string the key
    // opens (`curl -H 'Authorization: Basic …'`).
    const open = keyStart - 1;
    const close =
      text[open] === '"' || text[open] === "'" ? closeQuote(text, open, backslashesBefore(text, open)) : -1;
    return [from, trimEnd(text, from, close >= from ? close : lineEnd(text, from))];
  }
  if (context === 'query') {
    // URL query parameter: values are percent-encoded, so they stop at the next delimiter. A `'`
    // may appear unencoded in a value, so it does not end one (a quoted URL loses its closing quote).
    return [from, indexOfAny(text, from, '&#"<> \t\r\n')];
  }
  // .conf / env / logfmt: up to an unescaped `;` (an Asterisk comment) or the end of the line.
  return [from, trimEnd(text, from, scanValue(text, from, ';\r\n'))];
}

/** `Basic …`/`Bearer …` → scheme kept, credentials hidden; `Digest …` → only `response` hidden. */
function redactAuthorization(value: string): string {
  const match = /^([A-Za-z][\w-]*)([ \t]+)(\S[\s\S]*)$/.exec(value);
  if (match === null) return REDACTED;
  const [, scheme = '', space = '', rest = ''] = match;
  if (scheme.toLowerCase() !== 'digest') return `${scheme}${space}${REDACTED}`;
  return `${scheme}${space}${rest.replace(DIGEST_RESPONSE, (_m, head: string, v: string) =>
    v.startsWith('"') ? `${head}"${REDACTED}"` : `${head}${REDACTED}`,
  )}`;
}

/** `key: value`, `key=value`, `"key": "value"`, `--key=value` for every key {@link isSensitiveKey} flags. */
function redactKeyValues(text: string): string {
  return edit(text, KEY_VALUE, (match) => {
    const [whole, quote = '', key = '', separator = ''] = match;
    const normalized = normalizeKey(key);
    const context = keyContext(text, match.index);
    const option = key.startsWith('-') && separator === '=';
    // AMI's `Key:` counts at the start of a line or as a query parameter, not as `--key=file.pem`.
    const sensitive =
      normalized === 'key'
        ? !option && (context === 'query' || (context === 'line' && separator === ':' && quote === ''))
        : isSensitiveNormalized(normalized);
    if (!sensitive) return undefined;
    const from = match.index + whole.length;
    const [start, end] = option
      ? [from, shellWord(text, from)]
      : valueRange(text, match.index + quote.length, from, separator, quote !== '', context);
    if (end <= start) return undefined;
    const value = text.slice(start, end);
    return [start, end, normalized.endsWith('authorization') ? redactAuthorization(value) : REDACTED];
  });
}

/** Command lines: `--password x`, `curl -u user:x`, `sshpass -p x`. `-p x` alone is too ambiguous. */
function redactCommandLines(text: string): string {
  const options = edit(text, CLI_OPTION, (match) => {
    const normalized = normalizeKey(match[1] as string);
    if (normalized === 'key' || !isSensitiveNormalized(normalized)) return undefined;
    const from = match.index + match[0].length;
    return [from, shellWord(text, from), REDACTED];
  });
  const users = edit(options, CLI_USER, (match) => {
    const from = match.index + match[0].length;
    const end = shellWord(options, from);
    const colon = options.indexOf(':', from);
    if (colon < 0 || colon >= end) return undefined;
    const quote = options[from];
    const close = (quote === '"' || quote === "'") && options[end - 1] === quote ? end - 1 : end;
    return colon + 1 < close ? [colon + 1, close, REDACTED] : undefined;
  });
  return edit(users, SSHPASS, (match) => {
    const from = match.index + match[0].length;
    return [from, shellWord(users, from), REDACTED];
  });
}

/** True when `base64` decodes to printable `user:password` text. */
function isBasicCredentials(base64: string): boolean {
  try {
    const decode = (globalThis as { atob?: (data: string) => string }).atob;
    return decode !== undefined && /^[ -~\x80-\xff]*:[ -~\x80-\xff]*$/.test(decode(base64));
  } catch {
    return false;
  }
}

/** JSON documents (`{…}`, `[…]`, `"…"`) that parse are redacted by structure, see {@link redactJson}. */
const JSON_START = /^\s*[[{"]/;
const JSON_END = /[\]}"]\s*$/;

/**
 * A JSON document redacted by its structure, like {@link redact} does for values (keys, name/value
 * lists, strings, JSON nested in strings). Kept byte for byte when nothing is hidden; otherwise
 * re-serialised with the document's indentation. `undefined` when the text is not JSON (or nests
 * too deep), so the text rules apply.
 */
function redactJson(text: string, secrets: readonly string[]): string | undefined {
  if (!JSON_START.test(text) || !JSON_END.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const state: WalkState = { secrets, seen: new Set(), truncated: false };
  const walked = walk(parsed, state, 0);
  if (state.truncated) return undefined;
  if (JSON.stringify(walked) === JSON.stringify(parsed)) return text;
  return JSON.stringify(walked, null, /\n([ \t]+)/.exec(text)?.[1]);
}

function redactOnce(text: string, secrets: readonly string[]): string {
  let out = secrets.length > 0 ? replaceSecrets(text, secrets) : text;
  const json = redactJson(out, secrets);
  if (json !== undefined) return json;
  out = out.replace(SIP_USERINFO, redactUserinfo);
  out = redactUrlUserinfo(out);
  out = out.replace(SIP_USERS, redactSipUsers);
  out = redactKeyValues(out);
  out = redactCommandLines(out);
  out = out.replace(BEARER, (_m, head: string) => `${head}${REDACTED}`);
  return out.replace(BASIC, (m, head: string, base64: string) =>
    isBasicCredentials(base64) ? `${head}${REDACTED}` : m,
  );
}

/**
 * Applies every rule until nothing changes. A redaction can remove a delimiter another rule stopped
 * at (a `/` inside a hidden password, say), so one pass is not always final; repeating makes the
 * result idempotent. Each round only hides more; a handful of rounds is always enough in practice.
 */
function redactTextWith(text: string, secrets: readonly string[]): string {
  let current = text;
  for (let round = 0; round < 8; round++) {
    const next = redactOnce(current, secrets);
    if (next === current) break;
    current = next;
  }
  return current;
}

/**
 * Returns `text` with secrets replaced by `[REDACTED]`:
 * - a JSON document that parses is redacted by structure, as {@link redact} would (then
 *   re-serialised, with its indentation, if anything was hidden);
 * - `Secret: …`, `password = …`, `token=…`, `"api_key": "…"`, `\"api_key\": \"…\"` (JSON escaped
 *   in a string) — any key that {@link isSensitiveKey} flags, followed by `:` or `=`: AMI frames
 *   and other headers (to the end of the line, or of the quoted string the header starts),
 *   `.conf`/env lines (to an unescaped `;` or the end of the line), query strings
 *   `?password=…&api_key=…` (to the next `&`), JSON (the quoted value). AMI's `Key:` counts at the
 *   start of a line or as a query parameter;
 * - `Authorization:`/`Proxy-Authorization:` — `Basic`/`Bearer` credentials; for `Digest` the
 *   `response` hash (username, realm and nonce stay readable for debugging);
 * - URL userinfo: `wss://user:pass@host` → `wss://user:[REDACTED]@host`, also when the password
 *   holds a raw `/`, `?`, `#` or `@`; a user alone is hidden for `http(s)`/`ws(s)` URLs
 *   (`https://[REDACTED]@github.com`) or when it looks like a token; `sip:user:pass@host` (but
 *   `sip:user@host` stays readable);
 * - `SIP_USERS=ext:password:ext:Name[:ws_password],…` (or `SIP_USERS: …`) — both passwords of every entry;
 * - command lines: `--password=x`, `--password x`, `-storepass x` (the next word),
 *   `curl -u user:x` / `--user user:x` (the part after the first `:`), `sshpass -p x`;
 * - a bare `Bearer <token>`, and a bare `Basic <base64>` that decodes to `user:password`;
 * - every string in `options.secrets`, wherever it appears.
 *
 * Idempotent, and never throws: a value that is not a string is converted first.
 *
 * @example
 * ```ts
 * redactText('Action: Login\r\nUsername: admin\r\nSecret: s3cr3t\r\n');
 * // 'Action: Login\r\nUsername: admin\r\nSecret: [REDACTED]\r\n'
 * redactText('wss://1001:pw@pbx.example.com:8089/ws'); // 'wss://1001:[REDACTED]@pbx.example.com:8089/ws'
 * ```
 */
export function redactText(text: string, options?: RedactOptions): string {
  try {
    const input = typeof text === 'string' ? text : String(text);
    return redactTextWith(input, usableSecrets(options?.secrets));
  } catch {
    return REDACTED;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

interface WalkState {
  readonly secrets: readonly string[];
  /** Objects being walked (the current path), to spot cycles. */
  readonly seen: Set<object>;
  /** Set when something nested deeper than {@link DEPTH_LIMIT}. */
  truncated: boolean;
}

type Next = (value: unknown) => unknown;

function readProperty(source: object, key: PropertyKey): unknown {
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

/**
 * The redacted value of a field named by any of `names` (a raw name and its redacted form, so a
 * second pass decides the same): `[REDACTED]` under a secret name, `SIP_USERS` lists with their
 * passwords hidden, anything else redacted as usual. `strict` accepts only key-shaped names.
 */
function fieldValue(names: readonly unknown[], value: unknown, next: Next, strict: boolean): unknown {
  let sipUsers = false;
  for (const name of names) {
    if (typeof name !== 'string' || (strict && !KEY_NAME.test(name))) continue;
    const normalized = normalizeKey(name);
    if (isSensitiveNormalized(normalized)) return REDACTED;
    sipUsers ||= normalized === 'sipusers';
  }
  let out = next(value);
  // Hide the list's passwords, then redact the text again, until that changes nothing (idempotence).
  for (let round = 0; sipUsers && typeof out === 'string' && round < 8; round++) {
    const again = next(redactSipUsersList(out));
    if (again === out) break;
    out = again;
  }
  return out;
}

/**
 * A list: an element right after a key-shaped secret name is hidden. That covers flat name/value
 * lists (Node's `rawHeaders`, `process.argv` with `--password x`) and `[name, value]` pairs.
 */
function walkList(items: readonly unknown[], next: Next): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    out.push(i === 0 ? next(items[0]) : fieldValue([items[i - 1], out[i - 1]], items[i], next, true));
  }
  return out;
}

/** `Map`s and other iterables with `entries()` (`Headers`, `URLSearchParams`, `FormData`) → `[key, value]` pairs. */
function walkEntries(source: { entries(): Iterable<unknown> }, next: Next): unknown[] {
  const out: unknown[] = [];
  for (const entry of source.entries()) {
    if (out.length >= ENTRY_LIMIT) {
      out.push(TRUNCATED);
      break;
    }
    if (Array.isArray(entry) && entry.length === 2) {
      const key = next(entry[0]);
      out.push([key, fieldValue([entry[0], key], entry[1], next, false)]);
    } else out.push(next(entry));
  }
  return out;
}

/** The bytes of a buffer or of any view on one (`Uint8Array`, Node's `Buffer`, `DataView`…). */
function bytesOf(value: object): Uint8Array | undefined {
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)
    return new Uint8Array(value);
  return undefined;
}

/** UTF-8 text of the first {@link BYTE_LIMIT} bytes (invalid sequences become U+FFFD), then `…[N more bytes]`. */
function decodeBytes(bytes: Uint8Array): string {
  const Decoder = (globalThis as { TextDecoder?: new () => { decode(input: Uint8Array): string } })
    .TextDecoder;
  const rest = bytes.length - BYTE_LIMIT;
  // `slice` copies, as text on shared memory cannot be decoded.
  const text = Decoder === undefined ? '' : new Decoder().decode(bytes.slice(0, BYTE_LIMIT));
  return rest > 0 ? `${text}…[${rest} more bytes]` : text;
}

function walk(value: unknown, state: WalkState, depth: number): unknown {
  if (typeof value === 'string') return redactTextWith(value, state.secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (state.seen.has(value)) return '[Circular]';
  if (depth >= DEPTH_LIMIT) {
    state.truncated = true;
    return TRUNCATED;
  }
  state.seen.add(value);
  try {
    return walkObject(value, state, (v) => walk(v, state, depth + 1));
  } catch {
    // A Proxy or exotic object that refuses to be read.
    return UNREADABLE;
  } finally {
    state.seen.delete(value);
  }
}

function walkObject(value: object, state: WalkState, next: Next): unknown {
  const bytes = bytesOf(value);
  if (bytes !== undefined) return redactTextWith(decodeBytes(bytes), state.secrets);
  if (value instanceof Date || value instanceof RegExp) return value;
  const UrlClass = (globalThis as { URL?: new (url: string) => { href: string } }).URL;
  if (typeof UrlClass === 'function' && value instanceof UrlClass)
    return redactTextWith(value.href, state.secrets);
  if (Array.isArray(value)) {
    return walkList(
      Array.from({ length: value.length }, (_, i) => readProperty(value, i)),
      next,
    );
  }
  if (value instanceof Set) return walkList([...value], next);
  if (value instanceof Error) {
    // Same prototype, so `instanceof` and `name` still work; message, stack and cause redacted.
    const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
    for (const key of Object.getOwnPropertyNames(value)) {
      Object.defineProperty(out, key, {
        value: fieldValue([key], readProperty(value, key), next, false),
        enumerable: Object.getOwnPropertyDescriptor(value, key)?.enumerable ?? true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  const iterable = value as { entries?: unknown; [Symbol.iterator]?: unknown };
  if (typeof iterable.entries === 'function' && typeof iterable[Symbol.iterator] === 'function') {
    return walkEntries(value as { entries(): Iterable<unknown> }, next);
  }
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const name = redactTextWith(key, state.secrets);
    setProperty(out, name, fieldValue([key, name], readProperty(value, key), next, false));
  }
  return out;
}

/**
 * Returns a redacted deep copy of `value`, for logging: plain, log-safe data. The input is never
 * modified.
 *
 * - strings go through {@link redactText};
 * - in objects, the value of every key that {@link isSensitiveKey} flags becomes `[REDACTED]`
 *   whatever its type (keys themselves go through {@link redactText}), and everything else is
 *   redacted recursively; a `SIP_USERS` value has its passwords hidden;
 * - in arrays, an element right after a key-shaped secret name (`'Authorization'`, `'--password'`)
 *   becomes `[REDACTED]`: this covers Node's `rawHeaders`, argument lists and `[name, value]` pairs;
 * - `Map`s and other iterables of entries (`Headers`, `URLSearchParams`, `FormData`) become arrays
 *   of `[key, value]` pairs with the value redacted by its key (at most 10,000 entries), `Set`s
 *   become arrays — so nothing is lost when the result is serialised as JSON;
 * - byte buffers (`ArrayBuffer`, `Uint8Array`, Node's `Buffer`, `DataView`, any typed array) are
 *   decoded as UTF-8 text — the first 64 KiB, then `…[N more bytes]` — and returned as a redacted
 *   string;
 * - `Error`s are copied with the same prototype, their `message`, `stack`, `cause` and own fields
 *   redacted; `URL`s become their redacted `href`; dates and regular expressions are kept;
 * - cycles become `'[Circular]'`, nesting deeper than 16 levels `'[Truncated]'`, a property whose
 *   getter throws (or an object that cannot be read at all) `'[Unreadable]'`.
 *
 * Idempotent, and never throws (if the value cannot be walked at all, the result is `[REDACTED]`).
 *
 * @example
 * ```ts
 * redact({ host: 'pbx', username: 'admin', secret: 's3cr3t', url: 'wss://u:p@pbx/ws' });
 * // { host: 'pbx', username: 'admin', secret: '[REDACTED]', url: 'wss://u:[REDACTED]@pbx/ws' }
 * redact({ rawHeaders: ['Authorization', 'Basic dXNlcjpwYXNz'] });
 * // { rawHeaders: ['Authorization', '[REDACTED]'] }
 * ```
 */
export function redact(value: unknown, options?: RedactOptions): unknown {
  try {
    return walk(value, { secrets: usableSecrets(options?.secrets), seen: new Set(), truncated: false }, 0);
  } catch {
    return REDACTED;
  }
}
