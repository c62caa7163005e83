/**
 * Records a real AMI event stream: starts the project's Asterisk 22 test bed, logs in over a bare
 * TCP socket with `Events: on`, drives real SIP load with sipp, and keeps every byte Asterisk sends
 * after the login response.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { ensureHostPackages, startTestbed, type TestbedInfo } from '../../testbed/bed.js';
import { freeUdpPort } from '../../testbed/support/sipp.js';
import type { Recording } from './recording.js';
import { sha256 } from './recording.js';
import { startStasisAnswerer } from './stasis-answerer.js';
import { censusAmiStream } from './stream-census.js';

/** How much load to generate and where to run the bed. */
export interface RecordOptions {
  /** The sipp scenario: the bed's `testbed/sipp/call-assistant.xml` (absolute path). */
  scenarioFile: string;
  /** Stop generating calls once this many bytes were recorded. Default 30 MiB. */
  targetBytes?: number;
  /** Never place more calls than this, whatever the size. Default 5,000. */
  maxCalls?: number;
  /**
   * The load comes in sipp runs that alternate between two call paths until `targetBytes`:
   * calls a Stasis app answers, bridges and hangs up (`stasisCalls` per run at `stasisRate`/s),
   * then calls that hear the apology because no app is connected (`apologyCalls` at `apologyRate`/s).
   * Defaults: 300 at 10/s, 150 at 15/s (the bed's Asterisk falls behind on ARI above ~10 answered calls/s).
   */
  stasisCalls?: number;
  /** See `stasisCalls`. */
  stasisRate?: number;
  /** See `stasisCalls`. */
  apologyCalls?: number;
  /** See `stasisCalls`. */
  apologyRate?: number;
  /** Most calls up at once (RTP ports are 100 per bed; each call uses two). Default 40. */
  concurrentCalls?: number;
  /** Port offset of the bench's own bed, so it never collides with a test run's bed. Default 400. */
  portOffset?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** A raw AMI session that keeps everything after the login response. */
interface AmiTap {
  banner: string;
  /** Bytes recorded so far. */
  bytes(): number;
  /** The recorded bytes. */
  take(): Buffer;
  /** Resolves once nothing arrived for `quietMs`, or after `maxMs` at the latest. */
  quiet(quietMs: number, maxMs: number): Promise<void>;
  close(): void;
}

const LOGIN_ID = 'aipbx-bench-record';

/** Opens the tap: banner, `Login` with `Events: on`, then records. The secret is never logged. */
function openTap(info: TestbedInfo, timeoutMs = 10_000): Promise<AmiTap> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: info.ami.host, port: info.ami.port });
    const chunks: Buffer[] = [];
    let recorded = 0;
    let lastDataAt = performance.now();
    let head = Buffer.alloc(0);
    let banner: string | undefined;
    let loggedIn = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `No AMI banner and login answer from ${info.ami.host}:${info.ami.port} within ${timeoutMs} ms.`,
        ),
      );
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (!loggedIn)
        reject(new Error(`AMI connection to ${info.ami.host}:${info.ami.port} failed: ${error.message}`));
    });
    socket.on('data', (chunk: Buffer) => {
      lastDataAt = performance.now();
      if (loggedIn) {
        chunks.push(chunk);
        recorded += chunk.length;
        return;
      }
      head = Buffer.concat([head, chunk]);
      if (banner === undefined) {
        const eol = head.indexOf('\r\n');
        if (eol < 0) return;
        banner = head.toString('utf8', 0, eol);
        head = head.subarray(eol + 2);
        socket.write(
          `Action: Login\r\nActionID: ${LOGIN_ID}\r\nUsername: ${info.ami.username}\r\n` +
            `Secret: ${info.ami.secret}\r\nEvents: on\r\n\r\n`,
        );
      }
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.toString('utf8', 0, end);
      if (!/^Response: Success$/m.test(response) || !response.includes(`ActionID: ${LOGIN_ID}`)) {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new Error(
            `The test bed's AMI refused the recorder's login: ${/^Message: (.*)$/m.exec(response)?.[1] ?? 'no message'}.`,
          ),
        );
        return;
      }
      loggedIn = true;
      clearTimeout(timer);
      const rest = head.subarray(end + 4);
      if (rest.length > 0) {
        chunks.push(Buffer.from(rest));
        recorded += rest.length;
      }
      const bannerLine = banner;
      resolve({
        banner: bannerLine,
        bytes: () => recorded,
        take: () => Buffer.concat(chunks, recorded),
        quiet: (quietMs, maxMs) =>
          new Promise<void>((done) => {
            const started = performance.now();
            const check = setInterval(() => {
              const now = performance.now();
              if (now - lastDataAt >= quietMs || now - started >= maxMs) {
                clearInterval(check);
                done();
              }
            }, 100);
          }),
        close: () => socket.destroy(),
      });
    });
  });
}

/** Result of one sipp load run. */
interface SippLoadResult {
  code: number | null;
  successful: number | undefined;
  failed: number | undefined;
  stderrTail: string;
}

/**
 * Runs sipp with the bed's `call-assistant.xml` scenario: `calls` calls to the `assistant-in`
 * context at `rate` per second, at most `limit` at once. Each call is answered and hung up by the
 * far end: by the Stasis answerer when it is connected, else by the dialplan after the apology.
 */
