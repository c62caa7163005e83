import { ValidationError, type ValidationProblem } from '../errors/index.js';
import { parseUrl } from '../rules/value-rules.js';
import {
  addProblem,
  assistantIdProblem,
  commentProblem,
  describeValue,
  type IdentifierRule,
  identifierProblem,
  isRecord,
  nameProblem,
  sipUserProblem,
  throwIfProblems,
} from './problems.js';

/**
 * A website call button. A visitor clicks it and talks to the assistant from the browser over
 * WebRTC.
 */
export interface Widget {
  /** Widget id, as in the embed code `https://aipbx.com/widget/{id}.js`. */
  id: string;
  /** Display name, e.g. "Виджет для сайта ТехноМастер". */
  name: string;
  /** Id of the assistant that answers. */
  assistant: string;
  /**
   * The SIP user the browser calls as (the widget's "SIP URI for WebRTC", e.g. `support-webrtc`).
   * It becomes a public PJSIP endpoint without credentials, confined to the assistant context.
   */
  sipUri: string;
  /** Internal note. */
  comment?: string;
}

/** Where widget scripts are served: the standard embed code loads `https://aipbx.com/widget/{id}.js`. */
export const DEFAULT_WIDGET_BASE_URL = 'https://aipbx.com/widget/';

/** What {@link createWidget} accepts. */
export interface WidgetInput {
  /** Widget id; Latin letters, digits, `-`, `_`, `.`, 1–64 characters, e.g. `widget-abc123`. */
  id: string;
  /** Display name: 1–200 characters of any script, one line. */
  name: string;
  /** Id of the answering assistant; see {@link isValidAssistantId}. */
  assistant: string;
  /** The SIP user the browser calls as; see {@link isValidSipUser}. */
  sipUri: string;
  /** Internal note: one line, at most 500 characters. */
  comment?: string;
}

/** Values of the `crossorigin` attribute of the embed `<script>` tag. */
export type EmbedCrossOrigin = 'anonymous' | 'use-credentials';

/** Options of {@link widgetEmbedCode}. Without any, the code is the standard one-line embed code. */
export interface EmbedCodeOptions {
  /**
   * Folder the widget scripts are served from; `{id}.js` is appended. Must be `https://`, or
   * `http://` on localhost for development. The trailing slash is optional.
   * Default {@link DEFAULT_WIDGET_BASE_URL}.
   */
  baseUrl?: string;
  /**
   * Subresource Integrity hash(es) of the script: `sha256-`, `sha384-` or `sha512-` followed by the
   * base64 digest, several separated by single spaces.
   */
  integrity?: string;
  /** The `crossorigin` attribute. When `integrity` is given it defaults to `anonymous`. */
  crossorigin?: EmbedCrossOrigin;
  /** Add the `async` attribute. */
  async?: boolean;
  /** Add the `defer` attribute. */
  defer?: boolean;
}

const WIDGET_ID_RULE: IdentifierRule = {
  leadingUnderscore: true,
  dot: true,
  purpose: 'it becomes the file name in the embed script URL',
  example: 'widget-abc123',
};

/**
 * Every problem with `input` as a {@link WidgetInput}. Never throws; an empty array means
 * {@link createWidget} will accept it.
 */
export function validateWidget(input: unknown): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      {
        field: 'widget',
        message: `expected an object with id, name, assistant and sipUri, not ${describeValue(input)}`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'id', identifierProblem(input.id, 'id', WIDGET_ID_RULE));
  addProblem(problems, 'name', nameProblem(input.name, 'name'));
  addProblem(problems, 'assistant', assistantIdProblem(input.assistant, 'assistant'));
  addProblem(problems, 'sipUri', sipUserProblem(input.sipUri, 'sipUri'));
  addProblem(problems, 'comment', commentProblem(input.comment, 'comment'));
  return problems;
}

/**
 * Validates `input` and returns it as a frozen {@link Widget}. Fields other than the model's are dropped.
 *
 * @throws ValidationError (`INVALID_INPUT`) listing every problem {@link validateWidget} finds.
 */
export function createWidget(input: WidgetInput): Widget {
  throwIfProblems('widget', validateWidget(input));
  const widget: Widget = { id: input.id, name: input.name, assistant: input.assistant, sipUri: input.sipUri };
  if (input.comment !== undefined) widget.comment = input.comment;
  return Object.freeze(widget);
}

/**
 * The HTML a site owner pastes before `</body>` to get the call button. With no options it is
 * exactly the standard `<script src="https://aipbx.com/widget/{id}.js"></script>`. Every attribute
 * value is HTML-escaped and the id is URL-encoded.
 *
 * @throws ValidationError when the id or an option is invalid, listing every problem.
 *
 * @example
 * ```ts
 * widgetEmbedCode({ id: 'widget-abc123' });
 * // '<script src="https://aipbx.com/widget/widget-abc123.js"></script>'
 * widgetEmbedCode({ id: 'widget-abc123' }, { integrity: 'sha384-…', defer: true });
 * // '<script src="…" integrity="sha384-…" crossorigin="anonymous" defer></script>'
 * ```
 */
