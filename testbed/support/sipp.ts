import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestbedInfo } from '../bed.js';

/** The scenarios folder; from the repository root when this file runs bundled elsewhere (scripts/run-ts.mjs). */
const SIPP_DIR = [fileURLToPath(new URL('../sipp/', import.meta.url)), resolve('testbed/sipp')].find((d) =>
  existsSync(join(d, 'call-assistant.xml')),
);

function scenarioFile(name: string): string {
  if (isAbsolute(name)) return name;
  if (!SIPP_DIR) throw new Error('testbed/sipp not found: run from the repository root');
  return join(SIPP_DIR, name);
}

/** A UDP port free right now on `address`. */
export function freeUdpPort(address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createSocket('udp4');
    s.once('error', reject);
    s.bind(0, address, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** What a sipp run ended with. */
export interface SippResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one sipp call with a scenario from testbed/sipp, from the trunk's own loopback address.
 * Resolves when sipp exits (it has its own bound: `-timeout`, failing on expiry).
 */
export async function runSipp(
  info: TestbedInfo,
  options: {
    scenario: string;
    service: string;
    keys?: Record<string, string>;
    timeoutSec?: number;
    /** Calls to place (default 1) and how many to start per second (sipp's default 10). */
    calls?: number;
    rate?: number;
  },
): Promise<SippResult> {
  const args = await callerArgs(
    info,
    info.sip.sippSourceIp,
    scenarioFile(options.scenario),
    options.service,
    options,
  );
  for (const [k, v] of Object.entries(options.keys ?? {})) args.push('-key', k, v);
  return sipp(args, options.timeoutSec ?? 30).done;
}

/** sipp's arguments for placing `calls` (default 1) at `rate` a second to `service`, from `ip`. */
async function callerArgs(
  info: TestbedInfo,
  ip: string,
  scenario: string,
  service: string,
  options: { calls?: number; rate?: number },
): Promise<string[]> {
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    ...['-sf', scenario, '-s', service, '-i', ip, '-bind_local', '-p', String(port)],
    ...['-mi', ip, '-mp', String(mediaPort), '-m', String(options.calls ?? 1)],
  ];
  if (options.rate !== undefined) args.push('-r', String(options.rate));
  return args;
}

/** Where sipp phones send from: not the trunk's address, so Asterisk identifies them by user name. */
export const PHONE_IP = '127.0.0.3';

function sipp(args: string[], timeoutSec: number): { done: Promise<SippResult>; kill: () => void } {
  let child: ReturnType<typeof execFile> | undefined;
  const done = new Promise<SippResult>((resolve) => {
    child = execFile(
      'sipp',
      [...args, '-timeout', `${timeoutSec}s`, '-timeout_error', '-nostdin'],
      {
        timeout: (timeoutSec + 10) * 1000,
      },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? null) : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
  return { done, kill: () => child?.kill('SIGTERM') };
}

/**
 * Registers `extension` (a plain SIP operator of the bed) with its contact at PHONE_IP:contactPort,
 * or unregisters it with `expires: 0`. Resolves once Asterisk accepted it; rejects with sipp's errors.
 */
export async function registerPhone(
  info: TestbedInfo,
  extension: string,
  options: { contactPort: number; expires?: number },
): Promise<void> {
  const operator = info.operators.find((o) => o.extension === extension);
  if (!operator) throw new Error(`the bed has no operator ${extension}`);
  const scenario = scenarioFile('register.xml');
  const port = await freeUdpPort(PHONE_IP);
  const { done } = sipp(
    [
      `${info.sip.host}:${info.sip.port}`,
      '-sf',
      scenario,
      '-m',
      '1',
      '-i',
      PHONE_IP,
      '-bind_local',
      '-p',
      String(port),
      '-au',
      operator.username,
      '-ap',
      operator.password,
      '-key',
      'user',
      extension,
      '-key',
      'expires',
      String(options.expires ?? 300),
      '-key',
      'contact_port',
      String(options.contactPort),
    ],
    15,
  );
  const result = await done;
  if (result.code !== 0)
    throw new Error(`sipp could not register ${extension} (exit ${result.code}): ${result.stderr}`);
}

/**
 * A SIP phone at PHONE_IP:port that handles one incoming call with a scenario from testbed/sipp:
 * `answer.xml`, `busy.xml` or `ring.xml`. `done` resolves when sipp exits.
 */
export async function startPhone(
  port: number,
  scenario: 'answer.xml' | 'busy.xml' | 'ring.xml',
  timeoutSec = 30,
) {
  const file = scenarioFile(scenario);
  const mediaPort = await freeUdpPort(PHONE_IP);
  const args = ['-sf', file, '-m', '1', '-i', PHONE_IP, '-bind_local', '-p', String(port), '-mi', PHONE_IP];
  return sipp([...args, '-mp', String(mediaPort)], timeoutSec);
}

/**
 * A desk phone of the bed (`from`, with its credentials, at PHONE_IP) calls extension `to` with
 * call-extension.xml: once answered it plays `pcap`, waits `toneMs`, holds for `holdMs` (re-INVITE
 * a=sendonly), resumes, talks `talkMs` and hangs up. `calls` at `rate` a second place that many.
 */
export async function callFromPhone(
  info: TestbedInfo,
  options: {
    from: string;
    to: string;
    pcap: string;
    toneMs: number;
    holdMs: number;
    talkMs: number;
    calls?: number;
    rate?: number;
    timeoutSec?: number;
  },
): Promise<SippResult> {
  const operator = info.operators.find((o) => o.extension === options.from);
  if (!operator) throw new Error(`the bed has no operator ${options.from}`);
  const template = await readFile(scenarioFile('call-extension.xml'), 'utf8');
  const dir = join(process.cwd(), 'node_modules/.cache/aipbx-test/sipp');
  await mkdir(dir, { recursive: true });
  const scenario = join(dir, `call-extension-${process.pid}-${++scenarios}.xml`);
  await writeFile(
    scenario,
    template
      .replaceAll('TONE_PCAP', options.pcap)
      .replaceAll('TONE_MS', String(options.toneMs))
      .replaceAll('HOLD_MS', String(options.holdMs))
      .replaceAll('TALK_MS', String(options.talkMs)),
  );
  const args = await callerArgs(info, PHONE_IP, scenario, options.to, options);
  args.push('-au', operator.username, '-ap', operator.password, '-key', 'user', options.from);
  try {
    return await sipp(args, options.timeoutSec ?? 30).done;
  } finally {
    await rm(scenario, { force: true });
  }
}

let scenarios = 0;
