import { ValidationError, type ValidationProblem } from '../errors/validation-error.js';
import { validatePbx } from '../models/pbx.js';
import { validateSipUri } from '../models/sip-uri.js';
import { validateWidget } from '../models/widget.js';
import { validateSipUsers } from '../sip-users/sip-users.js';
import type {
  AmiOptions,
  AsteriskConfigFiles,
  AsteriskConfigInput,
  DialplanOptions,
  HttpOptions,
  SipOptions,
} from './asterisk-config-options.js';
import { type ConfEntry, type ConfSection, renderConf } from './conf-writer.js';

/** The input with every default filled in. */
interface Resolved {
  input: AsteriskConfigInput;
  http: Required<HttpOptions>;
  sip: Required<SipOptions>;
  ami: AmiOptions | undefined;
  dialplan: Required<DialplanOptions>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,78}$/;
const CODEC = /^[a-z0-9_]+$/;
const PATH = /^\/[A-Za-z0-9_./-]*$/;
const HEADER = /^[A-Za-z0-9-]+$/;
const SOUNDS = /^[A-Za-z0-9_/-]+(&[A-Za-z0-9_/-]+)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const SECRET_FORBIDDEN = /[\s;#\p{Cc}]/u;

function resolve(input: AsteriskConfigInput): Resolved {
  const h = input.http ?? {};
  const s = input.sip ?? {};
  const d = input.dialplan ?? {};
  return {
    input,
    http: {
      bindAddress: h.bindAddress ?? '0.0.0.0',
      tlsBindAddress: h.tlsBindAddress ?? h.bindAddress ?? '0.0.0.0',
      port: h.port ?? 8088,
      tlsPort: h.tlsPort ?? 8089,
      certFile: h.certFile ?? '/etc/asterisk/keys/asterisk.pem',
      keyFile: h.keyFile ?? '/etc/asterisk/keys/asterisk.key',
    },
    sip: {
      bindAddress: s.bindAddress ?? '0.0.0.0',
      udpPort: s.udpPort === undefined ? 5060 : s.udpPort,
      tcpPort: s.tcpPort ?? null,
      codecs: s.codecs ?? ['opus', 'ulaw', 'alaw'],
    },
    ami: input.ami,
    dialplan: {
      stasisApp: d.stasisApp ?? 'aiPBXBot',
      recordingsDir: d.recordingsDir === undefined ? '/usr/records/assistants' : d.recordingsDir,
      assistantHeader: d.assistantHeader ?? 'X-Assistant-Id',
      unavailableSound: d.unavailableSound ?? 'im-sorry&all-circuits-busy-now&please-try-call-later',
      operatorContext: d.operatorContext ?? 'aipbx-operators',
    },
  };
}

function under(prefix: string, problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ field: `${prefix}.${p.field}`, message: p.message }));
}

function isNetwork(value: string): boolean {
  const [ip, mask, ...rest] = value.split('/');
  if (rest.length > 0 || ip === undefined || !IPV4.test(ip)) return false;
  if (mask === undefined) return true;
  return IPV4.test(mask) || (/^\d{1,2}$/.test(mask) && Number(mask) <= 32);
}