export function widgetEmbedCode(widget: Pick<Widget, 'id'>, options: EmbedCodeOptions = {}): string {
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'id', identifierProblem(widget.id, 'id', WIDGET_ID_RULE));
  if (!isRecord(options)) {
    problems.push({ field: 'options', message: `options must be an object, not ${describeValue(options)}` });
    throwIfProblems('widget embed code', problems);
  }
  const { baseUrl = DEFAULT_WIDGET_BASE_URL, integrity, crossorigin, async, defer } = options;
  const base = parseBaseUrl(baseUrl);
  addProblem(problems, 'baseUrl', typeof base === 'string' ? base : undefined);
  if (integrity !== undefined) addProblem(problems, 'integrity', integrityProblem(integrity));
  if (crossorigin !== undefined && crossorigin !== 'anonymous' && crossorigin !== 'use-credentials') {
    problems.push({ field: 'crossorigin', message: `crossorigin must be 'anonymous' or 'use-credentials'` });
  }
  if (async !== undefined && typeof async !== 'boolean') {
    problems.push({ field: 'async', message: `async must be true or false, not ${describeValue(async)}` });
  }
  if (defer !== undefined && typeof defer !== 'boolean') {
    problems.push({ field: 'defer', message: `defer must be true or false, not ${describeValue(defer)}` });
  }
  if (typeof base === 'string' || problems.length > 0)
    throw new ValidationError('widget embed code', problems);

  const src = `${base.href.replace(/\/?$/, '/')}${encodeURIComponent(widget.id)}.js`;
  let attributes = ` src="${escapeAttribute(src)}"`;
  const cors = crossorigin ?? (integrity === undefined ? undefined : 'anonymous');
  if (integrity !== undefined) attributes += ` integrity="${escapeAttribute(integrity)}"`;
  if (cors !== undefined) attributes += ` crossorigin="${escapeAttribute(cors)}"`;
  if (async === true) attributes += ' async';
  if (defer === true) attributes += ' defer';
  return `<script${attributes}></script>`;
}

/** Escapes text for a double-quoted HTML attribute value. */
function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The parsed base URL, or a message saying what is wrong with it. */
function parseBaseUrl(value: unknown): URL | string {
  const example = 'such as https://cdn.example.com/widget/';
  if (typeof value !== 'string') return `baseUrl must be a string, not ${describeValue(value)}`;
  if (/[\s\p{Cc}]/u.test(value)) return 'baseUrl contains whitespace or a control character; remove it';
  const url = parseUrl(value);
  if (url === undefined) return `baseUrl is not an absolute URL; write one ${example}`;
  const local = LOCAL_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
  if (url.protocol === 'http:' && !local) {
    return 'baseUrl must use https://: pages served over https block http:// scripts, and the script sets up the call; http:// is allowed only for localhost';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `baseUrl must be an https:// URL ${example}`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'baseUrl must not contain a user name or password: every visitor would see them; remove them';
  }
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(value)) {
    return 'baseUrl must not have a query (?) or fragment (#): the widget file name is appended to it';
  }
  return url;
}

const SRI_DIGEST: Record<string, RegExp> = {
  sha256: /^[A-Za-z0-9+/]{43}=$/,
  sha384: /^[A-Za-z0-9+/]{64}$/,
  sha512: /^[A-Za-z0-9+/]{86}==$/,
};
const SRI_LENGTH: Record<string, number> = { sha256: 44, sha384: 64, sha512: 88 };

/** A Subresource Integrity value: one or more `sha{256,384,512}-{base64}` separated by single spaces. */
function integrityProblem(value: unknown): string | undefined {
  const how =
    "sha256-, sha384- or sha512- followed by the script's base64 digest (openssl dgst -sha384 -binary widget.js | openssl base64 -A)";
  if (typeof value !== 'string') return `integrity must be a string, not ${describeValue(value)}`;
  if (value === '') return `integrity must not be empty: leave it out, or write ${how}`;
  for (const hash of value.split(' ')) {
    const match = /^(sha256|sha384|sha512)-(.*)$/.exec(hash);
    if (match === null) return `integrity must be ${how}; separate several hashes with single spaces`;
    const algorithm = match[1] ?? '';
    if (!SRI_DIGEST[algorithm]?.test(match[2] ?? '')) {
      return `integrity's ${algorithm} digest must be ${SRI_LENGTH[algorithm]} base64 characters (A–Z, a–z, 0–9, '+', '/', '=' padding); check that you copied the whole value`;
    }
  }
  return undefined;
}
