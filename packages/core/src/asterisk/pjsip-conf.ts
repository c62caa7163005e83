/**
 * `pjsip.conf`: transports, and one endpoint per widget, SIP URI, operator and trunk, each with what
 * it may do set deliberately.
 *
 * @internal
 */
import { hostPort } from '../rules/ip-address.js';
import { type ConfEntry, type ConfSection, fileHeader, renderConf } from './conf-writer.js';
import { NO_MESSAGES_CONTEXT, type ResolvedConfig } from './resolve-config.js';

function media(r: ResolvedConfig): ConfEntry[] {
  return [
    ['disallow', 'all'],
    ['allow', r.sip.codecs.join(',')],
  ];
}

/** WebRTC media: `webrtc=yes` turns on ICE, AVPF, DTLS-SRTP with fingerprint checks and rtcp-mux. */
const WEBRTC: readonly ConfEntry[] = [
  ['webrtc', 'yes'],
  ['dtls_auto_generate_cert', 'yes'],
];

/**
 * What an endpoint that takes calls from outside may do besides INVITE into its context: nothing.
 * MESSAGE goes to an empty context (404) instead of running the assistant dialplan; no
 * SUBSCRIBE, no REFER (transfer), no overlap dialling; media always through Asterisk, so one
 * caller never learns another party's address; caller identity headers (PAI/RPID) not trusted.
 */
const PUBLIC: readonly ConfEntry[] = [
  ['message_context', NO_MESSAGES_CONTEXT],
  ['allow_subscribe', 'no'],
  ['allow_transfer', 'no'],
  ['allow_overlap', 'no'],
  ['direct_media', 'no'],
  ['trust_id_inbound', 'no'],
];

function callerId(name: string, number: string): string {
  return `"${name.replace(/["\\<>]/g, '')}" <${number}>`;
}

/**
 * Channel variables the assistant dialplan reads: the endpoint it came through and that endpoint's
 * limits. A limit left out is no limit.
 */
function limitVars(endpoint: string, calls: number | null, r: ResolvedConfig): ConfEntry[] {
  const { callSeconds, recordingsPerDay } = r.limits;
  const vars: ConfEntry[] = [['set_var', `AIPBX_ENDPOINT=${endpoint}`]];
  if (calls !== null) vars.push(['set_var', `AIPBX_MAX_CALLS=${calls}`]);
  if (callSeconds !== null) vars.push(['set_var', `AIPBX_MAX_SECONDS=${callSeconds}`]);
  if (recordingsPerDay !== null && r.dialplan.recordingsDir !== null)
    vars.push(['set_var', `AIPBX_MAX_RECORDINGS=${recordingsPerDay}`]);
  return vars;
}

