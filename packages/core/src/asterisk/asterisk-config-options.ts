import type { Pbx } from '../models/pbx.js';
import type { SipUri } from '../models/sip-uri.js';
import type { Widget } from '../models/widget.js';
import type { SipUser } from '../sip-users/sip-users.js';

/** Asterisk's built-in HTTP server: ARI, and the WebSocket SIP transports ride on it. */
export interface HttpOptions {
  /**
   * Address the plain HTTP/WS port listens on (IPv4 or IPv6). Default `127.0.0.1`: plain HTTP
   * carries ARI's Basic credentials and SIP in clear text, so it stays on the host unless you bind
   * it elsewhere on purpose (a TLS-terminating proxy on a private network, say).
   */
  bindAddress?: string;
  /** Address the HTTPS/WSS port listens on (IPv4 or IPv6): the one browsers reach. Default `0.0.0.0`. */
  tlsBindAddress?: string;
  /** Plain HTTP/WS port. Default 8088. */
  port?: number;
  /** HTTPS/WSS port. TLS is always on: browsers only allow WebRTC signalling over WSS. Default 8089. */
  tlsPort?: number;
  /** PEM certificate (chain) path on the Asterisk host. Default `/etc/asterisk/keys/asterisk.pem`. */
  certFile?: string;
  /** PEM private key path. Default `/etc/asterisk/keys/asterisk.key`. */
  keyFile?: string;
  /**
   * Connections Asterisk's HTTP server holds at once (`sessionlimit`). Every WebSocket stays a
   * session for its whole life: a browser's SIP over WSS, a call's media WebSocket
   * (`call.media()` with the default transport), the ARI events socket, and each ARI REST socket.
   * Asterisk's own default is 100, which an assistant with media over WebSockets outgrows at about
   * 80 concurrent calls. Default 1000; from 1 to 100000.
   */
  sessionLimit?: number;
}

/** SIP transports. The WS and WSS transports always exist; they share the HTTP server's ports. */
export interface SipOptions {
  /** Address for the UDP/TCP transports, IPv4 or IPv6 (`::` for every IPv6 address). Default `0.0.0.0`. */
  bindAddress?: string;
  /** UDP transport port for phones and trunks; `null` for none. Default 5060. */
  udpPort?: number | null;
  /** TCP transport port; `null` for none. Default `null`. */
  tcpPort?: number | null;
  /**
   * TLS transport port (SIP over TLS for phones and the `@aipbx/sip` service with
   * `SIP_TRANSPORT=TLS`, usually 5061); `null` for none. It uses the HTTP server's certificate and
   * key (`http.certFile`, `http.keyFile`). Default `null`.
   */
  tlsPort?: number | null;
  /** Codecs offered, in preference order. Default `['opus', 'ulaw', 'alaw']`. */
  codecs?: readonly string[];
}

/** The event classes an AMI user gets by default: what `CallMonitor` reads. */
export const DEFAULT_AMI_READ = 'call,dialplan,system';
/** The action classes an AMI user gets by default: click-to-call, hangup, status lists. */
export const DEFAULT_AMI_WRITE = 'call,originate,reporting';

/** One AMI user (manager.conf). */
export interface AmiUser {
  /** Login name. */
  username: string;
  /** Login secret. A secret: it appears only in manager.conf. */
  secret: string;
  /**
   * Networks allowed to log in: IPv4 (`10.0.0.5`, `10.0.0.0/8`, `10.0.0.0/255.0.0.0`) or IPv6
   * (`::1`, `fd00::/64`). Everything else, of both address families, is denied.
   * Default `['127.0.0.1/255.255.255.255', '::1/128']`: open it to your application server only.
   */
  permit?: readonly string[];
  /**
   * Event classes the user receives. Default {@link DEFAULT_AMI_READ} (`call,dialplan,system`):
   * what `CallMonitor` needs. Avoid `security`: Asterisk copies unauthenticated callers' SIP user
   * names into those events unescaped.
   */
  read?: string;
  /**
   * Action classes the user may send. Default {@link DEFAULT_AMI_WRITE} (`call,originate,reporting`):
   * click-to-call, hangup and the status lists. `system`, `command` and `config` let a leaked secret
   * run shell commands or rewrite the PBX; grant them only to a user that needs them.
   */
  write?: string;
}

/** Asterisk Manager Interface (manager.conf). */
export interface AmiOptions {
  /** Address to listen on, IPv4 or IPv6. Default `127.0.0.1`. */
  bindAddress?: string;
  /** TCP port. Default 5038. */
  port?: number;
  /** Also serve AMI over TLS on this port (Asterisk's usual is 5039), with the HTTP certificate. */
  tlsPort?: number | null;
  /** Users. */
  users: readonly AmiUser[];
}

/**
 * An IP-identified SIP peer (an upstream provider or another PBX) that sends calls to assistants.
 * It is identified by source address only: a request from elsewhere that names the trunk in
 * `From:` is not taken for it.
 */
export interface SipTrunk {
  /** Endpoint name, `[A-Za-z0-9_-]`. */
  name: string;
  /** Source addresses that identify the trunk: IPv4 or IPv6 addresses or networks. */
  match: readonly string[];
  /** Context its calls enter; never the operators' context. Default: the PBX's context. */
  context?: string;
  /** Assistant every call from this trunk reaches, whatever is dialled. */
  assistant?: string;
  /** Most concurrent calls from this trunk. Default {@link CallLimits.trunkCalls}. */
  maxCalls?: number | null;
}

