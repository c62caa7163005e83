/**
 * Secret redaction for logs, error reports and anything else that leaves the process.
 *
 * Two layers:
 * - **by shape** — {@link redactText} recognises where secrets sit in the text the SDK handles
 *   (AMI frames, Asterisk `.conf` lines, query strings, HTTP/SIP `Authorization` headers, URL
 *   userinfo, `SIP_USERS` lists, JSON); {@link redact} also replaces values under secret-looking
 *   object keys ({@link isSensitiveKey});
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

/** Normalised key endings that mark a secret: `ws_password`, `x-api-key`, `AMI_SECRET`, `accessToken`… */
const SECRET_SUFFIXES = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'apikey',
  'token',
  'authorization',
  'cookie',
  'privatekey',
  'accesskey',
  'secretkey',
];
/** Normalised keys that are secrets only when they are the whole key. `key` is AMI's MD5 login `Key:`. */
const SECRET_EXACT = new Set(['pass', 'pwd', 'key']);

const DEPTH_LIMIT = 16;

/** `ws_Password`, `WS-PASSWORD`, `wsPassword` → `wspassword`. */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function isSensitiveNormalized(normalized: string): boolean {
  return SECRET_EXACT.has(normalized) || SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/**
 * True when a field named `key` holds a secret, compared case-insensitively and ignoring `_`, `-`
 * and `.`: anything ending in `password`, `passwd`, `passphrase`, `secret`, `api_key`, `token`,
 * `authorization` (so also `Proxy-Authorization`), `cookie`, `private_key`, `access_key` or
 * `secret_key`, and the exact keys `pass`, `pwd` and `key` (AMI's `Key:`).
 *
 * @example
 * ```ts
 * isSensitiveKey('ws_password'); // true
 * isSensitiveKey('password_format'); // false
 * ```
 */
export function isSensitiveKey(key: string): boolean {
  return isSensitiveNormalized(normalizeKey(key));
}

// ---------------------------------------------------------------------------------------------
// Text

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

/** `scheme://user:password@` — the password runs to the last `@` before the path. */
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*:)([^\s/?#]*)@/gi;
/** `sip:user:password@host` (RFC 3261 allows a password in the userinfo; it has no `:`, `/`, `;` or `?`). */
const SIP_USERINFO = /(?<![a-z0-9+.-])(sips?:[^\s:@;?<>"',]+:)([^\s:@;?/<>"]*)@/gi;
/** `SIP_USERS=ext:password:ext:Name[:ws_password],…` (env or YAML), value to the end of the line. */
const SIP_USERS = /(?<![\w.-])(["']?)(SIP_USERS)\1([ \t]*[:=][ \t]*)([^\r\n]*)/gi;
/** A key followed by `:` or `=`, optionally quoted as in JSON. */
const KEY_VALUE = /(?<![\w.-])(["']?)([A-Za-z_][\w.-]*)\1[ \t]*([:=])[ \t]*/g;
/** A bare bearer token, e.g. in `using Bearer eyJhbGciOi…`. */
const BEARER = /\b(Bearer[ \t]+)([A-Za-z0-9\-._~+/]+=*)/g;
/** A Digest `response=` parameter (the hash that proves the password). */
const DIGEST_RESPONSE = /(\bresponse[ \t]*=[ \t]*)("[^"\r\n]*"?|[^,\s]*)/gi;

function redactUserinfo(_match: string, head: string, password: string): string {
  return `${head}${password === '' ? '' : REDACTED}@`;
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

/** Entries are separated by `,`. */
function redactSipUsersList(list: string): string {
  return list.split(',').map(redactSipUsersEntry).join(',');
}

/** `ext:password:ext:Name[:ws_password]` → passwords (fields 2 and 5) replaced. */
function redactSipUsersEntry(entry: string): string {
  const fields = entry.split(':');
  for (const index of [1, 4]) {
    const field = fields[index];
    if (field !== undefined && field.trim() !== '') fields[index] = REDACTED;
  }
  return fields.join(':');
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

function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return i;
  }
  return text.length;
}

/** End of a quoted string starting at `open` (index of the closing quote), or -1 if unterminated on this line. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i;
    else if (c === '\n' || c === '\r') return -1;
  }
  return -1;
}

function indexOfAny(text: string, from: number, stops: string): number {
  for (let i = from; i < text.length; i++) if (stops.includes(text[i] as string)) return i;
  return text.length;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/** `[start, end)` of the value after a key, by the conventions of the format it appears in. */
function valueRange(
  text: string,
  from: number,
  separator: string,
  quotedKey: boolean,
  context: KeyContext,
): [number, number] {
  if (quotedKey) {
    // JSON-like: "password": "value" or "password": 12345
    const first = text[from];
    if (first === '"' || first === "'") {
      const close = closingQuote(text, from);
      return close < 0 ? [from, trimEnd(text, from, lineEnd(text, from))] : [from + 1, close];
    }
    // An unquoted JSON value is a number or literal; keep an earlier marker whole so this is idempotent.
    if (text.startsWith(REDACTED, from)) return [from, from + REDACTED.length];
    return [from, indexOfAny(text, from, ',}] \t\r\n')];
  }
  if (separator === ':') {
    // Mid-line `secret: 'abc', …` (inspected objects): just the quoted value, when it clearly ends.
    const first = text[from];
    if (context === 'inline' && (first === '"' || first === "'")) {
      const close = closingQuote(text, from);
      if (close > 0 && (close + 1 === text.length || ',;)]}\r\n'.includes(text[close + 1] as string))) {
        return [from + 1, close];
      }
    }
    // Header style (AMI, SIP, HTTP, YAML): the rest of the line.
    return [from, trimEnd(text, from, lineEnd(text, from))];
  }
  if (context === 'query') {
    // URL query parameter: values are percent-encoded, so they stop at the next delimiter. A `'`
    // may appear unencoded in a value, so it does not end one (a quoted URL loses its closing quote).
    return [from, indexOfAny(text, from, '&#"<> \t\r\n')];
  }
  // .conf / env / logfmt: up to an unescaped `;` (an Asterisk comment) or the end of the line;
  // quoted parts may hold anything.
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' || c === '\r' || c === ';') break;
    if (c === '\\') i += text[i + 1] === '\n' || text[i + 1] === '\r' ? 1 : 2;
    else if (c === '"' || c === "'") {
      const close = closingQuote(text, i);
      i = close < 0 ? lineEnd(text, i) : close + 1;
    } else i++;
  }
  return [from, trimEnd(text, from, Math.min(i, text.length))];
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

function redactKeyValues(text: string): string {
  let out = '';
  let copied = 0;
  const pattern = KEY_VALUE;
  pattern.lastIndex = 0;
  let match = pattern.exec(text);
  while (match !== null) {
    const [whole, quote = '', key = '', separator = ''] = match;
    const normalized = normalizeKey(key);
    const context = keyContext(text, match.index);
    const sensitive =
      normalized === 'key'
        ? context === 'query' || (context === 'line' && separator === ':' && quote === '')
        : isSensitiveNormalized(normalized);
    if (sensitive) {
      const from = match.index + whole.length;
      const [start, end] = valueRange(text, from, separator, quote !== '', context);
      if (end > start) {
        const value = text.slice(start, end);
        const replacement = normalized.endsWith('authorization') ? redactAuthorization(value) : REDACTED;
        out += text.slice(copied, start) + replacement;
        copied = end;
        pattern.lastIndex = Math.max(end, pattern.lastIndex);
      }
    }
    match = pattern.exec(text);
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function redactOnce(text: string, secrets: readonly string[]): string {
  let out = secrets.length > 0 ? replaceSecrets(text, secrets) : text;
  out = out.replace(SIP_USERINFO, redactUserinfo);
  out = out.replace(URL_USERINFO, redactUserinfo);
  out = out.replace(SIP_USERS, redactSipUsers);
  out = redactKeyValues(out);
  out = out.replace(BEARER, (_m, head: string) => `${head}${REDACTED}`);
  return out;
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
 * - `Secret: …`, `password = …`, `token=…`, `"api_key": "…"` — any key that
 *   {@link isSensitiveKey} flags, followed by `:` or `=`: AMI frames and other headers (to the end
 *   of the line), `.conf`/env lines (to an unescaped `;` or the end of the line), query strings
 *   `?password=…&api_key=…` (to the next `&`), JSON (the quoted value). AMI's `Key:` counts at the
 *   start of a line or as a query parameter;
 * - `Authorization:`/`Proxy-Authorization:` — `Basic`/`Bearer` credentials; for `Digest` the
 *   `response` hash (username, realm and nonce stay readable for debugging);
 * - URL userinfo: `wss://user:pass@host` → `wss://user:[REDACTED]@host`, and `sip:user:pass@host`;
 * - `SIP_USERS=ext:password:ext:Name[:ws_password],…` (or `SIP_USERS: …`) — both passwords of every entry;
 * - a bare `Bearer <token>`;
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

function readProperty(source: object, key: PropertyKey): unknown {
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return '[Unreadable]';
  }
}

function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function walk(value: unknown, secrets: readonly string[], ancestors: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return redactTextWith(value, secrets);
  if (typeof value !== 'object' || value === null) return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= DEPTH_LIMIT) return '[Truncated]';
  if (value instanceof Date || value instanceof RegExp || ArrayBuffer.isView(value)) return value;
  if (value instanceof ArrayBuffer) return value;
  const UrlClass = (globalThis as { URL?: new (url: string) => { href: string } }).URL;
  if (typeof UrlClass === 'function' && value instanceof UrlClass) return redactTextWith(value.href, secrets);

  ancestors.add(value);
  try {
    const next = (v: unknown): unknown => walk(v, secrets, ancestors, depth + 1);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) out.push(next(readProperty(value, i)));
      return out;
    }
    if (value instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of value) out.set(k, typeof k === 'string' && isSensitiveKey(k) ? REDACTED : next(v));
      return out;
    }
    if (value instanceof Set) {
      const out = new Set<unknown>();
      for (const v of value) out.add(next(v));
      return out;
    }
    if (value instanceof Error) {
      // Same prototype, so `instanceof` and `name` still work; message, stack and cause redacted.
      const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(value)) {
        const descriptor = Object.getOwnPropertyDescriptor(value, key);
        const raw = readProperty(value, key);
        Object.defineProperty(out, key, {
          value: isSensitiveKey(key) ? REDACTED : next(raw),
          enumerable: descriptor?.enumerable ?? true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
    for (const key of Object.keys(value)) {
      setProperty(out, key, isSensitiveKey(key) ? REDACTED : next(readProperty(value, key)));
    }
    return out;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * Returns a redacted deep copy of `value`, for logging. The input is never modified.
 *
 * - strings go through {@link redactText};
 * - in objects, arrays, `Map`s and `Set`s, the value of every key that {@link isSensitiveKey}
 *   flags becomes `[REDACTED]` whatever its type, and everything else is redacted recursively;
 * - `Error`s are copied with the same prototype, their `message`, `stack`, `cause` and own fields
 *   redacted; `URL`s become their redacted `href`;
 * - cycles become `'[Circular]'`, nesting deeper than 16 levels `'[Truncated]'`, a property whose
 *   getter throws `'[Unreadable]'`; dates, regular expressions and binary buffers are kept as they are.
 *
 * Idempotent, and never throws (if the value cannot be walked at all, the result is `[REDACTED]`).
 *
 * @example
 * ```ts
 * redact({ host: 'pbx', username: 'admin', secret: 's3cr3t', url: 'wss://u:p@pbx/ws' });
 * // { host: 'pbx', username: 'admin', secret: '[REDACTED]', url: 'wss://u:[REDACTED]@pbx/ws' }
 * ```
 */
export function redact(value: unknown, options?: RedactOptions): unknown {
  try {
    return walk(value, usableSecrets(options?.secrets), new Set(), 0);
  } catch {
    return REDACTED;
  }
}
