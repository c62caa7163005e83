import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/validation-error.js';
import type { AsteriskConfigInput } from './asterisk-config-options.js';
import { generateAsteriskConfig } from './generate-asterisk-config.js';

const pbx = {
  name: 'Офис Москва',
  wssUrl: 'wss://pbx.example.com:8089/ws',
  ariUrl: 'https://pbx.example.com:8089',
  ariUsername: 'asterisk',
  ariPassword: 'ari-pass-1',
  context: 'assistant-in',
};

const full: AsteriskConfigInput = {
  pbx,
  widgets: [
    {
      id: 'widget-abc123',
      name: 'Виджет для сайта ТехноМастер',
      assistant: 'support',
      sipUri: 'support-webrtc',
    },
  ],
  sipUris: [
    {
      id: 'support-bot',
      password: 'sip-pass-1',
      assistant: 'support',
      context: 'assistant-in',
      domain: 'sip.aipbx.com',
    },
  ],
  operators: [
    { extension: '101', password: 'op-pass-1', username: '101', displayName: 'Anna Petrova' },
    {
      extension: '102',
      password: 'op-pass-2',
      username: '102',
      displayName: 'Boris',
      wsPassword: 'ws-pass-2',
    },
  ],
  trunks: [{ name: 'provider', match: ['203.0.113.0/24'], assistant: 'pizza-order' }],
  ami: { tlsPort: 5039, users: [{ username: 'crm', secret: 'ami-secret-1', permit: ['10.0.0.5/32'] }] },
};

/** Lines of one section of a generated .conf, without comments. */
function section(text: string, name: string, type?: string): string[] {
  const blocks = text.split(/\n(?=(?:;[^\n]*\n)*\[)/);
  for (const block of blocks) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith(';'));
    if (lines[0] === `[${name}]` && (!type || lines.includes(`type = ${type}`))) return lines.slice(1);
  }
  throw new Error(`no section [${name}]${type ? ` of type ${type}` : ''}`);
}

