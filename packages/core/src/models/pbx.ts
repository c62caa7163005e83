import { ValidationError, type ValidationProblem } from '../errors/index.js';
import {
  ARI_USER_CHAR,
  firstCharNotMatching,
  MAX_SECTION_NAME_LENGTH,
  parseUrl,
} from '../rules/value-rules.js';
import {
  addProblem,
  CONF_SECRET,
  commentProblem,
  contextProblem,
  DEFAULT_CONTEXT,
  describeChar,
  describeValue,
  isRecord,
  nameProblem,
  notAString,
  secretProblem,
  throwIfProblems,
} from './problems.js';

/**
 * A customer's own Asterisk, connected directly: the AI PBX publishing guide's PBX connection. Calls
 * reach the assistants through ARI.
 */
export interface Pbx {
  /** Display name, e.g. "Офис Москва". */
  name: string;
  /** SIP over secure WebSocket URL, in the form `wss://host:8089/ws`. */
  wssUrl: string;
  /** Asterisk REST Interface base URL, e.g. `https://host:8089`. */
  ariUrl: string;
  /** ARI user name (ari.conf section). */
  ariUsername: string;
  /** ARI password. A secret: never logged. */
  ariPassword: string;
  /** Dialplan context that handles calls to assistants. Default `assistant-in`. */
  context: string;
  /** Internal note. */
  comment?: string;
}

/** What {@link createPbx} accepts: a {@link Pbx} whose `context` may be left out. */
export interface PbxInput {
  /** Display name: 1–200 characters of any script, one line. */
  name: string;
  /** SIP over secure WebSocket URL: `wss://`, a host and a path, as in `wss://host:8089/ws`. */
  wssUrl: string;
  /** ARI base URL: `https://` (or `http://`), no credentials, no query, e.g. `https://host:8089`. */
  ariUrl: string;
  /** ARI user name (its ari.conf section): Latin letters, digits, `_`, `.`, `@`, `-`. */
  ariUsername: string;
  /** ARI password; see {@link isValidPassword}. A secret: never logged. */
  ariPassword: string;
  /** Dialplan context; see {@link isValidContext}. Default `assistant-in`. */
  context?: string;
  /** Internal note: one line, at most 500 characters. */
  comment?: string;
}

/**
 * Every problem with `input` as a {@link PbxInput}. Never throws; an empty array means
 * {@link createPbx} will accept it. Messages never contain the password or the URLs.
 */
export function validatePbx(input: unknown): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      {
        field: 'pbx',
        message: `expected an object with name, wssUrl, ariUrl, ariUsername and ariPassword, not ${describeValue(input)}`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'name', nameProblem(input.name, 'name'));
  addProblem(problems, 'wssUrl', wssUrlProblem(input.wssUrl));
  addProblem(problems, 'ariUrl', ariUrlProblem(input.ariUrl));
  addProblem(problems, 'ariUsername', ariUsernameProblem(input.ariUsername));
  addProblem(problems, 'ariPassword', secretProblem(input.ariPassword, 'ariPassword', CONF_SECRET));
  if (input.context !== undefined) addProblem(problems, 'context', contextProblem(input.context, 'context'));
  addProblem(problems, 'comment', commentProblem(input.comment, 'comment'));
  return problems;
}

/**
 * Validates `input` and returns a frozen {@link Pbx}, with context `assistant-in` when none is given.
 * Fields other than the model's are dropped.
 *
 * @throws ValidationError (`INVALID_INPUT`) listing every problem {@link validatePbx} finds.
 *
 * @example
 * ```ts
 * const pbx = createPbx({
 *   name: 'Офис Москва',
 *   wssUrl: 'wss://pbx.example.com:8089/ws',
 *   ariUrl: 'https://pbx.example.com:8089',
 *   ariUsername: 'asterisk',
 *   ariPassword: process.env.ARI_PASSWORD!,
 * });
 * ```
 */
export function createPbx(input: PbxInput): Pbx {
  throwIfProblems('PBX', validatePbx(input));
  const pbx: Pbx = {
    name: input.name,
    wssUrl: input.wssUrl,
    ariUrl: input.ariUrl,
    ariUsername: input.ariUsername,
    ariPassword: input.ariPassword,
    context: input.context ?? DEFAULT_CONTEXT,
  };
  if (input.comment !== undefined) pbx.comment = input.comment;
  return Object.freeze(pbx);
}