/**
 * Limits on calls that come from outside (widgets, SIP URIs, trunks), so that a script cannot run
 * up AI cost or fill the disk. Each is enforced by the generated dialplan per endpoint; `null`
 * turns one off. Calls over a concurrency limit are refused as busy (SIP 486) before they reach
 * the Stasis app.
 */
export interface CallLimits {
  /** Most concurrent calls through one widget (anonymous website visitors). Default 10. */
  widgetCalls?: number | null;
  /** Most concurrent calls through one SIP URI. Default 30. */
  sipUriCalls?: number | null;
  /** Most concurrent calls from one trunk. Default 100; a trunk's own `maxCalls` wins. */
  trunkCalls?: number | null;
  /** Longest call through a public endpoint, in seconds; Asterisk hangs up then. Default 1800. */
  callSeconds?: number | null;
  /**
   * Calls recorded per public endpoint per day (the PBX's local date). Further calls that day go
   * on unrecorded. With {@link CallLimits.callSeconds} this caps the disk a day can fill;
   * retention (deleting old recordings) stays with the operator. Default 500.
   */
  recordingsPerDay?: number | null;
}

/** The assistant dialplan (extensions.conf). */
export interface DialplanOptions {
  /** Stasis application name the ARI backend registers. Default `aiPBXBot`. */
  stasisApp?: string;
  /** Where MixMonitor writes; a folder per assistant below it. Default `/usr/records/assistants`. `null` disables recording. */
  recordingsDir?: string | null;
  /**
   * Assistant ids callers may dial by name, besides the ones the input already names (the
   * assistants of widgets, SIP URIs and trunks, and SIP URI ids). Assistant contexts accept only
   * these exact extensions, plus phone numbers (2–20 digits, optionally after `+`) in contexts a
   * trunk uses: nothing else reaches Asterisk's channels, logs or AMI events. Default none.
   */
  assistants?: readonly string[];
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
 * ARI outbound WebSockets (Asterisk 22.5+): Asterisk connects to the app instead of the app to
 * Asterisk, so several app processes can serve the Stasis app behind a load balancer.
 */
export interface AriOutboundOptions {
  /** The app's WebSocket server (or the load balancer in front of it): `ws://` or `wss://`. */
  uri: string;
  /** The user and password Asterisk presents to the app (Basic); the app checks them. */
  username: string;
  /** A secret: never logged. */
  password: string;
  /**
   * `per-call` (default): a new WebSocket for every call, closed when it leaves the app — each call
   * goes to whichever instance the load balancer picks. `persistent`: one WebSocket for all calls.
   */
  connection?: 'per-call' | 'persistent';
  /** Check the app's TLS certificate and host name (`wss://`). Default true. */
  verifyServer?: boolean;
  /** How long Asterisk waits for the app to accept, ms. Default 500. */
  connectTimeoutMs?: number;
  /** Tries before a per-call Stasis() gives up (the caller then hears the apology). Default 3. */
  reconnectAttempts?: number;
}

/** ARI options beyond the PBX's user. */
export interface AriOptions {
  /** Asterisk connects to the app over ARI outbound WebSockets. */
  outbound?: AriOutboundOptions;
}

/**
 * Everything {@link generateAsteriskConfig} needs: the PBX and what is published on it, plus the
 * server-side settings (HTTP, SIP transports, AMI, dialplan, limits) an administrator would
 * otherwise write by hand.
 */
export interface AsteriskConfigInput {
  /** The PBX: ARI credentials and the assistant context come from here. */
  pbx: Pbx;
  /** SIP URIs: registering SIP accounts bound to an assistant. */
  sipUris?: readonly SipUri[];
  /** Widgets: public WebRTC endpoints with no credentials, confined to the assistant context. */
  widgets?: readonly Widget[];
  /**
   * Operators (the Yeastar integration guide's `SIP_USERS`), with credentials. An entry with a
   * `wsPassword` is a WebRTC endpoint (browser softphone) that logs in with it; one without is a
   * plain SIP phone.
   */
  operators?: readonly SipUser[];
  /** IP-identified SIP trunks into the assistant context. */
  trunks?: readonly SipTrunk[];
  http?: HttpOptions;
  sip?: SipOptions;
  /** AMI. Without it manager.conf is generated with AMI disabled. */
  ami?: AmiOptions;
  dialplan?: DialplanOptions;
  /** Limits on calls from widgets, SIP URIs and trunks. Every limit has a safe default. */
  limits?: CallLimits;
  /** ARI outbound WebSockets; without it the app connects to Asterisk (inbound ARI). */
  ari?: AriOptions;
}

/** The generated files, by file name. Write each to `/etc/asterisk/<name>`. */
export interface AsteriskConfigFiles {
  'ari.conf': string;
  'http.conf': string;
  'pjsip.conf': string;
  'extensions.conf': string;
  'manager.conf': string;
  /** The WebSocket client Asterisk uses for ARI outbound WebSockets (empty of sections without them). */
  'websocket_client.conf': string;
}

/** Names of the files {@link generateAsteriskConfig} produces. */
export type AsteriskConfigFileName = keyof AsteriskConfigFiles;
