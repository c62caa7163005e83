import type { Pbx } from '../models/pbx.js';
import type { SipUri } from '../models/sip-uri.js';
import type { Widget } from '../models/widget.js';
import type { SipUser } from '../sip-users/sip-users.js';

/** Asterisk's built-in HTTP server: ARI, and the WebSocket SIP transports ride on it. */
export interface HttpOptions {
  /** Address the plain HTTP/WS port listens on. Default `0.0.0.0`; `127.0.0.1` keeps it local. */
  bindAddress?: string;
  /** Address the HTTPS/WSS port listens on. Default: `bindAddress`. */
  tlsBindAddress?: string;
  /** Plain HTTP/WS port. Default 8088. */
  port?: number;
  /** HTTPS/WSS port. TLS is always on: browsers only allow WebRTC signalling over WSS. Default 8089. */
  tlsPort?: number;
  /** PEM certificate (chain) path on the Asterisk host. Default `/etc/asterisk/keys/asterisk.pem`. */
  certFile?: string;
  /** PEM private key path. Default `/etc/asterisk/keys/asterisk.key`. */
  keyFile?: string;
}

/** SIP transports. The WS and WSS transports always exist; they share the HTTP server's ports. */
export interface SipOptions {
  /** Address for the UDP/TCP transports. Default `0.0.0.0`. */
  bindAddress?: string;
  /** UDP transport port for phones and trunks; `null` for none. Default 5060. */
  udpPort?: number | null;
  /** TCP transport port; `null` for none. Default `null`. */
  tcpPort?: number | null;
  /** Codecs offered, in preference order. Default `['opus', 'ulaw', 'alaw']`. */
  codecs?: readonly string[];
}

/** One AMI user (manager.conf). */
export interface AmiUser {
  /** Login name. */
  username: string;
  /** Login secret. A secret: it appears only in manager.conf. */
  secret: string;
  /**
   * Networks allowed to log in, `address/mask`. Everything else is denied.
   * Default `['127.0.0.1/255.255.255.255']`: open it to your application server only.
   */
  permit?: readonly string[];
  /** Read classes. Default `all`. */
  read?: string;
  /** Write classes. Default `all`. */
  write?: string;
}

/** Asterisk Manager Interface (manager.conf). */
export interface AmiOptions {
  /** Address to listen on. Default `127.0.0.1`. */
  bindAddress?: string;
  /** TCP port. Default 5038. */
  port?: number;
  /** Also serve AMI over TLS on this port (Asterisk's usual is 5039), with the HTTP certificate. */
  tlsPort?: number | null;
  /** Users. */
  users: readonly AmiUser[];
}

/** An IP-identified SIP peer (an upstream provider or another PBX) that sends calls to assistants. */
export interface SipTrunk {
  /** Endpoint name, `[A-Za-z0-9_-]`. */
  name: string;
  /** Source addresses that identify the trunk: IPs or CIDR networks. */
  match: readonly string[];
  /** Context its calls enter. Default: the PBX's context. */
  context?: string;
  /** Assistant every call from this trunk reaches, whatever is dialled. */
  assistant?: string;
}

/** The assistant dialplan (extensions.conf). */
export interface DialplanOptions {
  /** Stasis application name the ARI backend registers. Default `aiPBXBot`. */
  stasisApp?: string;
  /** Where MixMonitor writes; a folder per assistant below it. Default `/usr/records/assistants`. `null` disables recording. */
  recordingsDir?: string | null;
  /** SIP header the widget sends with the assistant id. Default `X-Assistant-Id`. */
  assistantHeader?: string;
  /**
   * Sound files played, `&`-joined, when the Stasis app is not connected, before hanging up.
   * Default `im-sorry&all-circuits-busy-now&please-try-call-later` (Asterisk's core English prompts).
   */
  unavailableSound?: string;
  /** Context for operator (SIP_USERS) endpoints: they can call each other and the assistants. Default `aipbx-operators`. */
  operatorContext?: string;
}

/**
 * Everything {@link generateAsteriskConfig} needs: the PBX and what is published on it, plus the
 * server-side settings the seed's setup guide asks an administrator to write by hand.
 */
export interface AsteriskConfigInput {
  /** The PBX: ARI credentials and the assistant context come from here. */
  pbx: Pbx;
  /** SIP URIs: registering SIP accounts bound to an assistant. */
  sipUris?: readonly SipUri[];
  /** Widgets: public WebRTC endpoints with no credentials, confined to the assistant context. */
  widgets?: readonly Widget[];
  /**
   * Operators (the Yeastar doc's SIP_USERS), with credentials. An entry with a `wsPassword` is a
   * WebRTC endpoint (browser softphone) that logs in with it; one without is a plain SIP phone.
   */
  operators?: readonly SipUser[];
  /** IP-identified SIP trunks into the assistant context. */
  trunks?: readonly SipTrunk[];
  http?: HttpOptions;
  sip?: SipOptions;
  /** AMI. Without it manager.conf is generated with AMI disabled. */
  ami?: AmiOptions;
  dialplan?: DialplanOptions;
}

/** The generated files, by file name. Write each to `/etc/asterisk/<name>`. */
export interface AsteriskConfigFiles {
  'ari.conf': string;
  'http.conf': string;
  'pjsip.conf': string;
  'extensions.conf': string;
  'manager.conf': string;
}

/** Names of the files {@link generateAsteriskConfig} produces. */
export type AsteriskConfigFileName = keyof AsteriskConfigFiles;