export function pjsipConf(r: ResolvedConfig): string {
  const { input, sip, limits } = r;
  const sections: ConfSection[] = [];
  const transport = (
    name: string,
    protocol: string,
    bind: string,
    comment: string,
    extra: ConfEntry[] = [],
  ) =>
    sections.push({
      name,
      comment: [comment],
      entries: [['type', 'transport'], ['protocol', protocol], ['bind', bind], ...extra],
    });

  if (sip.udpPort !== null)
    transport('transport-udp', 'udp', hostPort(sip.bindAddress, sip.udpPort), 'Phones and trunks over UDP.');
  if (sip.tcpPort !== null)
    transport('transport-tcp', 'tcp', hostPort(sip.bindAddress, sip.tcpPort), 'Phones and trunks over TCP.');
  if (sip.tlsPort !== null)
    transport(
      'transport-tls',
      'tls',
      hostPort(sip.bindAddress, sip.tlsPort),
      "Phones and services over TLS, with the HTTP server's certificate.",
      [
        ['cert_file', r.http.certFile],
        ['priv_key_file', r.http.keyFile],
        ['method', 'tlsv1_2'],
      ],
    );
  transport(
    'transport-ws',
    'ws',
    '0.0.0.0',
    'SIP over WebSocket: served by the HTTP server on its plain port.',
  );
  transport(
    'transport-wss',
    'wss',
    '0.0.0.0',
    'SIP over secure WebSocket: served by the HTTP server on its TLS port.',
  );

  for (const w of input.widgets ?? []) {
    sections.push({
      name: w.sipUri,
      comment: [
        `Widget "${w.name}" (${w.id}): public, no credentials, confined to ${input.pbx.context}.`,
        'Every call from it reaches its own assistant, whatever the page asks for. Its caller id is',
        'fixed (nothing a visitor sends reaches logs or AMI), and a call that stops sending audio for',
        'a minute (a closed tab) is hung up.',
      ],
      entries: [
        ['type', 'endpoint'],
        ['context', input.pbx.context],
        ['identify_by', 'username'],
        // Asterisk drops "-", "." and brackets from caller numbers; write what it will use.
        ['callerid', callerId(w.name, w.id.replace(/[-.()]/g, ''))],
        ...media(r),
        ...WEBRTC,
        ['rtp_timeout', 60],
        ...PUBLIC,
        ['set_var', `AIPBX_BOUND_ASSISTANT=${w.assistant}`],
        ['set_var', `AIPBX_WIDGET=${w.id}`],
        ...limitVars(w.sipUri, limits.widgetCalls, r),
      ],
    });
  }

  for (const u of input.sipUris ?? []) {
    sections.push(
      {
        name: u.id,
        comment: [`SIP URI sip:${u.id}@${u.domain} for assistant ${u.assistant}.`],
        entries: [
          ['type', 'endpoint'],
          ['context', u.context],
          ['identify_by', 'username,auth_username'],
          ...media(r),
          ['auth', `${u.id}-auth`],
          ['aors', u.id],
          ...PUBLIC,
          ['set_var', `AIPBX_BOUND_ASSISTANT=${u.assistant}`],
          ...limitVars(u.id, limits.sipUriCalls, r),
        ],
      },
      {
        name: `${u.id}-auth`,
        entries: [
          ['type', 'auth'],
          ['auth_type', 'userpass'],
          ['username', u.id],
          ['password', u.password],
        ],
      },
      {
        name: u.id,
        entries: [
          ['type', 'aor'],
          ['max_contacts', 1],
          ['remove_existing', 'yes'],
        ],
      },
    );
  }

  for (const o of input.operators ?? []) {
    // The Yeastar SIP_USERS format: an entry with a ws_password is a WebSocket (WebRTC) user and
    // logs in with that password; one without is a plain SIP phone using the SIP password.
    const webrtc = o.wsPassword !== undefined;
    sections.push(
      {
        name: o.extension,
        comment: [`Operator ${o.displayName} (${webrtc ? 'WebRTC' : 'SIP phone'}, with credentials).`],
        entries: [
          ['type', 'endpoint'],
          ['context', r.dialplan.operatorContext],
          ['identify_by', 'username,auth_username'],
          ['message_context', NO_MESSAGES_CONTEXT],
          ...media(r),
          // Media stays on Asterisk: calls are recorded and monitored there, a phone behind NAT
          // keeps its audio, and no phone learns another's address.
          ['direct_media', 'no'],
          ...(webrtc ? WEBRTC : []),
          ['auth', `${o.extension}-auth`],
          ['aors', o.extension],
          ['callerid', callerId(o.displayName, o.extension)],
        ],
      },
      {
        name: `${o.extension}-auth`,
        entries: [
          ['type', 'auth'],
          ['auth_type', 'userpass'],
          ['username', o.username],
          ['password', o.wsPassword ?? o.password],
        ],
      },
      {
        name: o.extension,
        entries: [
          ['type', 'aor'],
          ['max_contacts', 5],
          ['remove_existing', 'yes'],
        ],
      },
    );
  }

  for (const t of r.trunks) {
    const entries: ConfEntry[] = [
      ['type', 'endpoint'],
      ['context', t.context],
      ['identify_by', 'ip'],
      ...media(r),
      ...PUBLIC,
    ];
    if (t.assistant) entries.push(['set_var', `AIPBX_BOUND_ASSISTANT=${t.assistant}`]);
    entries.push(...limitVars(t.name, t.maxCalls, r));
    sections.push(
      {
        name: t.name,
        comment: [
          `Trunk ${t.name}: identified by source address only (a From: naming it from elsewhere is`,
          'not taken for it), no credentials.',
        ],
        entries,
      },
      {
        name: `${t.name}-identify`,
        entries: [['type', 'identify'], ['endpoint', t.name], ...t.match.map((m): ConfEntry => ['match', m])],
      },
    );
  }
  return renderConf('pjsip.conf', fileHeader(r), sections);
}
