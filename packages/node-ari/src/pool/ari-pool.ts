import {
  type Logger,
  noopLogger,
  ReconnectPolicy,
  sleep,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import type { Call } from '../app/call.js';
import type { StasisApp } from '../app/stasis-app.js';
import type { StasisAppOptions } from '../app/stasis-app-options.js';
import { AriClient } from '../client/ari-client.js';
import type { AriClientOptions } from '../client/ari-client-options.js';

/** One PBX of the pool: a name, and how to reach its ARI. */
export interface PoolPbx extends Omit<AriClientOptions, 'logger'> {
  /** Unique in the pool: calls are tagged with it and operations routed by it (`office`, `pbx-2`). */
  name: string;
}

/** A PBX as the pool hands it to a call handler. */
export interface PoolMember {
  readonly name: string;
  /** Its client: REST operations on this PBX. */
  readonly client: AriClient;
}

/** Whether a PBX's events socket is up. */
export type PoolPbxState = 'up' | 'down';

/** Events of an {@link AriPool}. */
export interface AriPoolEvents {
  /** A PBX's events socket came up, or went down (its client keeps reconnecting). */
  pbx: (name: string, state: PoolPbxState) => void;
  /** Something failed on one PBX (the others are not affected). */
  error: (error: Error, pbx: string, call?: Call) => void;
}

/** A handler for calls from any PBX of the pool. */
export type PoolCallHandler = (call: Call, pbx: PoolMember) => void | Promise<void>;

/** Options of an {@link AriPool}. */
export interface AriPoolOptions {
  pbxs: readonly PoolPbx[];
  logger?: Logger;
}

interface Member extends PoolMember {
  apps: StasisApp[];
  state: PoolPbxState;
  stop: AbortController;
}

/**
 * The product's PBX list in one place: one {@link AriClient} per PBX, the same Stasis app on all of
 * them, each call handed over with the PBX it came from, operations routed to that PBX. A PBX that
 * is down (at start or later) does not disturb the others: its client keeps reconnecting in the
 * background and the pool reports it through `pbx` events.
 *
 * @example
 * ```ts
 * const pool = new AriPool({ pbxs: [
 *   { name: 'moscow', url: 'https://pbx-msk:8089', username: 'aipbx', password: p1 },
 *   { name: 'spb', url: 'https://pbx-spb:8089', username: 'aipbx', password: p2 },
 * ] });
 * pool.app('aiPBXBot').onCall(async (call, pbx) => {
 *   console.log(`call ${call.id} on ${pbx.name}`);
 *   await call.answer();
 * });
 * await pool.start();
 * ```
 */
export class AriPool extends TypedEmitter<AriPoolEvents> {
  readonly #members = new Map<string, Member>();
  readonly #apps = new Map<string, { options: StasisAppOptions; handler: PoolCallHandler | undefined }>();
  readonly #log: Logger;
  #started = false;

  /** @throws ValidationError for duplicate or missing names and every bad client option. */
  constructor(options: AriPoolOptions) {
    super();
    this.#log = options.logger ?? noopLogger;
    const problems: ValidationProblem[] = [];
    if (!Array.isArray(options?.pbxs) || options.pbxs.length === 0) {
      throw new ValidationError('ARI pool options', [
        { field: 'pbxs', message: 'must list at least one PBX' },
      ]);
    }
    options.pbxs.forEach((pbx, i) => {
      if (typeof pbx.name !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(pbx.name)) {
        problems.push({
          field: `pbxs.${i}.name`,
          message: 'must be 1–64 Latin letters, digits, "_", "." or "-"',
        });
        return;
      }
      if (this.#members.has(pbx.name)) {
        problems.push({ field: `pbxs.${i}.name`, message: `"${pbx.name}" is listed twice` });
        return;
      }
      const { name, ...clientOptions } = pbx;
      try {
        const client = new AriClient({ ...clientOptions, logger: this.#log.child(name) });
        this.#members.set(name, { name, client, apps: [], state: 'down', stop: new AbortController() });
      } catch (error) {
        for (const p of (error as ValidationError).problems ?? []) {
          problems.push({ field: `pbxs.${i}.${p.field}`, message: p.message });
        }
      }
    });
    if (problems.length > 0) throw new ValidationError('ARI pool options', problems);
  }

  /** The PBX names, in the order given. */
  get names(): string[] {
    return [...this.#members.keys()];
  }

  /** The client of PBX `name`: operations go to that PBX only. */
  client(name: string): AriClient {
    const member = this.#members.get(name);
    if (member === undefined) {
      throw new ValidationError('ARI pool', [
        { field: 'name', message: `no PBX named "${name}" in the pool` },
      ]);
    }
    return member.client;
  }

  /** Whether each PBX's events socket is up. */
  states(): Record<string, PoolPbxState> {
    return Object.fromEntries([...this.#members.values()].map((m) => [m.name, m.state]));
  }

  /** The Stasis app `name` on every PBX; make it before `start()`. */
  app(name: string, options: StasisAppOptions = {}): { onCall(handler: PoolCallHandler): void } {
    if (this.#started) {
      throw new ValidationError('ARI pool', [{ field: 'app', message: 'make every app before start()' }]);
    }
    const entry = this.#apps.get(name) ?? { options, handler: undefined };
    this.#apps.set(name, entry);
    return {
      onCall: (handler) => {
        entry.handler = handler;
      },
    };
  }

  /**
   * Starts the apps on every PBX. Resolves once each PBX has either come up or failed its first
   * attempt; a PBX that failed keeps being retried in the background (see the `pbx` events).
   */
  async start(): Promise<Record<string, PoolPbxState>> {
    this.#started = true;
    await Promise.all([...this.#members.values()].map((m) => this.#startMember(m)));
    return this.states();
  }

  /** Stops every app and closes every client. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.#members.values()].map(async (m) => {
        m.stop.abort();
        await m.client.close();
      }),
    );
  }

  async #startMember(m: Member): Promise<void> {
    m.client.on('state', (state) => {
      const next: PoolPbxState = state === 'open' ? 'up' : 'down';
      if (next !== m.state) {
        m.state = next;
        this.safeEmit('pbx', m.name, next);
      }
    });
    m.client.on('error', (error) => this.safeEmit('error', error, m.name));
    for (const [name, entry] of this.#apps) {
      const app = m.client.app(name, entry.options);
      app.onCall((call) => entry.handler?.(call, { name: m.name, client: m.client }));
      app.on('error', (error, call) => this.safeEmit('error', error, m.name, call));
      m.apps.push(app);
    }
    try {
      await Promise.all(m.apps.map((app) => app.start()));
    } catch (error) {
      this.#log.warn('PBX not reachable; retrying in the background', {
        pbx: m.name,
        error: (error as Error).message,
      });
      this.safeEmit('error', error as Error, m.name);
      void this.#retry(m);
    }
  }

  /** Keeps trying to start a PBX's apps until it comes up or the pool closes. */
  async #retry(m: Member): Promise<void> {
    const policy = new ReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 30_000 });
    for (;;) {
      try {
        await sleep(policy.nextDelay() ?? 30_000, m.stop.signal);
      } catch {
        return;
      }
      try {
        await Promise.all(m.apps.map((app) => app.start()));
        this.#log.info('PBX came up', { pbx: m.name });
        return;
      } catch {
        // Still down: try again after the next delay.
      }
    }
  }
}
