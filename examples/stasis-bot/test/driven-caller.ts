/**
 * A sipp caller the test drives step by step (testbed/sipp/caller-driven.xml): sipp listens on a
 * 3PCC twin socket, and each step — press keys, talk, hang up — is a command the test sends when
 * the assistant's events say the moment has come. No step waits on a clock.
 *
 * With AIPBX_SIPP_TRACE=1, sipp keeps its message and error traces in
 * node_modules/.cache/aipbx-test/stasis-bot and the twin socket's replies are printed.
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import type { TestbedInfo } from '@aipbx/testbed/bed.js';
import { writeTonePcap } from '@aipbx/testbed/support/rtp-pcap.js';
import { freeUdpPort, type SippResult } from '@aipbx/testbed/support/sipp.js';
import { Inbox, within } from '@aipbx/testbed/support/wait.js';

const WORK = join(process.cwd(), 'node_modules/.cache/aipbx-test/stasis-bot');
/** What the caller says when told to talk: a 440 Hz tone, PCMA. */
const TALK = { freqHz: 440, ms: 1500, codec: 'pcma' as const, amplitude: 8000 };
/** The end of a twin command. */
const ESC = '\x1b';

let scenario: Promise<string> | undefined;

/** The scenario with the talk's capture and length filled in, written once per run. */
function driven(): Promise<string> {
  scenario ??= (async () => {
    await mkdir(WORK, { recursive: true });
    const pcap = join(WORK, `talk-${TALK.freqHz}-${TALK.ms}.pcap`);
    await writeTonePcap(pcap, TALK);
    const template = await readFile(join(process.cwd(), 'testbed/sipp/caller-driven.xml'), 'utf8');
    const file = join(WORK, 'caller-driven.xml');
    await writeFile(
      file,
      template.replaceAll('TALK_PCAP', pcap).replaceAll('TALK_MS', String(TALK.ms + 100)),
    );
    return file;
  })();
  return scenario;
}

/** A TCP port free right now on 127.0.0.1. */
function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What the caller reported, in order. */
interface Reply {
  seq: number;
  /** `answered`, `bye` (the far end hung up), or `done:<step>`. */
  what: string;
}

/** Options of {@link DrivenCaller.start}. */
export interface DrivenCallerOptions {
  /** The dialled extension. */
  service: string;
  /** The X-Assistant-Id header. */
  assistant: string;
  /** The X-Language header. */
  language: string;
  /** The caller id number (the From user): tells the test's calls apart. */
  caller: string;
  /** sipp's own limit for the whole call, s. Default 50. */
  timeoutSec?: number;
}

/** One call from sipp, driven by the test. */
export class DrivenCaller {
  /** The SIP Call-ID, chosen by the test. */
  readonly sipCallId = `stasis-bot-${randomUUID()}`;
  /** How long one talk step lasts, ms. */
  static readonly talkMs = TALK.ms;
  /** Resolves when sipp exits. */
  readonly finished: Promise<SippResult>;

  readonly #replies = new Inbox<Reply>();
  #seen = 0;
  #socket: Socket | undefined;
  readonly #child: ChildProcess;
  #exited = false;
  #buffer = '';

  private constructor(child: ChildProcess, finished: Promise<SippResult>) {
    this.#child = child;
    this.finished = finished.finally(() => {
      this.#exited = true;
    });
  }

  /** Starts sipp, connects to its twin socket and places the call; resolves once it is answered. */
  static async start(bed: TestbedInfo, options: DrivenCallerOptions): Promise<DrivenCaller> {
    const file = await driven();
    const ip = bed.sip.sippSourceIp;
    const [sipPort, mediaPort, twinPort] = [
      await freeUdpPort(ip),
      await freeUdpPort(ip),
      await freeTcpPort(),
    ];
    const timeoutSec = options.timeoutSec ?? 50;
    const args = [
      `${bed.sip.host}:${bed.sip.port}`,
      ...['-sf', file, '-s', options.service, '-i', ip, '-bind_local', '-p', String(sipPort)],
      ...['-mi', ip, '-mp', String(mediaPort), '-m', '1', '-3pcc', `127.0.0.1:${twinPort}`],
      ...['-key', 'caller', options.caller, '-key', 'assistant', options.assistant],
      ...['-key', 'language', options.language],
      ...['-timeout', `${timeoutSec}s`, '-timeout_error', '-nostdin'],
      ...(process.env.AIPBX_SIPP_TRACE
        ? [
            '-trace_msg',
            '-message_file',
            join(WORK, `msg-${options.caller}.log`),
            '-trace_err',
            '-error_file',
            join(WORK, `err-${options.caller}.log`),
          ]
        : []),
    ];
    let child!: ChildProcess;
    const finished = new Promise<SippResult>((resolve) => {
      // sipp may outlive a SIGTERM while its call is up: past its own limit, kill it outright.
      const limits = { timeout: (timeoutSec + 10) * 1000, killSignal: 'SIGKILL' as const };
      child = execFile('sipp', args, limits, (error, stdout, stderr) => {
        const code = error ? ((error as { code?: unknown }).code ?? null) : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      });
    });
    const caller = new DrivenCaller(child, finished);
    try {
      await caller.#connect(twinPort);
      caller.#send('call');
      await caller.#expect('done:answered', 15_000);
    } catch (error) {
      await caller.stop();
      throw error;
    }
    return caller;
  }

