/**
 * The parent's handle on the app process: spawns the bundle with its request, receives its
 * messages over IPC, tells it to stop, and makes sure it ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import type { AppMessage, AppRequest } from './protocol.js';
import { REQUEST_VARIABLE } from './protocol.js';

type Of<T extends AppMessage['type']> = Extract<AppMessage, { type: T }>;

/** A running app process. */
export class AppProcess {
  readonly #child: ChildProcess;
  readonly #queue: AppMessage[] = [];
  #wake: (() => void) | undefined;
  #stderrTail = '';
  readonly #exit: Promise<number | null>;
  #exited = false;

  /**
   * @param request - what the app is to do, passed as JSON in {@link REQUEST_VARIABLE}: an
   *   {@link AppRequest}, or the SIP benchmark's own (bench/sip/protocol.ts)
   * @param nice - the process's nice value, when not the parent's
   */
  constructor(bundle: string, request: AppRequest | object, nice?: number) {
    this.#child = spawn(process.execPath, [bundle], {
      env: { ...process.env, [REQUEST_VARIABLE]: JSON.stringify(request) },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    if (nice !== undefined && this.#child.pid !== undefined) setPriority(this.#child.pid, nice);
    this.#child.on('message', (m: AppMessage) => {
      this.#queue.push(m);
      this.#wake?.();
    });
    this.#child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.#stderrTail = (this.#stderrTail + text).slice(-2000);
    });
    this.#exit = new Promise((resolve) => {
      this.#child.once('exit', (code) => {
        this.#exited = true;
        this.#wake?.();
        resolve(code);
      });
      this.#child.once('error', () => {
        this.#exited = true;
        this.#wake?.();
        resolve(null);
      });
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** What the app printed on stderr (the last 2,000 characters), trimmed. */
  get stderr(): string {
    return this.#stderrTail.trim();
  }

  /**
   * The next message of type `type` (earlier messages of other types stay queued); rejects when the
   * app reports a failure, exits, or `timeoutMs` passes.
   */
  async next<T extends AppMessage['type']>(type: T, timeoutMs: number): Promise<Of<T>> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const failed = this.#queue.find((m) => m.type === 'failed') as Of<'failed'> | undefined;
      if (failed) throw new Error(`the app failed: ${failed.error}`);
      const at = this.#queue.findIndex((m) => m.type === type);
      if (at >= 0) return this.#queue.splice(at, 1)[0] as Of<T>;
      if (this.#exited) {
        const why = this.stderr.split('\n').slice(-3).join(' | ') || 'no error output';
        throw new Error(`the app exited before "${type}" (${why})`);
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no "${type}" from the app within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  /** Asks the app to stop (it reports and exits). */
  stop(): void {
    if (this.#child.connected) this.#child.send({ type: 'stop' });
  }

  /** Waits for the exit; kills the app after `graceMs`. */
  async finish(graceMs = 15_000): Promise<number | null> {
    if (this.#exited) return this.#exit;
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const code = await this.#exit;
    clearTimeout(killer);
    return code;
  }

  /** Kills the app at once (after a failure). */
  async kill(): Promise<void> {
    if (!this.#exited) this.#child.kill('SIGKILL');
    await this.#exit;
  }
}
