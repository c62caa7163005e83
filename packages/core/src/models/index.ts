export {
  createPbx,
  type Pbx,
  type PbxInput,
  pbxAddress,
  validatePbx,
} from './pbx.js';
export {
  createSipUri,
  DEFAULT_CONTEXT,
  DEFAULT_SIP_DOMAIN,
  isValidAssistantId,
  isValidContext,
  isValidDomain,
  isValidPassword,
  isValidSipUser,
  type SipUri,
  type SipUriInput,
  sipAddress,
  validateSipUri,
} from './sip-uri.js';
export {
  createWidget,
  DEFAULT_WIDGET_BASE_URL,
  type EmbedCodeOptions,
  type EmbedCrossOrigin,
  validateWidget,
  type Widget,
  type WidgetInput,
  widgetEmbedCode,
} from './widget.js';
