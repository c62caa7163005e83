import { ValidationError } from '../errors/index.js';
import { describeValue } from '../models/problems.js';

/**
 * Default ports, from the Yeastar integration guide's "Порты по умолчанию" table unless noted.
 * Asterisk's own defaults agree for SIP, AMI and its HTTP server.
 */
export const DEFAULT_PORTS = {
  /** SIP over UDP (`pjsip.conf` UDP transport): standard SIP. */
  sipUdp: 5060,
  /** SIP over TCP: the same port number as UDP. */
  sipTcp: 5060,
  /** SIP over TLS: encrypted SIP. */
  sipTls: 5061,
  /** Asterisk Manager Interface over TCP (`manager.conf` `port`). */
  ami: 5038,
  /**
   * AMI over TLS (`manager.conf` `tlsbindport`). Not in the guide's table; it is the port Asterisk's
   * sample `manager.conf` uses.
   */
  amiTls: 5039,
  /** Asterisk's HTTP server (`http.conf` `bindport`): ARI and SIP over plain WebSocket. */
  ws: 8088,
  /** Asterisk's HTTPS server (`http.conf` `tlsbindaddr`): ARI and SIP over secure WebSocket (WSS). */
  wss: 8089,
  /**
   * RTP audio range (`RTP_PORT_MIN`/`RTP_PORT_MAX`, UDP), needed in the native PJSIP mode only.
   * The guide's range for its service; Asterisk's own `rtp.conf` default is 10000–20000.
   */
  rtp: { min: 5700, max: 5750 },
} as const;

/** The shape of {@link DEFAULT_PORTS}. */
export type DefaultPorts = typeof DEFAULT_PORTS;

/**
 * Names the generated Asterisk configuration uses by default (see `generateAsteriskConfig`), for
 * clients that must meet it: the Stasis application calls enter (`Stasis(aiPBXBot,…)`) and the
 * context operators' phones dial from (click-to-call originates there).
 */
export const DEFAULT_DIALPLAN = {
  /** The Stasis application of the assistants' dialplan. */
  stasisApp: 'aiPBXBot',
  /** The dialplan context of operator (SIP_USERS) endpoints: they reach each other and the assistants. */
  operatorContext: 'aipbx-operators',
} as const;

/**
 * SIP transports (the guide's `SIP_TRANSPORT`: UDP, TCP, TLS, WS, WSS), each with whether it is
 * encrypted, whether it runs over WebSocket, and its default port.
 */
export const SIP_TRANSPORTS = {
  /** Plain SIP over UDP, port 5060. */
  udp: { secure: false, websocket: false, defaultPort: DEFAULT_PORTS.sipUdp },
  /** Plain SIP over TCP, port 5060. */
  tcp: { secure: false, websocket: false, defaultPort: DEFAULT_PORTS.sipTcp },
  /** SIP over TLS, port 5061. */
  tls: { secure: true, websocket: false, defaultPort: DEFAULT_PORTS.sipTls },
  /** SIP over plain WebSocket, port 8088. Browsers on https pages refuse it. */
  ws: { secure: false, websocket: true, defaultPort: DEFAULT_PORTS.ws },
  /** SIP over secure WebSocket, port 8089: what WebRTC clients use. */
  wss: { secure: true, websocket: true, defaultPort: DEFAULT_PORTS.wss },
} as const;

/** A SIP transport name: `udp`, `tcp`, `tls`, `ws` or `wss`. */
export type SipTransport = keyof typeof SIP_TRANSPORTS;

/** Who processes call audio in a mode (the comparison table's "Обработка аудио" row). */
export type AudioProcessing = 'pbx' | 'server' | 'browser';

/** What one integration mode offers and needs, as the guide's comparison table states it. */
export interface ConnectionModeInfo {
  /** Short English title. */
  readonly title: string;
  /** What the mode is and when to choose it. */
  readonly description: string;
  /** SIP transports it uses; none for AMI, which is its own TCP protocol. */
  readonly transports: readonly SipTransport[];
  /** Ports the PBX must expose for it. */
  readonly ports: readonly number[];
  /** Whether RTP ports must be open between the PBX and the service. */
  readonly needsRtp: boolean;
  /** Whether the client runs in a browser. */
  readonly browserClient: boolean;
  /** Whether the service can record calls itself. */
  readonly recording: boolean;
  /** Who processes the audio. */
  readonly audioProcessing: AudioProcessing;
  /** Call monitoring (all three modes). */
  readonly monitoring: boolean;
  /** Click-to-call (all three modes). */
  readonly clickToCall: boolean;
  /** Call control, e.g. hangup (all three modes). */
  readonly callControl: boolean;
}

/** The Yeastar guide's three integration modes with their capabilities from its comparison table. */
export const CONNECTION_MODES = {
  /** AMI: monitoring and control only; the recommended, lightest mode. */
  ami: {
    title: 'AMI (Asterisk Manager Interface)',
    description:
      'Monitor and control calls over the Asterisk Manager Interface; the PBX handles all audio. ' +
      'Choose it for monitoring, call history, click-to-call, hangup and extension status.',
    transports: [],
    ports: [DEFAULT_PORTS.ami],
    needsRtp: false,
    browserClient: false,
    recording: false,
    audioProcessing: 'pbx',
    monitoring: true,
    clickToCall: true,
    callControl: true,
  },
  /** Native PJSIP: a SIP client on the server that handles audio itself. */
  pjsip: {
    title: 'Native PJSIP (UDP/TCP/TLS)',
    description:
      'Register with the SIP server directly and process call audio on the server. ' +
      'Choose it for recording, IVR and answering machines, or a SIP trunk; RTP ports must be open.',
    transports: ['udp', 'tcp', 'tls'],
    ports: [DEFAULT_PORTS.sipUdp, DEFAULT_PORTS.sipTls],
    needsRtp: true,
    browserClient: false,
    recording: true,
    audioProcessing: 'server',
    monitoring: true,
    clickToCall: true,
    callControl: true,
  },
  /** WebSocket: SIP over WebSocket with WebRTC media in the browser. */
  websocket: {
    title: 'WebSocket (SIP over WebSocket + WebRTC)',
    description:
      'Connect browser clients with SIP over WebSocket and WebRTC; the browser handles the media, ' +
      'so no RTP ports are needed. Choose it for a softphone in a web page or PWA.',
    transports: ['ws', 'wss'],
    ports: [DEFAULT_PORTS.ws, DEFAULT_PORTS.wss],
    needsRtp: false,
    browserClient: true,
    recording: false,
    audioProcessing: 'browser',
    monitoring: true,
    clickToCall: true,
    callControl: true,
  },
} as const satisfies Record<string, ConnectionModeInfo>;

/** An integration mode: `ami`, `pjsip` or `websocket`. */
export type ConnectionMode = keyof typeof CONNECTION_MODES;

/** True when `value` is a {@link SipTransport} name (lower case). */
export function isSipTransport(value: unknown): value is SipTransport {
  return typeof value === 'string' && Object.hasOwn(SIP_TRANSPORTS, value);
}

/**
 * Reads a transport name in any letter case, as the guide's `SIP_TRANSPORT: UDP` setting writes it.
 *
 * @throws ValidationError when it is not one of udp, tcp, tls, ws, wss.
 */
export function parseSipTransport(value: string): SipTransport {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : value;
  if (isSipTransport(name)) return name;
  const got = typeof value === 'string' ? '' : `, not ${describeValue(value)}`;
  throw new ValidationError('SIP transport', [
    { field: 'transport', message: `transport must be one of UDP, TCP, TLS, WS or WSS${got}` },
  ]);
}
