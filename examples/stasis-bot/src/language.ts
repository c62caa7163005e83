/**
 * The caller's language: what the call asks for, else what the channel is set to, else English.
 */
import type { DemoLanguage } from './ai-hook.js';

/** The SIP header a caller (or the widget) names its language in. */
export const LANGUAGE_HEADER = 'X-Language';

/** The channel function that reads {@link LANGUAGE_HEADER} from the caller's INVITE. */
export const LANGUAGE_HEADER_VARIABLE = `PJSIP_HEADER(read,${LANGUAGE_HEADER})`;

/** `en` or `ru` as a language tag's primary subtag: `ru`, `ru-RU`, `en_GB`, `EN-us`. */
const SUPPORTED = /^(en|ru)(?:[-_][A-Za-z0-9]{1,8})*$/i;

/**
 * The language a value names, when it is one the demo speaks: a language tag starting with `en`
 * or `ru` (`ru`, `ru-RU`, `en_US`; any case). Anything else, including `russian`, gives `undefined`.
 */
export function parseLanguage(value: string | undefined): DemoLanguage | undefined {
  const tag = value?.trim() ?? '';
  if (tag.length > 35) return undefined; // longer than any language tag
  const match = SUPPORTED.exec(tag);
  return match ? (match[1]!.toLowerCase() as DemoLanguage) : undefined;
}

/**
 * The language to greet a caller in: the `X-Language` header when it names `en` or `ru`, else the
 * channel's language (Asterisk's `language` of the endpoint) when it does, else `en`.
 */
export function pickLanguage(header: string | undefined, channelLanguage: string | undefined): DemoLanguage {
  return parseLanguage(header) ?? parseLanguage(channelLanguage) ?? 'en';
}
