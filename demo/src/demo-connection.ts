/**
 * Where the demo's PBX is and how to log in: written by `npm run demo` (owner-only) while it runs,
 * read by each example's one-command start. Every field can also come from the environment, which
 * is how the demo and the examples are pointed at an existing Asterisk instead of the embedded one.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The PBX the demo and the examples talk to. Secrets included: never log this object. */
export interface DemoConnection {
  /** ARI: the Stasis app answers the assistant's calls here. */
  ari: { url: string; username: string; password: string; app: string };
  /** AMI: the monitor watches calls here. */
  ami: { host: string; port: number; username: string; secret: string };
  /** SIP over WebSocket as the browser reaches it (`ws://127.0.0.1:8088/ws` on this machine). */
  wsUrl: string;
  /** What the call button dials: the widget's endpoint user, its target and assistant id. */
  widget: { user: string; target: string; assistantId: string };
  /** Operators whose softphone page can take transfers (extension, WebSocket password). */
  operators: { extension: string; password: string; displayName?: string }[];
  /** Host folder where Asterisk writes the calls' MixMonitor recordings, when it is on this machine. */
  recordingsDir?: string;
  /** Host folder of Asterisk's sounds (`/usr/share/asterisk/sounds`), when it is on this machine. */
  soundsDir?: string;
  /** `true` when the demo runs its own Asterisk (the embedded PBX). */
  embedded: boolean;
}

/** The demo's state folder: prompts, the widget's site, the connection file. */
export function demoStateDir(): string {
  return (
    process.env.AIPBX_DEMO_DIR ??
    join(process.env.AIPBX_CACHE_DIR ?? join(homedir(), '.cache', 'aipbx'), 'demo')
  );
}

/** The connection file a running demo writes. */
export function connectionFile(): string {
  return join(demoStateDir(), 'connection.json');
}

/** The variables each part needs. */
const VARIABLES: Record<'ari' | 'ami' | 'ws', readonly string[]> = {
  ari: ['AIPBX_ARI_URL', 'AIPBX_ARI_USERNAME', 'AIPBX_ARI_PASSWORD'],
  ami: ['AIPBX_AMI_HOST', 'AIPBX_AMI_USERNAME', 'AIPBX_AMI_SECRET'],
  ws: ['AIPBX_WS_URL'],
};

/** The parts of a PBX an example talks to: ARI, AMI, SIP over WebSocket. */
export type PbxPart = 'ari' | 'ami' | 'ws';

const ALL_PARTS: readonly PbxPart[] = ['ari', 'ami', 'ws'];

/**
 * The running demo's PBX, for an example started on its own: `AIPBX_*` environment variables (see
 * {@link connectionFromEnv}) when set, else the file `npm run demo` wrote. Throws with what to do
 * when neither is there. `need` names the parts the example uses: only their variables are
 * required (an AMI-only app on a Yeastar PBX, which has no ARI, needs only the `AIPBX_AMI_*` ones).
 */
export function demoConnection(
  env: NodeJS.ProcessEnv = process.env,
  need: readonly PbxPart[] = ALL_PARTS,
): DemoConnection {
  const fromEnv = connectionFromEnv(env, need);
  if (fromEnv) return fromEnv;
  try {
    return JSON.parse(readFileSync(connectionFile(), 'utf8')) as DemoConnection;
  } catch {
    throw new Error(
      `No PBX to talk to: start the demo's Asterisk first (npm run demo -- --pbx-only, from the repository root), ` +
        `or set AIPBX_ARI_URL, AIPBX_ARI_USERNAME, AIPBX_ARI_PASSWORD, AIPBX_AMI_HOST, AIPBX_AMI_USERNAME, ` +
        `AIPBX_AMI_SECRET and AIPBX_WS_URL for an existing Asterisk (docs/demo.md). Looked for ${connectionFile()}.`,
    );
  }
}

/**
 * An existing PBX described by the environment, or `undefined` when it names none (neither
 * `AIPBX_ARI_URL` nor `AIPBX_AMI_HOST` is set). The variables of the `need`ed parts are required;
 * missing or malformed ones are reported together, by name, never with their values.
 */
export function connectionFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  parts: readonly PbxPart[] = ALL_PARTS,
): DemoConnection | undefined {
  if (!env.AIPBX_ARI_URL && !env.AIPBX_AMI_HOST) return undefined;
  const problems: string[] = [];
  const required = new Set(parts.flatMap((part) => VARIABLES[part]));
  const need = (name: string): string => {
    const value = env[name];
    if (!value && required.has(name)) problems.push(`${name} is not set`);
    return value ?? '';
  };
  const port = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535)
      problems.push(`${name} must be a port number, not "${raw}"`);
    return n;
  };
  const operators = (env.AIPBX_OPERATORS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      if (at <= 0) problems.push('AIPBX_OPERATORS must list extension:password pairs separated by commas');
      return { extension: entry.slice(0, at), password: entry.slice(at + 1) };
    });
  const connection: DemoConnection = {
    ari: {
      url: need('AIPBX_ARI_URL').replace(/\/+$/, ''),
      username: need('AIPBX_ARI_USERNAME'),
      password: need('AIPBX_ARI_PASSWORD'),
      app: env.AIPBX_ARI_APP || 'aiPBXBot',
    },
    ami: {
      host: need('AIPBX_AMI_HOST'),
      port: port('AIPBX_AMI_PORT', 5038),
      username: need('AIPBX_AMI_USERNAME'),
      secret: need('AIPBX_AMI_SECRET'),
    },
    wsUrl: need('AIPBX_WS_URL'),
    widget: {
      user: env.AIPBX_WIDGET_USER || 'demo-visitor',
      target: env.AIPBX_WIDGET_TARGET || 'demo-assistant',
      assistantId: env.AIPBX_ASSISTANT_ID || 'demo-assistant',
    },
    operators,
    ...(env.AIPBX_RECORDINGS_DIR ? { recordingsDir: env.AIPBX_RECORDINGS_DIR } : {}),
    ...(env.AIPBX_SOUNDS_DIR ? { soundsDir: env.AIPBX_SOUNDS_DIR } : {}),
    embedded: false,
  };
  if (problems.length > 0) {
    throw new Error(
      `The existing Asterisk's settings are incomplete: ${problems.join('; ')} (docs/demo.md).`,
    );
  }
  return connection;
}
