/**
 * Every problem with the generator's input, each with its field path. Internal to the generator.
 *
 * @internal
 */
import type { ValidationProblem } from '../errors/validation-error.js';
import { validatePbx } from '../models/pbx.js';
import { assistantIdProblem } from '../models/problems.js';
import { validateSipUri } from '../models/sip-uri.js';
import { validateWidget } from '../models/widget.js';
import { validateSipUsers } from '../sip-users/sip-users.js';
import { dialledNames } from './extensions-conf.js';
import { isIp, isNetwork } from './ip-address.js';
import { RESERVED_CONTEXTS, type ResolvedConfig } from './resolve-config.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,78}$/;
const CODEC = /^[a-z0-9_]+$/;
const PATH = /^\/[A-Za-z0-9_./-]*$/;
const HEADER = /^[A-Za-z0-9-]+$/;
const SOUNDS = /^[A-Za-z0-9_/-]+(&[A-Za-z0-9_/-]+)*$/;
const CLASSES = /^[a-z]+(,[a-z]+)*$/;
const SECRET_FORBIDDEN = /[\s;#\p{Cc}]/u;
/** A limit: a whole number, or `null` for none. */
const MAX_LIMIT = 1_000_000;

function under(prefix: string, problems: readonly ValidationProblem[]): ValidationProblem[] {
  return problems.map((p) => ({ field: `${prefix}.${p.field}`, message: p.message }));
}

/** Checks everything, returning every problem with its field path. */
export function checkConfig(r: ResolvedConfig): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const { input, http, sip, ami, dialplan, limits } = r;

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

  const outbound = input.ari?.outbound;
  if (outbound !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(outbound.uri);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') {
      add('ari.outbound.uri', "must be the app's ws:// or wss:// URL, such as wss://app.example.com:8765/");
    } else if (url.username !== '' || url.password !== '') {
      add('ari.outbound.uri', 'must not carry credentials: give them as username and password');
    } else if (/[\s;]/.test(outbound.uri)) {
      add('ari.outbound.uri', 'must not contain spaces or ";"');
    }
    if (typeof outbound.username !== 'string' || !/^[A-Za-z0-9_.@-]{1,64}$/.test(outbound.username)) {
      add('ari.outbound.username', 'must be 1–64 Latin letters, digits, "_", ".", "@" or "-"');
    }
    if (
      typeof outbound.password !== 'string' ||
      outbound.password.length < 12 ||
      SECRET_FORBIDDEN.test(outbound.password)
    ) {
      add(
        'ari.outbound.password',
        'must be at least 12 characters with no spaces, ";", "#" or control characters',
      );
    }
    if (
      outbound.connection !== undefined &&
      outbound.connection !== 'per-call' &&
      outbound.connection !== 'persistent'
    ) {
      add('ari.outbound.connection', "must be 'per-call' or 'persistent'");
    }
    for (const [field, value, min, max] of [
      ['connectTimeoutMs', outbound.connectTimeoutMs, 100, 60_000],
      ['reconnectAttempts', outbound.reconnectAttempts, 0, 100],
    ] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= min && value <= max)) {
        add(`ari.outbound.${field}`, `must be a whole number from ${min} to ${max}`);
      }
    }
  }

  const port = (field: string, value: number | null) => {
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= 65535)) {
      add(field, 'must be a whole number from 1 to 65535');
    }
  };
  const bind = (field: string, value: string) => {
    if (typeof value !== 'string' || !isIp(value)) {
      add(
        field,
        'must be an IPv4 or IPv6 address such as 127.0.0.1, 0.0.0.0, ::1 or :: (no brackets, no port)',
      );
    }
  };
  const path = (field: string, value: string) => {
    if (!PATH.test(value) || value.includes('..')) {
      add(field, 'must be an absolute path of letters, digits, "_", "-", "." and "/" (no "..")');
    }
  };
  const network = (field: string, value: string, example: string) => {
    if (typeof value !== 'string' || !isNetwork(value)) {
      add(field, `must be an IPv4 or IPv6 address or network such as ${example}`);
    }
  };
  const limit = (field: string, value: number | null) => {
    if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= MAX_LIMIT)) {
      add(field, `must be a whole number from 1 to ${MAX_LIMIT}, or null for no limit`);
    }
  };

  bind('http.bindAddress', http.bindAddress);
  bind('http.tlsBindAddress', http.tlsBindAddress);
  port('http.port', http.port);
  port('http.tlsPort', http.tlsPort);
  if (http.port === http.tlsPort) add('http.tlsPort', 'must differ from http.port');
  path('http.certFile', http.certFile);
  path('http.keyFile', http.keyFile);
  if (!(Number.isInteger(http.sessionLimit) && http.sessionLimit >= 1 && http.sessionLimit <= 100_000))
    add(
      'http.sessionLimit',
      'must be a whole number from 1 to 100000 (connections the HTTP server holds at once)',
    );

  bind('sip.bindAddress', sip.bindAddress);
  port('sip.udpPort', sip.udpPort);
  port('sip.tcpPort', sip.tcpPort);
  port('sip.tlsPort', sip.tlsPort);
  if (sip.tlsPort !== null && sip.tlsPort === sip.tcpPort) add('sip.tlsPort', 'must differ from sip.tcpPort');
  if (sip.codecs.length === 0) add('sip.codecs', 'must list at least one codec, e.g. ["opus", "ulaw"]');
  sip.codecs.forEach((c, i) => {
    if (!CODEC.test(c)) add(`sip.codecs.${i}`, 'must be an Asterisk codec name such as opus, ulaw or alaw');
  });

  if (ami) {
    bind('ami.bindAddress', ami.bindAddress);
    port('ami.port', ami.port);
    port('ami.tlsPort', ami.tlsPort);
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
      u.permit.forEach((p, j) => {
        network(`ami.users.${i}.permit.${j}`, p, '10.0.0.5, 10.0.0.0/8, 10.0.0.0/255.0.0.0 or fd00::/64');
      });
      for (const k of ['read', 'write'] as const) {
        if (!CLASSES.test(u[k]))
          add(`ami.users.${i}.${k}`, 'must be comma-separated class names such as call,dialplan,system');
      }
    });
  }

  const operatorContext = dialplan.operatorContext;
  const reserved = (field: string, context: string) => {
    if ((RESERVED_CONTEXTS as readonly string[]).includes(context)) {
      add(field, `must not be "${context}": the generator writes that context itself; choose another name`);
    }
  };
  const notOperators = (field: string, context: string) => {
    if (context === operatorContext) {
      add(
        field,
        `must not be the operators' context "${operatorContext}": calls from outside would reach every operator and anything they can dial`,
      );
    }
  };
  reserved('pbx.context', input.pbx.context);
  (input.sipUris ?? []).forEach((u, i) => {
    reserved(`sipUris.${i}.context`, u.context);
    notOperators(`sipUris.${i}.context`, u.context);
  });

  (input.trunks ?? []).forEach((t, i) => {
    if (!NAME.test(t.name))
      add(`trunks.${i}.name`, 'must be letters, digits, "_" or "-" (it names a PJSIP endpoint)');
    if (t.match.length === 0) add(`trunks.${i}.match`, 'must list at least one source IP or network');
    t.match.forEach((m, j) => {
      network(`trunks.${i}.match.${j}`, m, '203.0.113.5, 203.0.113.0/24 or 2001:db8::/32');
    });
    if (t.context !== undefined) {
      if (!NAME.test(t.context)) add(`trunks.${i}.context`, 'must be letters, digits, "_" or "-"');
      reserved(`trunks.${i}.context`, t.context);
      notOperators(`trunks.${i}.context`, t.context);
    }
    if (t.assistant !== undefined && !NAME.test(t.assistant))
      add(`trunks.${i}.assistant`, 'must be letters, digits, "_" or "-"');
    if (t.maxCalls !== undefined) limit(`trunks.${i}.maxCalls`, t.maxCalls);
  });

  if (!NAME.test(dialplan.stasisApp))
    add('dialplan.stasisApp', 'must be letters, digits, "_" or "-", e.g. aiPBXBot');
  if (dialplan.recordingsDir !== null) path('dialplan.recordingsDir', dialplan.recordingsDir);
  dialplan.assistants.forEach((a, i) => {
    const problem = assistantIdProblem(a, 'assistant id');
    if (problem) add(`dialplan.assistants.${i}`, problem);
    else if (a.startsWith('_'))
      add(
        `dialplan.assistants.${i}`,
        'must not start with "_": Asterisk would read the extension as a pattern',
      );
    else if (a.length < 2)
      add(
        `dialplan.assistants.${i}`,
        'must be at least 2 characters: Asterisk keeps one-character extensions (h, s, i, t) for itself',
      );
  });
  // Asterisk ignores "-" when it matches an extension: two names that differ only in dashes would be
  // one extension, and callers of the second would reach the first.
  const seen = new Map<string, string>();
  for (const name of dialledNames(r)) {
    const key = name.replace(/-/g, '');
    const other = seen.get(key);
    if (other !== undefined)
      add(
        'dialplan',
        `the extensions "${other}" and "${name}" differ only in "-", which Asterisk ignores when it matches a dialled extension; rename one of the assistants or SIP URIs`,
      );
    else seen.set(key, name);
  }
  if (!HEADER.test(dialplan.assistantHeader))
    add('dialplan.assistantHeader', 'must be a SIP header name such as X-Assistant-Id');
  if (!SOUNDS.test(dialplan.unavailableSound)) {
    add(
      'dialplan.unavailableSound',
      'must be sound file names without extension joined by "&", e.g. im-sorry&please-try-call-later',
    );
  }
  if (!NAME.test(operatorContext)) add('dialplan.operatorContext', 'must be letters, digits, "_" or "-"');
  reserved('dialplan.operatorContext', operatorContext);
  if (operatorContext === input.pbx.context) {
    add('dialplan.operatorContext', `must differ from the assistant context "${input.pbx.context}"`);
  }

  for (const key of Object.keys(limits) as (keyof typeof limits)[]) limit(`limits.${key}`, limits[key]);

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