/** Checks everything, returning every problem with its field path. */
function check(r: Resolved): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const { input, http, sip, ami, dialplan } = r;

  problems.push(...under('pbx', validatePbx(input.pbx)));
  (input.sipUris ?? []).forEach((u, i) => {
    problems.push(...under(`sipUris.${i}`, validateSipUri(u)));
  });
  (input.widgets ?? []).forEach((w, i) => {
    problems.push(...under(`widgets.${i}`, validateWidget(w)));
  });
  problems.push(
    ...validateSipUsers(input.operators ?? []).map((p) => ({
      field: p.field.replace(/^SIP_USERS\[(\d+)\]/, 'operators.$1'),
      message: p.message.replace(/SIP_USERS\[(\d+)\]/g, 'operators.$1'),
    })),
  );

  const port = (field: string, value: number | null) => {
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
      add(field, 'must be a whole number from 1 to 65535');
    }
  };
  const bind = (field: string, value: string) => {
    if (!IPV4.test(value) && value !== '::')
      add(field, 'must be an IPv4 address such as 0.0.0.0 or 127.0.0.1');
  };
  const path = (field: string, value: string) => {
    if (!PATH.test(value) || value.includes('..')) {
      add(field, 'must be an absolute path of letters, digits, "_", "-", "." and "/" (no "..")');
    }
  };

  bind('http.bindAddress', http.bindAddress);
  bind('http.tlsBindAddress', http.tlsBindAddress);
  port('http.port', http.port);
  port('http.tlsPort', http.tlsPort);
  if (http.port === http.tlsPort) add('http.tlsPort', 'must differ from http.port');
  path('http.certFile', http.certFile);
  path('http.keyFile', http.keyFile);

  bind('sip.bindAddress', sip.bindAddress);
  port('sip.udpPort', sip.udpPort);
  port('sip.tcpPort', sip.tcpPort);
  if (sip.codecs.length === 0) add('sip.codecs', 'must list at least one codec, e.g. ["opus", "ulaw"]');
  sip.codecs.forEach((c, i) => {
    if (!CODEC.test(c)) add(`sip.codecs.${i}`, 'must be an Asterisk codec name such as opus, ulaw or alaw');
  });

  if (ami) {
    bind('ami.bindAddress', ami.bindAddress ?? '127.0.0.1');
    port('ami.port', ami.port ?? 5038);
    port('ami.tlsPort', ami.tlsPort ?? null);
    if (ami.users.length === 0) add('ami.users', 'must have at least one user; omit `ami` to disable AMI');
    ami.users.forEach((u, i) => {
      if (!NAME.test(u.username)) add(`ami.users.${i}.username`, 'must be letters, digits, "_" or "-"');
      if (u.secret.length === 0) add(`ami.users.${i}.secret`, 'must not be empty');
      else if (SECRET_FORBIDDEN.test(u.secret)) {
        add(
          `ami.users.${i}.secret`,
          'must not contain spaces, control characters, ";" or "#" (they end a value in manager.conf)',
        );
      }
      (u.permit ?? []).forEach((p, j) => {
        if (!isNetwork(p))
          add(
            `ami.users.${i}.permit.${j}`,
            'must be an IPv4 network such as 10.0.0.0/255.0.0.0 or 10.0.0.0/8',
          );
      });
      for (const k of ['read', 'write'] as const) {
        const v = u[k];
        if (v !== undefined && !/^[a-z]+(,[a-z]+)*$/.test(v))
          add(`ami.users.${i}.${k}`, 'must be comma-separated class names such as all or call,system');
      }
    });
  }

  (input.trunks ?? []).forEach((t, i) => {
    if (!NAME.test(t.name))
      add(`trunks.${i}.name`, 'must be letters, digits, "_" or "-" (it names a PJSIP endpoint)');
    if (t.match.length === 0) add(`trunks.${i}.match`, 'must list at least one source IP or network');
    t.match.forEach((m, j) => {
      if (!isNetwork(m))
        add(
          `trunks.${i}.match.${j}`,
          'must be an IPv4 address or network such as 203.0.113.5 or 203.0.113.0/24',
        );
    });
    if (t.context !== undefined && !NAME.test(t.context))
      add(`trunks.${i}.context`, 'must be letters, digits, "_" or "-"');
    if (t.assistant !== undefined && !NAME.test(t.assistant))
      add(`trunks.${i}.assistant`, 'must be letters, digits, "_" or "-"');
  });

  if (!NAME.test(dialplan.stasisApp))
    add('dialplan.stasisApp', 'must be letters, digits, "_" or "-", e.g. aiPBXBot');
  if (dialplan.recordingsDir !== null) path('dialplan.recordingsDir', dialplan.recordingsDir);
  if (!HEADER.test(dialplan.assistantHeader))
    add('dialplan.assistantHeader', 'must be a SIP header name such as X-Assistant-Id');
  if (!SOUNDS.test(dialplan.unavailableSound)) {
    add(
      'dialplan.unavailableSound',
      'must be sound file names without extension joined by "&", e.g. im-sorry&please-try-call-later',
    );
  }
  if (!NAME.test(dialplan.operatorContext))
    add('dialplan.operatorContext', 'must be letters, digits, "_" or "-"');
  if (dialplan.operatorContext === input.pbx.context) {
    add('dialplan.operatorContext', `must differ from the assistant context "${input.pbx.context}"`);
  }

  // PJSIP section names share one namespace per type; keep every generated name unique.
  const owners = new Map<string, string>();
  const claim = (name: string, field: string) => {
    const other = owners.get(name);
    if (other) add(field, `uses the PJSIP name "${name}", already used by ${other}; choose another id`);
    else owners.set(name, field);
  };
  for (const t of ['transport-udp', 'transport-tcp', 'transport-ws', 'transport-wss'])
    claim(t, 'a transport');
  (input.sipUris ?? []).forEach((u, i) => {
    claim(u.id, `sipUris.${i}.id`);
    claim(`${u.id}-auth`, `sipUris.${i}.id`);
  });
  (input.widgets ?? []).forEach((w, i) => {
    claim(w.sipUri, `widgets.${i}.sipUri`);
  });
  (input.operators ?? []).forEach((o, i) => {
    claim(o.extension, `operators.${i}.extension`);
    claim(`${o.extension}-auth`, `operators.${i}.extension`);
  });
  (input.trunks ?? []).forEach((t, i) => {
    claim(t.name, `trunks.${i}.name`);
    claim(`${t.name}-identify`, `trunks.${i}.name`);
  });
  return problems;
}