/**
 * The PBX server's address, the `PBX_ADDRESS` of recording URLs: the host name of `ariUrl`, without port
 * (IPv6 in brackets). Pass it to `recordingUrl`; add a port yourself if recordings are served on a
 * non-default one.
 *
 * @throws ValidationError when `ariUrl` is invalid.
 *
 * @example
 * ```ts
 * pbxAddress({ ariUrl: 'https://pbx.example.com:8089' }); // 'pbx.example.com'
 * ```
 */
export function pbxAddress(pbx: Pick<Pbx, 'ariUrl'>): string {
  const problem = ariUrlProblem(pbx.ariUrl);
  const url = problem === undefined ? parseUrl(pbx.ariUrl) : undefined;
  if (url === undefined)
    throw new ValidationError('PBX address', [{ field: 'ariUrl', message: problem ?? '' }]);
  return url.hostname;
}

const WSS_EXAMPLE = 'wss://pbx.example.com:8089/ws';
const ARI_EXAMPLE = 'https://pbx.example.com:8089';

/** Common URL checks; returns the parsed URL or a message. Messages never repeat the URL. */
function urlOrProblem(value: unknown, label: string, example: string): URL | string {
  if (typeof value !== 'string') return notAString(label, value);
  if (value === '') return `${label} must not be empty: enter a URL such as ${example}`;
  if (/[\s\p{Cc}]/u.test(value)) return `${label} contains whitespace or a control character; remove it`;
  const url = parseUrl(value);
  if (url === undefined) return `${label} is not a valid absolute URL; write it like ${example}`;
  if (url.username !== '' || url.password !== '') {
    return `${label} must not contain a user name or password: remove them from the URL and put them in the ariUsername and ariPassword fields (URLs get logged and shown; password fields do not)`;
  }
  return url;
}

/** `wss:` URL with a host and a path; `ws:` is refused because TLS is mandatory for WebRTC signalling. */
function wssUrlProblem(value: unknown): string | undefined {
  const url = urlOrProblem(value, 'wssUrl', WSS_EXAMPLE);
  if (typeof url === 'string') return url;
  if (url.protocol === 'ws:') {
    return `wssUrl uses ws://, but TLS is mandatory for the WebSocket connection (the setup guide turns on tlsenable in http.conf and serves WSS on port 8089): change it to wss://, as in ${WSS_EXAMPLE}`;
  }
  if (url.protocol !== 'wss:') return `wssUrl must start with wss://, as in ${WSS_EXAMPLE}`;
  if (url.hostname === '') return `wssUrl has no host; write it like ${WSS_EXAMPLE}`;
  if (url.pathname === '' || url.pathname === '/') {
    return `wssUrl has no path; Asterisk serves SIP over WebSocket at /ws, so write it like ${WSS_EXAMPLE}`;
  }
  if (url.href.includes('#')) {
    return 'wssUrl must not have a fragment (#…): a WebSocket URL cannot carry one';
  }
  return undefined;
}

/** `http:`/`https:` URL with a host, no credentials, no query, no fragment. */
function ariUrlProblem(value: unknown): string | undefined {
  const url = urlOrProblem(value, 'ariUrl', ARI_EXAMPLE);
  if (typeof url === 'string') return url;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `ariUrl must start with https:// (or http://): it is the Asterisk REST Interface address, such as ${ARI_EXAMPLE}`;
  }
  if (url.hostname === '') return `ariUrl has no host; write it like ${ARI_EXAMPLE}`;
  if (url.href.includes('?')) {
    return 'ariUrl must not have a query (?…): it is a base address and the client adds the /ari/… paths and their parameters';
  }
  if (url.href.includes('#')) return 'ariUrl must not have a fragment (#…); remove it';
  return undefined;
}

/** The ARI user: an ari.conf section name, so `[A-Za-z0-9_.@-]`, 1–79 characters. */
function ariUsernameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return notAString('ariUsername', value);
  if (value === '') return 'ariUsername must not be empty: enter the user section name from ari.conf';
  const bad = firstCharNotMatching(value, ARI_USER_CHAR);
  if (bad !== undefined) {
    return `ariUsername contains ${describeChar(bad)}; use only Latin letters, digits, '_', '.', '@' and '-'`;
  }
  if (value.length > MAX_SECTION_NAME_LENGTH) {
    return `ariUsername is ${value.length} characters long; Asterisk allows at most ${MAX_SECTION_NAME_LENGTH} in an ari.conf section name`;
  }
  return undefined;
}
