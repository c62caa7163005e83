/**
 * The parent's handle on one peer's child process: spawns the bundle with the request, waits for
 * marked lines, writes to stdin, and makes sure the process ends.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { type ChildRequest, MARKER, REQUEST_VARIABLE } from './protocol.js';

type MarkerName = keyof typeof MARKER;

/** A running child. */
export class PeerChild {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting = new Map<MarkerName, (payload: unknown) => void>();
  readonly #received = new Map<MarkerName, unknown>();
  #stderrTail = '';
  #exit: Promise<number | null>;
  #exited = false;

  constructor(bundle: string, request: ChildRequest) {
    this.#child = spawn(process.execPath, [bundle], {
      env: { ...process.env, [REQUEST_VARIABLE]: JSON.stringify(request) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stdin.on('error', () => undefined);
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      for (const [name, prefix] of Object.entries(MARKER) as [MarkerName, string][]) {
        if (!line.startsWith(prefix)) continue;
        const payload: unknown = JSON.parse(line.slice(prefix.length));
        this.#received.set(name, payload);
        this.#waiting.get(name)?.(payload);
      }
    });
    this.#child.stderr.setEncoding('utf8').on('data', (text: string) => {
      this.#stderrTail = (this.#stderrTail + text).slice(-2000);
    });
    this.#exit = new Promise((resolve) => {
      this.#child.once('close', (code) => {
        this.#exited = true;
        resolve(code);
      });
      this.#child.once('error', () => {
        this.#exited = true;
        resolve(null);
      });
    });
  }

  /** What the child printed on stderr (the last 2,000 characters), trimmed. */
  get stderr(): string {
    return this.#stderrTail.trim();
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /**
   * The payload of the first `name` line; rejects when the child reports a failure, exits first,
   * or `timeoutMs` passes.
   */
  async wait<T>(name: MarkerName, timeoutMs: number): Promise<T> {
    if (this.#received.has(name)) return this.#received.get(name) as T;
    const failure = this.#received.get('failed') as { error?: string } | undefined;
    if (failure !== undefined) throw new Error(failure.error ?? 'the child reported a failure');
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await new Promise<T>((resolve, reject) => {
        this.#waiting.set(name, (payload) => resolve(payload as T));
        this.#waiting.set('failed', (payload) =>
          reject(new Error((payload as { error?: string }).error ?? 'the child reported a failure')),
        );
        timer = setTimeout(
          () => reject(new Error(`no "${name}" from the child within ${timeoutMs} ms`)),
          timeoutMs,
        );
        void this.#exit.then((code) => {
          const why = this.#stderrTail.trim().split('\n').slice(-3).join(' | ') || 'no error output';
          // A marker line read just before the exit settles first; this only rejects otherwise.
          setImmediate(() => reject(new Error(`the child exited with ${code} before "${name}" (${why})`)));
        });
      });
    } finally {
      clearTimeout(timer);
      this.#waiting.delete(name);
      this.#waiting.delete('failed');
    }
  }

  /** Writes one line to the child's stdin. */
  send(line: string): void {
    this.#child.stdin.write(`${line}\n`);
  }

  /** Closes stdin and waits for the exit; kills the child after `graceMs`. */
  async finish(graceMs = 10_000): Promise<number | null> {
    this.#child.stdin.end();
    if (this.#exited) return this.#exit;
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    const code = await this.#exit;
    clearTimeout(killer);
    return code;
  }

  /** Kills the child at once (after a failure). */
  async kill(): Promise<void> {
    if (!this.#exited) this.#child.kill('SIGKILL');
    await this.#exit;
  }
}