function fileHeader(r: Resolved): string[] {
  return [`PBX: ${r.input.pbx.name}`];
}

function ariConf(r: Resolved): string {
  const { pbx } = r.input;
  return renderConf('ari.conf', fileHeader(r), [
    {
      name: 'general',
      entries: [
        ['enabled', 'yes'],
        ['pretty', 'no'],
      ],
    },
    {
      name: pbx.ariUsername,
      comment: ['The user the aipbx ARI backend logs in as.'],
      entries: [
        ['type', 'user'],
        ['read_only', 'no'],
        ['password', pbx.ariPassword],
        ['password_format', 'plain'],
      ],
    },
  ]);
}

function httpConf(r: Resolved): string {
  const { http } = r;
  return renderConf('http.conf', fileHeader(r), [
    {
      name: 'general',
      comment: ['TLS is mandatory: browsers allow WebRTC signalling only over WSS.'],
      entries: [
        ['enabled', 'yes'],
        ['bindaddr', http.bindAddress],
        ['bindport', http.port],
        ['tlsenable', 'yes'],
        ['tlsbindaddr', `${http.tlsBindAddress}:${http.tlsPort}`],
        ['tlscertfile', http.certFile],
        ['tlsprivatekey', http.keyFile],
      ],
    },
  ]);
}

function managerConf(r: Resolved): string {
  const { ami, http } = r;
  if (!ami) {
    return renderConf('manager.conf', fileHeader(r), [{ name: 'general', entries: [['enabled', 'no']] }]);
  }
  const general: ConfEntry[] = [
    ['enabled', 'yes'],
    ['bindaddr', ami.bindAddress ?? '127.0.0.1'],
    ['port', ami.port ?? 5038],
    ['displayconnects', 'no'],
  ];
  if (ami.tlsPort != null) {
    general.push(
      ['tlsenable', 'yes'],
      ['tlsbindaddr', `${ami.bindAddress ?? '127.0.0.1'}:${ami.tlsPort}`],
      ['tlscertfile', http.certFile],
      ['tlsprivatekey', http.keyFile],
    );
  }
  return renderConf('manager.conf', fileHeader(r), [
    { name: 'general', entries: general },
    ...ami.users.map(
      (u): ConfSection => ({
        name: u.username,
        comment: ['Everything is denied except the permitted networks.'],
        entries: [
          ['secret', u.secret],
          ['deny', '0.0.0.0/0.0.0.0'],
          ...(u.permit ?? ['127.0.0.1/255.255.255.255']).map((p): ConfEntry => ['permit', p]),
          ['read', u.read ?? 'all'],
          ['write', u.write ?? 'all'],
        ],
      }),
    ),
  ]);
}