describe('generateAsteriskConfig', () => {
  it('generates the five files for a bare PBX (snapshot)', async () => {
    const files = generateAsteriskConfig({ pbx });
    for (const [name, text] of Object.entries(files)) {
      await expect(text).toMatchFileSnapshot(`__snapshots__/minimal/${name}`);
    }
  });

  it('generates widgets, SIP URIs, operators, trunks and AMI (snapshot)', async () => {
    const files = generateAsteriskConfig(full);
    for (const [name, text] of Object.entries(files)) {
      await expect(text).toMatchFileSnapshot(`__snapshots__/full/${name}`);
    }
  });

  it('is deterministic', () => {
    expect(generateAsteriskConfig(full)).toEqual(generateAsteriskConfig(structuredClone(full)));
  });

  it('writes the assistant dialplan into every context a SIP URI or trunk uses', () => {
    const ext = generateAsteriskConfig({
      pbx,
      sipUris: [{ ...full.sipUris![0]!, context: 'from-sip-uri' }],
      trunks: [{ name: 'provider', match: ['203.0.113.5'], context: 'from-trunk' }],
    })['extensions.conf'];
    for (const ctx of ['assistant-in', 'from-sip-uri', 'from-trunk']) {
      expect(section(ext, ctx)).toContain('exten => support,1,Goto(aipbx-assistant,support,1)');
    }
    expect(section(ext, 'aipbx-assistant').join('\n')).toContain('Stasis(aiPBXBot,${ASSISTANTID})');
  });

  it('names operator problems by their place in the operators list', () => {
    const operators = [{ extension: '101', password: '', username: '101', displayName: 'A' }];
    expect(() => generateAsteriskConfig({ pbx, operators })).toThrow(/operators\.0\.password/);
  });

  it('can keep plain HTTP local while WSS listens publicly', () => {
    const http = generateAsteriskConfig({
      pbx,
      http: { bindAddress: '127.0.0.1', tlsBindAddress: '0.0.0.0' },
    })['http.conf'];
    expect(section(http, 'general')).toEqual(
      expect.arrayContaining(['bindaddr = 127.0.0.1', 'tlsbindaddr = 0.0.0.0:8089']),
    );
  });

  it('always turns TLS on in http.conf', () => {
    const http = generateAsteriskConfig({ pbx, http: { port: 8080, tlsPort: 8443 } })['http.conf'];
    expect(section(http, 'general')).toEqual(
      expect.arrayContaining(['tlsenable = yes', 'tlsbindaddr = 0.0.0.0:8443', 'bindport = 8080']),
    );
  });

  it('makes a widget a public WebRTC endpoint confined to the assistant context, bound to its assistant', () => {
    const { 'pjsip.conf': pjsip, 'extensions.conf': ext } = generateAsteriskConfig(full);
    const endpoint = section(pjsip, 'support-webrtc', 'endpoint');
    expect(endpoint).toContain('context = assistant-in');
    expect(endpoint).toContain('webrtc = yes');
    expect(endpoint).toContain('dtls_auto_generate_cert = yes');
    expect(endpoint).toContain('set_var = AIPBX_BOUND_ASSISTANT=support');
    expect(endpoint.some((l) => l.startsWith('auth ') || l.startsWith('aors '))).toBe(false);
    // The assistant contexts only ever hand the call to Stasis or hang up: nothing dials out.
    for (const ctx of ['assistant-in', 'aipbx-assistant']) {
      expect(section(ext, ctx).join('\n')).not.toMatch(/Dial|include|Goto\((?!aipbx-assistant,)/);
    }
  });

  it('writes the seed dialplan once, in a context only the assistant contexts jump to', () => {
    const ext = generateAsteriskConfig({ pbx })['extensions.conf'];
    const apps = section(ext, 'aipbx-assistant').map(
      (l) => /(?:\d|n(?:\([a-z]+\))?),([A-Za-z]+)\(/.exec(l)?.[1],
    );
    expect(apps).toEqual([
      'NoOp',
      'Set',
      'ExecIf',
      'ExecIf',
      'GotoIf',
      'Set',
      'GotoIf',
      'ExecIf',
      'GotoIf',
      'Set',
      'Set',
      'Set',
      'ExecIf',
      'GotoIf',
      'Set',
      'Set',
      'MixMonitor',
      'Stasis',
      'GotoIf',
      'Hangup',
      'NoOp',
      'Playback',
      'Hangup',
      'NoOp',
      'Hangup',
    ]);
    expect(ext).toContain(
      'same => n(record),Set(__fname=/usr/records/assistants/${ASSISTANTID}/${UNIQUEID})',
    );
    expect(ext).toContain('same => n(stasis),Stasis(aiPBXBot,${ASSISTANTID})');
    expect(ext).toContain('same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?unavailable)');
    expect(ext).toContain('PJSIP_HEADER(read,X-Assistant-Id)');
    // Nothing a caller sends is logged raw: the caller number is filtered like the assistant id.
    expect(section(ext, 'aipbx-assistant')[0]).toBe(
      'exten => _[+0-9A-Za-z].,1,NoOp(aipbx: call to ${EXTEN} from ${FILTER(0-9A-Za-z_.+\\x2d,${CALLERID(num)})})',
    );
  });

  it('leaves recording out when recordingsDir is null, and honours a custom Stasis app', () => {
    const ext = generateAsteriskConfig({ pbx, dialplan: { recordingsDir: null, stasisApp: 'myBot' } })[
      'extensions.conf'
    ];
    expect(ext).not.toContain('MixMonitor');
    expect(ext).not.toContain('aipbx-recordings');
    expect(ext).toContain('Stasis(myBot,${ASSISTANTID})');
    expect(
      generateAsteriskConfig({ ...full, dialplan: { recordingsDir: null } })['pjsip.conf'],
    ).not.toContain('AIPBX_MAX_RECORDINGS');
  });

  it('lets operators call each other and reach the assistants, with hints for their state', () => {
    const ext = generateAsteriskConfig(full)['extensions.conf'];
    expect(section(ext, 'aipbx-operators')).toEqual([
      'exten => 101,hint,PJSIP/101',
      'exten => 101,1,Dial(PJSIP/101,30)',
      'same => n,Hangup()',
      'exten => 102,hint,PJSIP/102',
      'exten => 102,1,Dial(PJSIP/102,30)',
      'same => n,Hangup()',
      'include => assistant-in',
    ]);
  });

  it('makes SIP_USERS entries with a ws_password WebRTC endpoints, the others plain SIP phones', () => {
    const pjsip = generateAsteriskConfig(full)['pjsip.conf'];
    expect(section(pjsip, '102', 'endpoint')).toContain('webrtc = yes');
    expect(section(pjsip, '102-auth')).toContain('password = ws-pass-2');
    expect(section(pjsip, '101', 'endpoint').some((l) => l.startsWith('webrtc'))).toBe(false);
    expect(section(pjsip, '101-auth')).toContain('password = op-pass-1');
  });

  it('escapes ";" in values so Asterisk does not read the rest as a comment', () => {
    const operators = [{ extension: '101', password: 'pa;ss#1', username: '101', displayName: 'A' }];
    const pjsip = generateAsteriskConfig({ pbx, operators })['pjsip.conf'];
    expect(section(pjsip, '101-auth')).toContain('password = pa\\;ss#1');
  });

  it('denies AMI to every IPv4 and IPv6 address but the permitted networks, with least-privilege classes', () => {
    const manager = generateAsteriskConfig(full)['manager.conf'];
    expect(section(manager, 'crm')).toEqual([
      'secret = ami-secret-1',
      'deny = 0.0.0.0/0.0.0.0',
      'deny = ::/0',
      'permit = 10.0.0.5/32',
      'read = call,dialplan,system',
      'write = call,originate,reporting',
    ]);
    expect(section(manager, 'general')).toContain('bindaddr = 127.0.0.1');
    expect(generateAsteriskConfig({ pbx })['manager.conf']).toContain('enabled = no');
  });

  it('reports every problem at once, with its field, and never the secret', () => {
    let error: unknown;
    try {
      generateAsteriskConfig({
        ...full,
        http: { port: 70000, tlsPort: 70000 },
        sipUris: [{ ...full.sipUris![0]!, id: 'support-webrtc' }],
        ami: { users: [{ username: 'crm', secret: 'has space inside' }] },
        dialplan: { operatorContext: 'assistant-in' },
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const { problems, message } = error as ValidationError;
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'http.port',
        'http.tlsPort',
        'ami.users.0.secret',
        'dialplan.operatorContext',
        'widgets.0.sipUri',
      ]),
    );
    expect(message).not.toContain('has space inside');
  });

  it('keeps every value on its own line whatever a display name contains', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (name) => {
        fc.pre(name.trim().length > 0 && !/[:,]/.test(name));
        let text: string;
        try {
          text = generateAsteriskConfig({
            pbx,
            operators: [{ extension: '101', password: 'pw-123456', username: '101', displayName: name }],
          })['pjsip.conf'];
        } catch (err) {
          expect(err).toBeInstanceOf(ValidationError);
          return;
        }
        for (const line of text.split('\n')) {
          expect(line === '' || /^(;|\[[^\]]+\]$|[a-z_]+ = )/.test(line), line).toBe(true);
        }
        const callerid = section(text, '101', 'endpoint').find((l) => l.startsWith('callerid = '));
        expect(callerid?.replace(/\\;/g, '')).not.toMatch(/;/);
      }),
    );
  });
});

