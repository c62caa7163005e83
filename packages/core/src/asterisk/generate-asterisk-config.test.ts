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
      expect(section(ext, ctx).join('\n')).toContain('Stasis(aiPBXBot,${ASSISTANTID})');
    }
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
    // The assistant context only ever hands the call to Stasis or hangs up: nothing dials out.
    const assistant = section(ext, 'assistant-in');
    expect(assistant.join('\n')).not.toMatch(/Dial|Goto\(|include/);
  });

  it('writes the seed dialplan: NoOp, fname, MixMonitor, Stasis, Hangup, plus an apology when Stasis fails', () => {
    const ext = generateAsteriskConfig({ pbx })['extensions.conf'];
    const apps = section(ext, 'assistant-in').map(
      (l) => /(?:\d|n(?:\([a-z]+\))?),([A-Za-z]+)\(/.exec(l)?.[1],
    );
    expect(apps).toEqual([
      'NoOp',
      'Set',
      'ExecIf',
      'ExecIf',
      'Set',
      'MixMonitor',
      'Stasis',
      'GotoIf',
      'Hangup',
      'NoOp',
      'Playback',
      'Hangup',
      'Hangup',
    ]);
    expect(ext).toContain('exten => failed,1,Hangup()');
    expect(ext).toContain('same => n,Set(__fname=/usr/records/assistants/${ASSISTANTID}/${UNIQUEID})');
    expect(ext).toContain('same => n,Stasis(aiPBXBot,${ASSISTANTID})');
    expect(ext).toContain('same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?unavailable)');
    expect(ext).toContain('PJSIP_HEADER(read,X-Assistant-Id)');
  });

  it('leaves recording out when recordingsDir is null, and honours a custom Stasis app', () => {
    const ext = generateAsteriskConfig({ pbx, dialplan: { recordingsDir: null, stasisApp: 'myBot' } })[
      'extensions.conf'
    ];
    expect(ext).not.toContain('MixMonitor');
    expect(ext).toContain('Stasis(myBot,${ASSISTANTID})');
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

  it('denies AMI to everyone but the permitted networks', () => {
    const manager = generateAsteriskConfig(full)['manager.conf'];
    expect(section(manager, 'crm')).toEqual([
      'secret = ami-secret-1',
      'deny = 0.0.0.0/0.0.0.0',
      'permit = 10.0.0.5/32',
      'read = all',
      'write = all',
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
