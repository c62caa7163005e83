/**
 * What the script-tag build mounts: the `<aipbx-call>` attributes, from the `<script>` tag's
 * `data-*` attributes or built into a widget's `{id}.js` file.
 */
export interface EmbedConfig {
  server?: string;
  target?: string;
  user?: string;
  assistantId?: string;
  iceServers?: string;
  label?: string;
  lang?: string;
  placement?: string;
}

/** The element attribute for each config key (`assistantId` → `assistant-id`). */
export const EMBED_ATTRIBUTES: Readonly<Record<keyof EmbedConfig, string>> = {
  server: 'server',
  target: 'target',
  user: 'user',
  assistantId: 'assistant-id',
  iceServers: 'ice-servers',
  label: 'label',
  lang: 'lang',
  placement: 'placement',
};

/**
 * Replaced in a widget's `{id}.js` by the widget's configuration as a JSON string (see
 * `writeWidgetFolder`); left as is in `aipbx-widget.js`, which reads the tag's `data-*` instead.
 */
export const BUILT_IN_CONFIG_MARKER = '__AIPBX_WIDGET_CONFIG__';
