/**
 * `aipbx doctor`: checks a PBX against what the SDK needs and says what to fix.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import type { CommandSpec, FlagValues } from '../command.js';
import type { DoctorReport } from '../doctor/check-result.js';
import {
  DOCTOR_ENV,
  type DoctorInputFile,
  resolveDoctorOptions,
  secretsOf,
} from '../doctor/doctor-options.js';
import { runDoctor } from '../doctor/run-doctor.js';
import { EXIT_CODES } from '../exit-codes.js';
import { formatProblems } from '../internal/problems.js';
import { readJsonInput } from '../internal/read-input.js';
import { scrub } from '../internal/scrub.js';
import { UsageError } from '../internal/usage-error.js';

const MARK = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: 'skip' } as const;

/** The report as text: a line per check, then its fix and docs entry when it needs attention. */
export function formatReport(report: DoctorReport): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`[${MARK[c.status]}] ${c.title}: ${c.finding}`);
    if (c.status !== 'ok' && c.fix !== undefined) lines.push(`       fix: ${c.fix}`);
    if (c.status !== 'ok' && c.docs !== undefined) lines.push(`       see: ${c.docs}`);
  }
  const count = (s: string) => report.checks.filter((c) => c.status === s).length;
  lines.push(
    '',
    `${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail, ${count('skipped')} skipped.`,
  );
  return `${lines.join('\n')}\n`;
}

async function run(values: FlagValues, io: CliIo): Promise<number> {
  let file: DoctorInputFile = {};
  if (typeof values.input === 'string') {
    const read = await readJsonInput(values.input, io.cwd);
    if (!read.ok) {
      io.stderr(formatProblems('the input', read.problems));
      return EXIT_CODES.FAILED;
    }
    file = read.value as DoctorInputFile;
  }
  const caFile = typeof values.ca === 'string' ? values.ca : io.env.AIPBX_CA_FILE;
  let ca: string | undefined;
  if (caFile !== undefined && caFile !== '') {
    try {
      ca = await readFile(resolve(io.cwd, caFile), 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the --ca file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  let options: ReturnType<typeof resolveDoctorOptions>;
  try {
    options = resolveDoctorOptions(values, io.env, file, ca);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const json = values.json === true;
  const report = await runDoctor(options, {
    onStart: json ? undefined : (_id, title) => io.stderr(`checking ${title}…\n`),
  });
  const text = json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report);
  io.stdout(scrub(text, secretsOf(options)));
  return report.ok ? EXIT_CODES.OK : EXIT_CODES.FAILED;
}

/** `aipbx doctor`. */
export const doctorCommand: CommandSpec = {
  name: 'doctor',
  summary: 'check a PBX: ARI, the Stasis app, a test call, AMI, endpoint confinement, WSS, recordings',
  usage: ['doctor [--input pbx.json] [--assistant ID] [--context NAME] [--app NAME] [--wss URL] [--json]'],
  description: [
    'Each check reports ok, warn, fail or skipped with a finding, a fix and a docs entry. With',
    '--assistant the doctor places a test call Local/<assistant>@<context> and hangs it up once it',
    'reaches the Stasis app (it registers the app itself unless a running process already has it).',
    'Passwords come from the environment or --input only, and are never printed.',
  ],
  flags: {
    input: {
      type: 'string',
      value: 'FILE',
      description: 'PBX description: pbx.ariUrl/ariUsername/ariPassword/wssUrl/context',
    },
    'ari-url': { type: 'string', value: 'URL', description: 'ARI base URL (overrides ARI_URL)' },
    'ari-username': { type: 'string', value: 'USER', description: 'ARI user (overrides ARI_USERNAME)' },
    'ami-host': { type: 'string', value: 'HOST', description: 'AMI host (overrides AMI_HOST/YEASTAR_HOST)' },
    'ami-port': { type: 'string', value: 'PORT', description: 'AMI port (overrides AMI_PORT/YEASTAR_PORT)' },
    'ami-username': {
      type: 'string',
      value: 'USER',
      description: 'AMI user (overrides AMI_USERNAME/YEASTAR_USERNAME)',
    },
    wss: { type: 'string', value: 'URL', description: 'SIP WebSocket URL, wss://host:8089/ws' },
    assistant: {
      type: 'string',
      value: 'ID',
      description: 'assistant id for the test call (without it, no call)',
    },
    context: { type: 'string', value: 'NAME', description: 'the assistant context (default assistant-in)' },
    app: { type: 'string', value: 'NAME', description: 'the Stasis app (default aiPBXBot)' },
    ca: {
      type: 'string',
      value: 'FILE',
      description: 'PEM of extra trusted certificates (self-signed, private CA)',
    },
    'recordings-dir': { type: 'string', value: 'DIR', description: 'check this folder is writable' },
    'recording-url': {
      type: 'string',
      value: 'URL',
      description: 'check the web server answers this recording URL',
    },
    timeout: { type: 'string', value: 'MS', description: 'bound of each wait (default 10000)' },
    json: { type: 'boolean', description: 'print the report as JSON, no progress lines' },
  },
  env: DOCTOR_ENV,
  examples: [
    'ARI_URL=https://pbx.example.com:8089 ARI_USERNAME=aipbx ARI_PASSWORD=… aipbx doctor --assistant support',
    'AMI_HOST=127.0.0.1 AMI_USERNAME=app AMI_SECRET=… aipbx doctor --input pbx.json --assistant support --json',
  ],
  run,
};