async function runSippLoad(
  info: TestbedInfo,
  options: { scenario: string; calls: number; rate: number; limit: number },
): Promise<SippLoadResult> {
  const { scenario } = options;
  const ip = info.sip.sippSourceIp;
  const [port, mediaPort] = [await freeUdpPort(ip), await freeUdpPort(ip)];
  const timeoutSec = Math.ceil(options.calls / options.rate) + 60;
  // biome-ignore format: sipp flags read best in pairs
  const args = [
    `${info.sip.host}:${info.sip.port}`,
    '-sf', scenario,
    '-s', '100',
    '-i', ip, '-bind_local', '-p', String(port),
    '-mi', ip, '-mp', String(mediaPort),
    '-m', String(options.calls),
    '-r', String(options.rate),
    '-l', String(options.limit),
    '-timeout', `${timeoutSec}s`,
    '-nostdin',
    '-key', 'header_name', 'X-Assistant-Id',
    '-key', 'assistant', 'bench-load',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('sipp', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutTail = '';
    let stderrTail = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdoutTail = (stdoutTail + text).slice(-8192);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderrTail = (stderrTail + text).slice(-2048);
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), (timeoutSec + 15) * 1000);
    child.once('error', (error) => {
      clearTimeout(killer);
      reject(
        new Error(`sipp could not start (${error.message}); install it with \`npm run testbed -- setup\`.`),
      );
    });
    child.once('close', (code) => {
      clearTimeout(killer);
      // sipp's final screen: "Successful call | <periodic> | <cumulative>"; take the cumulative column.
      const count = (label: string): number | undefined => {
        const rows = [...stdoutTail.matchAll(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))];
        const last = rows.at(-1)?.[1];
        return last === undefined ? undefined : Number(last);
      };
      resolve({ code, successful: count('Successful call'), failed: count('Failed call'), stderrTail });
    });
  });
}

/**
 * Makes a new recording from the real Asterisk test bed.
 *
 * @returns the bytes (cut at the end of the last complete frame) and their census
 * @throws Error when the bed, AMI or sipp cannot be used, saying which
 */
export async function recordAmiStream(options: RecordOptions): Promise<Recording> {
  const log = options.log ?? console.log;
  const targetBytes = options.targetBytes ?? 30 * 1024 * 1024;
  const maxCalls = options.maxCalls ?? 5000;
  const limit = options.concurrentCalls ?? 40;
  const paths = [
    { stasis: true, calls: options.stasisCalls ?? 300, rate: options.stasisRate ?? 10 },
    { stasis: false, calls: options.apologyCalls ?? 150, rate: options.apologyRate ?? 15 },
  ] as const;
  await ensureHostPackages(['sip-tester'], log);
  const bed = await startTestbed({ name: 'bench-ami', portOffset: options.portOffset ?? 400, log });
  try {
    const tap = await openTap(bed.info);
    let calls = 0;
    try {
      for (let run = 0; tap.bytes() < targetBytes && calls < maxCalls; run++) {
        const path = paths[run % paths.length]!;
        const batch = Math.min(path.calls, maxCalls - calls);
        const started = performance.now();
        const answerer = path.stasis ? await startStasisAnswerer(bed.info) : undefined;
        let result: SippLoadResult;
        try {
          result = await runSippLoad(bed.info, {
            scenario: options.scenarioFile,
            calls: batch,
            rate: path.rate,
            limit,
          });
        } finally {
          await answerer?.close();
        }
        calls += batch;
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const ariFailures = answerer?.failures();
        log(
          `bench: sipp placed ${batch} ${path.stasis ? 'Stasis-answered' : 'apology'} calls in ${seconds} s ` +
            `(ok ${result.successful ?? '?'}, failed ${result.failed ?? '?'}, exit ${result.code}` +
            (ariFailures === undefined
              ? ''
              : `; Stasis handled ${answerer?.handled()}, ARI failures ${ariFailures.count}` +
                (ariFailures.samples.length > 0 ? ` e.g. ${ariFailures.samples[0]}` : '')) +
            `); recorded ${(tap.bytes() / 1048576).toFixed(1)} MiB`,
        );
        if (result.code !== 0 && result.code !== 1) {
          throw new Error(
            `sipp failed (exit ${result.code}): ${result.stderrTail.trim() || 'no error output'}`,
          );
        }
        if (result.successful === undefined) {
          throw new Error(
            `sipp ended (exit ${result.code}) without its final statistics: ${result.stderrTail.trim() || 'no error output'}`,
          );
        }
        if (result.successful === 0) {
          throw new Error(
            `No sipp call succeeded against the bed at ${bed.info.sip.host}:${bed.info.sip.port}; see ${bed.info.logFile}.`,
          );
        }
      }
      // Let the last calls hang up and their events arrive, so the stream ends with whole call life cycles.
      await tap.quiet(2000, 60_000);
    } finally {
      tap.close();
    }
    const raw = tap.take();
    const census = censusAmiStream(raw);
    const stream = raw.subarray(0, census.completeBytes);
    if (census.events === 0) throw new Error('The AMI session recorded no events while sipp placed calls.');
    return {
      stream,
      info: {
        format: 1,
        bytes: stream.length,
        sha256: sha256(stream),
        frames: census.frames,
        events: census.events,
        byName: census.byName,
        banner: tap.banner,
        asteriskVersion: bed.info.asteriskVersion,
        calls,
        recordedAt: new Date().toISOString(),
      },
    };
  } finally {
    await bed.stop();
  }
}