function media(r: Resolved): ConfEntry[] {
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

function callerId(name: string, number: string): string {
  return `"${name.replace(/["\\<>]/g, '')}" <${number}>`;
}

function pjsipConf(r: Resolved): string {
  const { input, sip } = r;
  const sections: ConfSection[] = [];
  const transport = (name: string, protocol: string, bind: string, comment: string) =>
    sections.push({
      name,
      comment: [comment],
      entries: [
        ['type', 'transport'],
        ['protocol', protocol],
        ['bind', bind],
      ],
    });

  if (sip.udpPort !== null)
    transport('transport-udp', 'udp', `${sip.bindAddress}:${sip.udpPort}`, 'Phones and trunks over UDP.');
  if (sip.tcpPort !== null)
    transport('transport-tcp', 'tcp', `${sip.bindAddress}:${sip.tcpPort}`, 'Phones and trunks over TCP.');
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
        'Every call from it reaches its own assistant, whatever the page asks for.',
      ],
      entries: [
        ['type', 'endpoint'],
        ['context', input.pbx.context],
        ...media(r),
        ...WEBRTC,
        ['allow_subscribe', 'no'],
        ['set_var', `AIPBX_BOUND_ASSISTANT=${w.assistant}`],
        ['set_var', `AIPBX_WIDGET=${w.id}`],
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
          ...media(r),
          ['auth', `${u.id}-auth`],
          ['aors', u.id],
          ['allow_subscribe', 'no'],
          ['set_var', `AIPBX_BOUND_ASSISTANT=${u.assistant}`],
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
          ...media(r),
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

  for (const t of input.trunks ?? []) {
    const entries: ConfEntry[] = [
      ['type', 'endpoint'],
      ['context', t.context ?? input.pbx.context],
      ...media(r),
    ];
    if (t.assistant) entries.push(['set_var', `AIPBX_BOUND_ASSISTANT=${t.assistant}`]);
    sections.push(
      { name: t.name, comment: [`Trunk ${t.name}: identified by source address, no credentials.`], entries },
      {
        name: `${t.name}-identify`,
        entries: [['type', 'identify'], ['endpoint', t.name], ...t.match.map((m): ConfEntry => ['match', m])],
      },
    );
  }
  return renderConf('pjsip.conf', fileHeader(r), sections);
}

function extensionsConf(r: Resolved): string {
  const { input, dialplan } = r;
  const allowed = '0-9A-Za-z_\\x2d';
  const filtered = (expr: string) => `\${FILTER(${allowed},${expr})}`;
  const ctx = input.pbx.context;
  const steps: string[] = [
    `1,NoOp(aipbx: call to \${EXTEN} from \${CALLERID(all)})`,
    `n,Set(ASSISTANTID=${filtered('${AIPBX_BOUND_ASSISTANT}')})`,
    `n,ExecIf($["\${ASSISTANTID}" = ""]?Set(ASSISTANTID=${filtered(`\${PJSIP_HEADER(read,${dialplan.assistantHeader})}`)}))`,
    `n,ExecIf($["\${ASSISTANTID}" = ""]?Set(ASSISTANTID=${filtered('${EXTEN}')}))`,
  ];
  if (dialplan.recordingsDir !== null) {
    steps.push(
      `n,Set(__fname=${dialplan.recordingsDir}/\${ASSISTANTID}/\${UNIQUEID})`,
      'n,MixMonitor(${fname}.wav)',
    );
  }
  steps.push(
    `n,Stasis(${dialplan.stasisApp},\${ASSISTANTID})`,
    'n,GotoIf($["${STASISSTATUS}" = "FAILED"]?unavailable)',
    'n,Hangup()',
    `n(unavailable),NoOp(aipbx: Stasis app ${dialplan.stasisApp} is not connected)`,
    `n,Playback(${dialplan.unavailableSound})`,
    'n,Hangup()',
  );
  const pattern = '_[0-9A-Za-z].';
  const assistant: ConfEntry[] = [
    ...steps.map((s, i): ConfEntry => (i === 0 ? ['exten', `${pattern},${s}`] : ['same', s])),
    // A failed Originate runs `failed` in its context; without this the pattern above would take it
    // for an assistant called "failed".
    ['exten', 'failed,1,Hangup()'],
  ];

  // Every context a SIP URI or trunk sends calls to gets the same assistant dialplan.
  const contexts = [
    ...new Set([
      ctx,
      ...(input.sipUris ?? []).map((u) => u.context),
      ...(input.trunks ?? []).map((t) => t.context ?? ctx),
    ]),
  ];
  const sections: ConfSection[] = contexts.map((name) => ({
    name,
    operator: '=>',
    comment: [
      'Calls to AI assistants. ASSISTANTID comes from the endpoint (widgets, SIP URIs, trunks bound to',
      `one assistant), else the ${dialplan.assistantHeader} SIP header, else the dialled extension.`,
      'If the Stasis app is not connected the caller hears an apology instead of silence.',
    ],
    entries: assistant,
  }));
  const operators = input.operators ?? [];
  if (operators.length > 0) {
    sections.push({
      name: dialplan.operatorContext,
      operator: '=>',
      comment: [
        'Operators reach each other by extension, and the assistants. The hints publish each',
        "operator's state (idle, ringing, in use, unavailable) to AMI ExtensionStatus events.",
      ],
      entries: [
        ...operators.flatMap((o): ConfEntry[] => [
          ['exten', `${o.extension},hint,PJSIP/${o.extension}`],
          ['exten', `${o.extension},1,Dial(PJSIP/${o.extension},30)`],
          // Without it a busy or unanswered dial falls through and holds the caller in a busy tone.
          ['same', 'n,Hangup()'],
        ]),
        ['include', ctx],
      ],
    });
  }
  return renderConf('extensions.conf', fileHeader(r), sections);
}

/**
 * Generates the Asterisk configuration for a PBX and what is published on it: `ari.conf`,
 * `http.conf` (TLS on), `pjsip.conf` (WS/WSS transports, WebRTC endpoints with DTLS, widgets
 * confined to the assistant context), `extensions.conf` (the assistant context: recording, then
 * `Stasis(aiPBXBot,${ASSISTANTID})`, with an apology when the app is not connected) and
 * `manager.conf`.
 *
 * The output is deterministic: the same input always gives the same text.
 *
 * @throws {@link ValidationError} listing every problem in the input.
 *
 * @example
 * ```ts
 * const files = generateAsteriskConfig({ pbx, widgets: [widget], ami: { users: [{ username: 'app', secret }] } });
 * for (const [name, text] of Object.entries(files)) await writeFile(`/etc/asterisk/${name}`, text);
 * ```
 */
export function generateAsteriskConfig(input: AsteriskConfigInput): AsteriskConfigFiles {
  const r = resolve(input);
  const problems = check(r);
  if (problems.length > 0) throw new ValidationError('Asterisk config input', problems);
  return {
    'ari.conf': ariConf(r),
    'http.conf': httpConf(r),
    'pjsip.conf': pjsipConf(r),
    'extensions.conf': extensionsConf(r),
    'manager.conf': managerConf(r),
  };
}
