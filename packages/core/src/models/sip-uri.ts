import type { ValidationProblem } from '../errors/index.js';
import {
  addProblem,
  assistantIdProblem,
  bareHostProblem,
  CONF_SECRET,
  commentProblem,
  contextProblem,
  DEFAULT_CONTEXT,
  describeValue,
  isRecord,
  secretProblem,
  sipUserProblem,
  throwIfProblems,
} from './problems.js';

/**
 * A SIP URI published for an assistant, for companies with VoIP telephony: the assistant gets the
 * address `sip:{id}@{domain}` and answers the calls their PBX routes to it.
 */
export interface SipUri {
  /** Unique id, the user part of the address (`support-bot` → `sip:support-bot@sip.aipbx.com`). */
  id: string;
  /** Password for SIP registration. A secret: never logged. */
  password: string;
  /** Id of the assistant that answers calls on this line. */
  assistant: string;
  /** Dialplan context that handles the calls. Default `assistant-in`. */
  context: string;
  /** SIP domain. Default `sip.aipbx.com`. */
  domain: string;
  /** Internal note. */
  comment?: string;
}

/** SIP domain used when none is given: addresses read `sip:{id}@sip.aipbx.com`. */
export const DEFAULT_SIP_DOMAIN = 'sip.aipbx.com';

export { DEFAULT_CONTEXT } from './problems.js';

/** What {@link createSipUri} accepts: a {@link SipUri} whose `context` and `domain` may be left out. */
export interface SipUriInput {
  /** User part of the address; see {@link isValidSipUser}. */
  id: string;
  /** SIP registration password; see {@link isValidPassword}. A secret: never logged. */
  password: string;
  /** Id of the answering assistant; see {@link isValidAssistantId}. */
  assistant: string;
  /** Dialplan context; see {@link isValidContext}. Default {@link DEFAULT_CONTEXT} (`assistant-in`). */
  context?: string;
  /** SIP domain, a host name or IPv4 address. Default {@link DEFAULT_SIP_DOMAIN}. */
  domain?: string;
  /** Internal note: one line, at most 500 characters. */
  comment?: string;
}

/**
 * True when `value` can be a SIP user part that is also safe as a PJSIP section name and an
 * Asterisk extension: Latin letters, digits, `-`, `_` and `.`, 1–64 characters, starting with a
 * letter or digit (a leading `_` would make the extension a dialplan pattern).
 */
export function isValidSipUser(value: unknown): value is string {
  return sipUserProblem(value, 'value') === undefined;
}

/**
 * True when `value` can be an assistant id, which becomes a dialled extension, an Asterisk channel
 * variable and a folder name in recording paths: Latin letters, digits, `-` and `_`, 1–64
 * characters, starting with a letter or a digit (a leading `_` would make the extension a dialplan
 * pattern). No `.`: `..` would climb out of the recordings folder.
 */
export function isValidAssistantId(value: unknown): value is string {
  return assistantIdProblem(value, 'value') === undefined;
}

/** True when `value` is an Asterisk dialplan context name: `[A-Za-z0-9_-]`, 1–79 characters, starting with a letter or a digit. */
export function isValidContext(value: unknown): value is string {
  return contextProblem(value, 'value') === undefined;
}

/**
 * True when `value` can be a SIP or ARI password written into an Asterisk `.conf` file: 1–128
 * characters, no whitespace or control characters, no `;` or `#` (they start comments).
 */
export function isValidPassword(value: unknown): value is string {
  return secretProblem(value, 'value', CONF_SECRET) === undefined;
}

/** True when `value` is a bare host name or IPv4 address: no scheme, port, path or user part. */
export function isValidDomain(value: unknown): value is string {
  return bareHostProblem(value, 'value') === undefined;
}

/**
 * Every problem with `input` as a {@link SipUriInput}. Never throws; an empty array means
 * {@link createSipUri} will accept it. Messages never contain the password.
 */
export function validateSipUri(input: unknown): ValidationProblem[] {
  if (!isRecord(input)) {
    return [
      {
        field: 'sipUri',
        message: `expected an object with id, password and assistant, not ${describeValue(input)}`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'id', sipUserProblem(input.id, 'id'));
  addProblem(problems, 'password', secretProblem(input.password, 'password', CONF_SECRET));
  addProblem(problems, 'assistant', assistantIdProblem(input.assistant, 'assistant'));
  if (input.context !== undefined) addProblem(problems, 'context', contextProblem(input.context, 'context'));
  if (input.domain !== undefined) addProblem(problems, 'domain', bareHostProblem(input.domain, 'domain'));
  addProblem(problems, 'comment', commentProblem(input.comment, 'comment'));
  return problems;
}

/**
 * Validates `input` and returns a frozen {@link SipUri} with defaults applied: context
 * `assistant-in`, domain `sip.aipbx.com`. Fields other than the model's are dropped.
 *
 * @throws ValidationError (`INVALID_INPUT`) listing every problem {@link validateSipUri} finds.
 *
 * @example
 * ```ts
 * const line = createSipUri({ id: 'support-bot', password: secret, assistant: 'support' });
 * sipAddress(line); // 'sip:support-bot@sip.aipbx.com'
 * ```
 */
export function createSipUri(input: SipUriInput): SipUri {
  throwIfProblems('SIP URI', validateSipUri(input));
  const sipUri: SipUri = {
    id: input.id,
    password: input.password,
    assistant: input.assistant,
    context: input.context ?? DEFAULT_CONTEXT,
    domain: input.domain ?? DEFAULT_SIP_DOMAIN,
  };
  if (input.comment !== undefined) sipUri.comment = input.comment;
  return Object.freeze(sipUri);
}

/**
 * The address callers dial: `sip:{id}@{domain}`.
 *
 * @throws ValidationError when `id` or `domain` would not make a valid address.
 */
export function sipAddress(sipUri: Pick<SipUri, 'id' | 'domain'>): string {
  const problems: ValidationProblem[] = [];
  addProblem(problems, 'id', sipUserProblem(sipUri.id, 'id'));
  addProblem(problems, 'domain', bareHostProblem(sipUri.domain, 'domain'));
  throwIfProblems('SIP address', problems);
  return `sip:${sipUri.id}@${sipUri.domain}`;
}