  /** Presses `keys` (RFC 2833). Resolves once sipp has started sending them. */
  async press(keys: string): Promise<void> {
    this.#send('dtmf', `X-Digits: ${keys}`);
    await this.#expect('done:dtmf', 5000);
  }

  /** Talks (a 440 Hz tone) for {@link DrivenCaller.talkMs}; resolves when done. */
  async talk(): Promise<void> {
    this.#send('talk');
    await this.#expect('done:talk', DrivenCaller.talkMs + 5000);
  }

  /** Hangs up; resolves once the BYE is confirmed. */
  async hangUp(): Promise<void> {
    this.#send('bye');
    await this.#expect('done:bye', 5000);
  }

  /** Resolves when the far end has hung up (sipp confirmed its BYE). */
  async hungUpOn(ms: number): Promise<void> {
    await this.#replies.next((r) => r.what === 'bye', ms, 'the assistant to hang up on the caller');
  }

  /** Ends sipp if it still runs: hangs up if it can, else kills it. Closes the twin socket. */
  async stop(): Promise<void> {
    if (!this.#exited && this.#socket) {
      try {
        this.#send('bye');
      } catch {
        // the socket is gone: kill below
      }
      await within(this.finished, 3000, 'sipp to hang up').catch(() => undefined);
    }
    this.#socket?.destroy();
    if (!this.#exited) this.#child.kill('SIGKILL');
    await within(this.finished, 5000, 'sipp to exit');
  }

  async #connect(port: number): Promise<void> {
    // sipp opens the twin socket as it starts: retry a refused connection until it listens.
    const attempt = () =>
      new Promise<Socket>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port });
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    const deadline = Date.now() + 5000;
    for (;;) {
      if (this.#exited) {
        const result = await this.finished;
        throw new Error(`sipp exited (${result.code}) before its twin socket opened: ${result.stderr}`);
      }
      try {
        const socket = await attempt();
        socket.setEncoding('latin1');
        socket.on('data', (chunk: string) => this.#receive(chunk));
        socket.on('error', () => undefined);
        this.#socket = socket;
        return;
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`sipp's twin socket on port ${port} never opened`, { cause: error });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 25);
          void this.finished.then(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  #receive(chunk: string): void {
    this.#buffer += chunk;
    for (let end = this.#buffer.indexOf(ESC); end >= 0; end = this.#buffer.indexOf(ESC)) {
      const message = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 1);
      const event = /X-Event: *(\w+)/.exec(message)?.[1];
      const done = /X-Done: *(\w+)/.exec(message)?.[1];
      const what = event ?? (done === undefined ? undefined : `done:${done}`);
      if (process.env.AIPBX_SIPP_TRACE) console.log('twin <-', JSON.stringify(message));
      if (what !== undefined) this.#replies.push({ seq: this.#replies.all().length + 1, what });
    }
  }

  #send(what: string, extra?: string): void {
    if (!this.#socket) throw new Error('the twin socket is not connected');
    const lines = [`Call-ID: ${this.sipCallId}`, `X-Do: ${what}`, ...(extra ? [extra] : [])];
    this.#socket.write(`${lines.join('\r\n')}\r\n${ESC}`);
  }

  /** Waits for sipp's reply `what`; rejects at once, with sipp's errors, when sipp exits first. */
  async #expect(what: string, ms: number): Promise<void> {
    const after = this.#seen;
    const exited = this.finished.then((result) => {
      throw new Error(`sipp exited (${result.code}) before reporting ${what}: ${result.stderr.trim()}`);
    });
    exited.catch(() => undefined);
    const reply = await Promise.race([
      this.#replies.next(
        (r) => r.seq > after && r.what === what,
        ms,
        `sipp to report ${what} (call ${this.sipCallId})`,
      ),
      exited,
    ]);
    this.#seen = reply.seq;
  }
}
