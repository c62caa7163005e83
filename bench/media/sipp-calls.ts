/**
 * sipp for the media benchmark: the scenarios it plays (made from the bed's call-assistant.xml,
 * written under node_modules/.cache/aipbx-bench/media) and one runner for a single call or a load.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import { freeUdpPort } from '@aipbx/testbed/support/sipp.js';
import { parseSippStats, type SippLoadResult } from '../ari/sipp-load.js';

const OFFER_MEDIA = 'm=audio [media_port] RTP/AVP 0';
const WAIT_FOR_BYE = '  <recv request="BYE"/>';

/**
 * call-assistant.xml whose offer names the port `-key rtp_port N` instead of sipp's own media port:
 * Asterisk then sends the caller's RTP to whoever holds that port on sipp's address (the bench's
 * echo).
 *
 * @throws Error when the scenario has no such offer line
 */
export function echoScenario(base: string): string {
  if (!base.includes(OFFER_MEDIA)) throw new Error(`the scenario has no "${OFFER_MEDIA}" line`);
  return base.replace(OFFER_MEDIA, 'm=audio [rtp_port] RTP/AVP 0');
}

/**
 * call-assistant.xml whose caller plays `pcap` after the ACK and goes on waiting for the BYE (sipp
 * plays a capture in the background).
 *
 * @throws Error when the scenario does not wait for a BYE
 */
export function toneScenario(base: string, pcap: string): string {
  if (!base.includes(WAIT_FOR_BYE)) throw new Error('the scenario does not wait for a BYE');
  return base.replace(
    WAIT_FOR_BYE,
    `  <nop><action><exec play_pcap_audio="${pcap}"/></action></nop>\n\n${WAIT_FOR_BYE}`,
  );
}

/** Paths of the scenarios. */
export interface Scenarios {
  /** For the bench's own echo (`-key rtp_port`). */
  echo: string;
  /** The bed's scenario as it is, for sipp's `-rtp_echo`. */
  plain: string;
  /** Plays a 1 kHz tone of `toneMs` at amplitude 3000 (quieter than the app's 8000). */
  tone: string;
}

/** Writes the scenarios and the tone capture into `dir`. */
export async function writeScenarios(root: string, dir: string, toneMs: number): Promise<Scenarios> {
  await mkdir(dir, { recursive: true });
  const plain = join(root, 'testbed', 'sipp', 'call-assistant.xml');
  const base = await readFile(plain, 'utf8');
  const echo = join(dir, 'call-echo.xml');
  await writeFile(echo, echoScenario(base));
  const pcap = join(dir, `tone-1000-${toneMs}ms-pcmu.pcap`);
  await writeTonePcap(pcap, { freqHz: 1000, ms: toneMs, codec: 'pcmu', amplitude: 3000 });
  const tone = join(dir, 'call-tone.xml');
  await writeFile(tone, toneScenario(base, pcap));
  return { echo, plain, tone };
}

/** A sipp run under way. */
export interface SippRun {
  pid: number;
  done: Promise<SippLoadResult>;
}

/**
 * Starts sipp from the bed's trunk address with `scenario`: `calls` calls at `rate`/s to the
 * assistant `pizza-order` (no cap on calls up at once), with extra `-key`s and flags. `done`
 * resolves when sipp exits; it is killed `timeoutSec` after the start. `ip` and `service` place
 * the calls from another address (a desk phone's, with `-au`/`-ap` among the flags) to another
 * extension.
 *
 * @throws Error when sipp cannot be started
 */
export async function startSipp(
  info: TestbedInfo,
  options: {
    scenario: string;
    calls: number;
    rate: number;
    timeoutSec: number;
    keys?: Record<string, string>;
    flags?: string[];
    /** Where sipp sends from; default the bed's trunk address. */
    ip?: string;
    /** The extension dialled (`-s`); default `pizza-order`. */
    service?: string;
  },
): Promise<SippRun> {
  const ip = options.ip ?? info.sip.sippSourceIp;
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  const keys = { header_name: 'X-Assistant-Id', assistant: 'pizza-order', ...options.keys };
  // biome-ignore format: sipp flags read best in pairs
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    '-sf', options.scenario,
    '-s', options.service ?? 'pizza-order',
    '-i', ip, '-bind_local', '-p', String(port),
    '-mi', ip, '-mp', String(mediaPort),
    '-m', String(options.calls),
    '-r', String(options.rate),
    '-l', String(options.calls),
    '-timeout', `${options.timeoutSec}s`,
    '-nostdin',
    ...Object.entries(keys).flatMap(([k, v]) => ['-key', k, v]),
    ...(options.flags ?? []),
  ];
  const started = performance.now();
  const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error) =>
      reject(
        new Error(`sipp could not start (${error.message}); install it with \`npm run testbed -- setup\`.`),
      ),
    );
  });
  let stdoutTail = '';
  let stderrTail = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdoutTail = (stdoutTail + text).slice(-16_384);
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-2048);
  });
  const done = new Promise<SippLoadResult>((resolve) => {
    // sipp prints its final screens on SIGTERM too.
    const killer = setTimeout(() => child.kill('SIGTERM'), options.timeoutSec * 1000);
    const hardKiller = setTimeout(() => child.kill('SIGKILL'), (options.timeoutSec + 15) * 1000);
    child.once('error', () => {
      clearTimeout(killer);
      clearTimeout(hardKiller);
    });
    child.once('close', (code) => {
      clearTimeout(killer);
      clearTimeout(hardKiller);
      resolve({
        code,
        seconds: (performance.now() - started) / 1000,
        stderrTail,
        ...parseSippStats(stdoutTail),
      });
    });
  });
  await spawned;
  return { pid: child.pid ?? -1, done };
}