describe('generateAsteriskConfig: what public endpoints may do', () => {
  it('lets assistant contexts accept only exact names, plus phone numbers where a trunk delivers', () => {
    const ext = generateAsteriskConfig({ ...full, dialplan: { assistants: ['sales'] } })['extensions.conf'];
    const lines = section(ext, 'assistant-in');
    const extensions = lines.map((l) => /^exten => ([^,]+),/.exec(l)?.[1]);
    expect(extensions.slice(0, 5)).toEqual(['support', 'support-bot', 'pizza-order', 'sales', '_[+0-9]X']);
    expect(extensions).toContain('_[+0-9]XXXXXXXXXXXXXXXXXXX');
    expect(extensions).not.toContain('_[+0-9]XXXXXXXXXXXXXXXXXXXX');
    expect(extensions.at(-1)).toBe('failed');
    // No pattern that takes arbitrary bytes: only X (a digit) and the [+0-9] class.
    for (const e of extensions) expect(e).toMatch(/^(_\[\+0-9\]X+|[A-Za-z0-9][A-Za-z0-9_-]*)$/);
    // Without a trunk the context has no numbers at all.
    const bare = generateAsteriskConfig({ pbx, widgets: full.widgets })['extensions.conf'];
    expect(section(bare, 'assistant-in')).toEqual([
      'exten => support,1,Goto(aipbx-assistant,support,1)',
      'exten => failed,1,Hangup()',
    ]);
  });

  it('sends SIP MESSAGE from every endpoint to an empty context', () => {
    const { 'pjsip.conf': pjsip, 'extensions.conf': ext } = generateAsteriskConfig(full);
    for (const [name, type] of [
      ['support-webrtc', 'endpoint'],
      ['support-bot', 'endpoint'],
      ['101', 'endpoint'],
      ['102', 'endpoint'],
      ['provider', 'endpoint'],
    ] as const) {
      expect(section(pjsip, name, type)).toContain('message_context = aipbx-no-messages');
    }
    expect(section(ext, 'aipbx-no-messages')).toEqual([]);
  });

  it('turns off SUBSCRIBE, REFER, overlap dialling, direct media and trusted identity on public endpoints', () => {
    const pjsip = generateAsteriskConfig(full)['pjsip.conf'];
    for (const name of ['support-webrtc', 'support-bot', 'provider']) {
      expect(section(pjsip, name, 'endpoint')).toEqual(
        expect.arrayContaining([
          'allow_subscribe = no',
          'allow_transfer = no',
          'allow_overlap = no',
          'direct_media = no',
          'trust_id_inbound = no',
        ]),
      );
    }
  });

  it('identifies trunks by address only, and everything else by user name', () => {
    const pjsip = generateAsteriskConfig(full)['pjsip.conf'];
    expect(section(pjsip, 'provider', 'endpoint')).toContain('identify_by = ip');
    expect(section(pjsip, 'support-webrtc', 'endpoint')).toContain('identify_by = username');
    expect(section(pjsip, 'support-bot', 'endpoint')).toContain('identify_by = username,auth_username');
    expect(section(pjsip, '101', 'endpoint')).toContain('identify_by = username,auth_username');
  });

  it("fixes a widget's caller id, so nothing a visitor sends reaches logs or AMI", () => {
    const pjsip = generateAsteriskConfig(full)['pjsip.conf'];
    expect(section(pjsip, 'support-webrtc', 'endpoint')).toContain(
      'callerid = "Виджет для сайта ТехноМастер" <widgetabc123>',
    );
  });

  it('gives each public endpoint its limits, with safe defaults and per-trunk overrides', () => {
    const pjsip = generateAsteriskConfig({
      ...full,
      trunks: [...full.trunks!, { name: 'carrier', match: ['198.51.100.7'], maxCalls: 400 }],
    })['pjsip.conf'];
    const vars = (name: string) =>
      section(pjsip, name, 'endpoint').filter((l) => /AIPBX_(ENDPOINT|MAX)/.test(l));
    expect(vars('support-webrtc')).toEqual([
      'set_var = AIPBX_ENDPOINT=support-webrtc',
      'set_var = AIPBX_MAX_CALLS=10',
      'set_var = AIPBX_MAX_SECONDS=1800',
      'set_var = AIPBX_MAX_RECORDINGS=500',
    ]);
    expect(vars('support-bot')).toContain('set_var = AIPBX_MAX_CALLS=30');
    expect(vars('provider')).toContain('set_var = AIPBX_MAX_CALLS=100');
    expect(vars('carrier')).toContain('set_var = AIPBX_MAX_CALLS=400');
    // Operators are staff: no limits.
    expect(section(pjsip, '101', 'endpoint').some((l) => l.includes('AIPBX_MAX'))).toBe(false);

    const off = generateAsteriskConfig({
      ...full,
      limits: { widgetCalls: null, callSeconds: null, recordingsPerDay: null },
    })['pjsip.conf'];
    expect(section(off, 'support-webrtc', 'endpoint').filter((l) => l.includes('AIPBX_MAX'))).toEqual([]);
  });

  it('keeps plain HTTP on loopback and HTTPS public by default', () => {
    const http = generateAsteriskConfig({ pbx })['http.conf'];
    expect(section(http, 'general')).toEqual(
      expect.arrayContaining(['bindaddr = 127.0.0.1', 'tlsbindaddr = 0.0.0.0:8089']),
    );
  });

  it('adds a TLS transport with the HTTP certificate when asked, and refuses it on the TCP port', () => {
    const pjsip = generateAsteriskConfig({ pbx, sip: { tcpPort: 5060, tlsPort: 5061 } })['pjsip.conf'];
    expect(section(pjsip, 'transport-tls')).toEqual([
      'type = transport',
      'protocol = tls',
      'bind = 0.0.0.0:5061',
      'cert_file = /etc/asterisk/keys/asterisk.pem',
      'priv_key_file = /etc/asterisk/keys/asterisk.key',
      'method = tlsv1_2',
    ]);
    expect(generateAsteriskConfig({ pbx })['pjsip.conf']).not.toContain('[transport-tls]');
    expect(() => generateAsteriskConfig({ pbx, sip: { tcpPort: 5061, tlsPort: 5061 } })).toThrow(
      /sip\.tlsPort/,
    );
  });

  it('lets every WebSocket hold an HTTP session: sessionlimit 1000 by default, refuses a bad one', () => {
    expect(section(generateAsteriskConfig({ pbx })['http.conf'], 'general')).toContain('sessionlimit = 1000');
    const own = generateAsteriskConfig({ pbx, http: { sessionLimit: 250 } })['http.conf'];
    expect(section(own, 'general')).toContain('sessionlimit = 250');
    for (const sessionLimit of [0, 1.5, 100_001, Number.NaN])
      expect(() => generateAsteriskConfig({ pbx, http: { sessionLimit } })).toThrow(/http\.sessionLimit/);
  });

  it('writes IPv6 binds in brackets wherever a port follows the address', () => {
    const files = generateAsteriskConfig({
      ...full,
      http: { bindAddress: '::1', tlsBindAddress: '::' },
      sip: { bindAddress: '::', tcpPort: 5060 },
      ami: {
        bindAddress: '::',
        tlsPort: 5039,
        users: [{ username: 'crm', secret: 's3cret', permit: ['fd00::/64'] }],
      },
      trunks: [{ name: 'provider', match: ['2001:db8::/32', '2001:db8::5'] }],
    });
    expect(section(files['http.conf'], 'general')).toEqual(
      expect.arrayContaining(['bindaddr = ::1', 'tlsbindaddr = [::]:8089']),
    );
    expect(section(files['pjsip.conf'], 'transport-udp')).toContain('bind = [::]:5060');
    expect(section(files['pjsip.conf'], 'transport-tcp')).toContain('bind = [::]:5060');
    expect(section(files['manager.conf'], 'general')).toEqual(
      expect.arrayContaining(['bindaddr = ::', 'tlsbindaddr = [::]:5039']),
    );
    expect(section(files['manager.conf'], 'crm')).toContain('permit = fd00::/64');
    expect(section(files['pjsip.conf'], 'provider-identify')).toEqual(
      expect.arrayContaining(['match = 2001:db8::/32', 'match = 2001:db8::5']),
    );
  });

  it('rejects calls from outside into the operators context, reserved context names and bad limits', () => {
    let error: unknown;
    try {
      generateAsteriskConfig({
        ...full,
        sipUris: [{ ...full.sipUris![0]!, context: 'aipbx-operators' }],
        trunks: [
          { name: 'provider', match: ['203.0.113.0/24'], context: 'aipbx-operators' },
          { name: 'other', match: ['203.0.113.9'], context: 'aipbx-assistant', maxCalls: 0 },
        ],
        dialplan: { assistants: ['_sneaky', 'ok-one', 'bad/one'] },
        limits: { widgetCalls: 2.5, callSeconds: -1 },
        http: { bindAddress: '0.0.0.0:8088' },
        ami: { bindAddress: '[::1]', users: [{ username: 'crm', secret: 'x1', permit: ['::1/129'] }] },
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const fields = (error as ValidationError).problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'sipUris.0.context',
        'trunks.0.context',
        'trunks.1.context',
        'trunks.1.maxCalls',
        'dialplan.assistants.0',
        'dialplan.assistants.2',
        'limits.widgetCalls',
        'limits.callSeconds',
        'http.bindAddress',
        'ami.bindAddress',
        'ami.users.0.permit.0',
      ]),
    );
    expect(fields).not.toContain('dialplan.assistants.1');
    const message = (error as ValidationError).problems.find((p) => p.field === 'trunks.0.context')?.message;
    expect(message).toMatch(/operators' context/);
  });
});

describe('generateAsteriskConfig: extensions as Asterisk matches them', () => {
  it('jumps with the name as written, since Asterisk ignores "-" in a dialled extension', () => {
    const ext = generateAsteriskConfig(full)['extensions.conf'];
    expect(section(ext, 'assistant-in')).toContain(
      'exten => pizza-order,1,Goto(aipbx-assistant,pizza-order,1)',
    );
    expect(section(ext, 'assistant-in')).toContain(
      'exten => _[+0-9]XX,1,Goto(aipbx-assistant,${FILTER(+0-9,${EXTEN})},1)',
    );
  });

  it('refuses names that differ only in "-", and one-character names', () => {
    let error: unknown;
    try {
      generateAsteriskConfig({ ...full, dialplan: { assistants: ['pizzaorder', 'x'] } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems.map((p) => p.field)).toEqual(['dialplan.assistants.1', 'dialplan']);
    expect(problems[1]?.message).toContain('"pizza-order" and "pizzaorder"');
  });

  it('counts recordings per endpoint in one AstDB key a day overwrites', () => {
    const body = section(generateAsteriskConfig(full)['extensions.conf'], 'aipbx-assistant').join('\n');
    expect(body).toContain(
      'Set(DB(aipbx-recordings/${AIPBX_ENDPOINT})=${AIPBX_DAY}-$[${AIPBX_RECORDED} + 1])',
    );
    expect(body).not.toMatch(/DB\(aipbx-recordings\/\$\{AIPBX_ENDPOINT\}\/\$\{/);
  });
});

describe('ARI outbound WebSockets', () => {
  const pbx = {
    name: 'Office',
    wssUrl: 'wss://pbx.example.com:8089/ws',
    ariUrl: 'https://pbx.example.com:8089',
    ariUsername: 'aipbx',
    ariPassword: 'ari-secret-123456',
    context: 'assistant-in',
  };
  const outbound = {
    uri: 'wss://apps.example.com:8765/',
    username: 'asterisk',
    password: 'app-secret-123456',
  };

  it('writes the outbound connection for the Stasis app, per call by default, acting as the ARI user', () => {
    const files = generateAsteriskConfig({ pbx, ari: { outbound } });
    const ari = files['ari.conf'];
    expect(ari).toContain('[aipbx-outbound]');
    expect(ari).toContain('type = outbound_websocket');
    expect(ari).toContain('websocket_client_id = aipbx-app');
    expect(ari).toContain('apps = aiPBXBot');
    expect(ari).toContain('local_ari_user = aipbx');
    const client = files['websocket_client.conf'];
    expect(client).toContain('[aipbx-app]');
    expect(client).toContain('uri = wss://apps.example.com:8765/');
    expect(client).toContain('protocols = ari');
    expect(client).toContain('connection_type = per_call_config');
    expect(client).toContain('tls_enabled = yes');
    expect(client).toContain('verify_server_cert = yes');
    expect(client).toContain('password = app-secret-123456');
  });

  it('persistent on request; ws:// without TLS settings; nothing at all without the option', () => {
    const files = generateAsteriskConfig({
      pbx,
      ari: { outbound: { ...outbound, uri: 'ws://10.0.0.5:8765/', connection: 'persistent' } },
    });
    expect(files['websocket_client.conf']).toContain('connection_type = persistent');
    expect(files['websocket_client.conf']).toContain('tls_enabled = no');
    expect(files['websocket_client.conf']).not.toContain('verify_server_cert');
    const plain = generateAsteriskConfig({ pbx });
    expect(plain['ari.conf']).not.toContain('outbound_websocket');
    expect(plain['websocket_client.conf']).not.toContain('[');
  });

  it('reports every problem with the outbound settings at once', () => {
    expect(() =>
      generateAsteriskConfig({
        pbx,
        ari: {
          outbound: {
            uri: 'http://user:pw@apps.example.com/',
            username: 'a b',
            password: 'short',
            connection: 'sometimes' as never,
            reconnectAttempts: -1,
          },
        },
      }),
    ).toThrow(
      /ari\.outbound\.uri.*ari\.outbound\.username.*ari\.outbound\.password.*ari\.outbound\.connection.*ari\.outbound\.reconnectAttempts/s,
    );
  });
});
