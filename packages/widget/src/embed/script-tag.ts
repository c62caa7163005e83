/**
 * The script-tag entry (`aipbx-widget.js`, and each widget's `{id}.js`): registers
 * `<aipbx-call>` and mounts one, floating in the bottom-right corner unless `data-placement` says
 * otherwise, configured from the tag's `data-*` attributes (`data-server`, `data-target`,
 * `data-user`, `data-assistant-id`, `data-ice-servers`, `data-label`, `data-lang`,
 * `data-placement`) or from the configuration built into a widget's file. A tag without
 * `data-server` mounts nothing: it only registers the element for `<aipbx-call>` tags in the page.
 */
import '../define.js';
import { BUILT_IN_CONFIG_MARKER, EMBED_ATTRIBUTES, type EmbedConfig } from './embed-config.js';
import { scriptElement } from './script-url.js';

// Kept as a variable so the minifier leaves the marker for the folder writer to replace.
const builtIn: string = BUILT_IN_CONFIG_MARKER;

function readConfig(): EmbedConfig {
  const fromTag: EmbedConfig = { ...(scriptElement?.dataset ?? {}) };
  if (!builtIn.startsWith('{')) return fromTag;
  // The widget's own settings win over the tag's, except how it looks and speaks.
  const { label, lang, placement } = fromTag;
  return {
    ...(JSON.parse(builtIn) as EmbedConfig),
    ...(label ? { label } : {}),
    ...(lang ? { lang } : {}),
    ...(placement ? { placement } : {}),
  };
}

function mount(): void {
  const doc = globalThis.document;
  const config = readConfig();
  // A bare tag (no data-server, nothing built in) only registers <aipbx-call> for the page's own markup.
  if (!config.server) return;
  const element = doc.createElement('aipbx-call');
  element.setAttribute('placement', 'bottom-right');
  for (const [key, attribute] of Object.entries(EMBED_ATTRIBUTES)) {
    const value = config[key as keyof EmbedConfig];
    if (typeof value === 'string' && value !== '') element.setAttribute(attribute, value);
  }
  doc.body.append(element);
}

if (globalThis.document !== undefined) {
  if (globalThis.document.body) mount();
  else globalThis.document.addEventListener('DOMContentLoaded', mount, { once: true });
}
