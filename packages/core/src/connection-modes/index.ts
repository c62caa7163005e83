export {
  type AudioProcessing,
  CONNECTION_MODES,
  type ConnectionMode,
  type ConnectionModeInfo,
  DEFAULT_DIALPLAN,
  DEFAULT_PORTS,
  type DefaultPorts,
  isSipTransport,
  parseSipTransport,
  SIP_TRANSPORTS,
  type SipTransport,
} from './connection-modes.js';
