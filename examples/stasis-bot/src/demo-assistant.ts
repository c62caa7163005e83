/**
 * The demo assistant: a Stasis app that answers the calls of its assistants with a menu (echo
 * through the AI hook, a recorded message, an operator, goodbye) and reports every step as an event.
 */
import {
  CallFailedError,
  onceEvent,
  TypedEmitter,
  ValidationError,
  type ValidationProblem,
} from '@aipbx/core';
import { AriClient, type Call, type CallEndReason, ChannelGoneError, type StasisApp } from '@aipbx/node-ari';
import { CallFlow, type CallFlowHost } from './call-flow.js';
import type { DemoAssistantEvents, DemoEndReason } from './demo-events.js';
import { OPERATOR_EXTENSION } from './operators.js';

/** Options of {@link startDemoAssistant}. */
export interface DemoAssistantOptions {
  /** Asterisk's ARI: `http://127.0.0.1:8088` on the PBX host, `https://pbx.example.com:8089` elsewhere. */
  ari: { url: string; username: string; password: string };
  /** The Stasis app's name, the first argument of `Stasis()` in the dialplan (`aiPBXBot`). */
  app: string;
  /**
   * The assistant ids (the second argument of `Stasis()`) to answer. Calls for others are left
   * alone: not answered, not hung up, still in the app for other code of yours (`stasis.on('call')`).
   * Default: every call.
   */
  assistants?: readonly string[];
  /** Operators' extensions (PJSIP endpoints, e.g. `['201', '202']`): option 3 rings the first online. */
  operators: readonly string[];
  /** Where a recorded message can be fetched, given its ARI stored recording's name. */
  messageUrl: (recordingName: string) => string;
  /** Receives a line for what is not an event: start, stop, calls left alone. Never a secret. */
  log?: (line: string) => void;
}

/**
 * A running demo assistant: listen to its events, `close()` it to stop.
 *
 * @example
 * ```ts
 * const bot = await startDemoAssistant({ ari, app: 'aiPBXBot', operators: ['201'], messageUrl: (n) => n });
 * bot.on('choice', ({ callId, digit }) => console.log(`${callId} pressed ${digit}`));
 * process.once('SIGINT', () => void bot.close());
 * ```
 */
export class DemoAssistant extends TypedEmitter<DemoAssistantEvents> {
  /** The ARI client the assistant made (REST works as usual: recordings, endpoints…). */
  readonly client: AriClient;
  /** The Stasis app: its `call` event also sees the calls left alone. */
  readonly stasis: StasisApp;

  readonly #options: DemoAssistantOptions;
  readonly #calls = new Set<Call>();
  #closing: Promise<void> | undefined;

  /** @internal Made by {@link startDemoAssistant}. */
  constructor(client: AriClient, stasis: StasisApp, options: DemoAssistantOptions) {
    super();
    this.client = client;
    this.stasis = stasis;
    this.#options = options;
    stasis.onCall((call) => this.#answer(call));
    stasis.on('error', (error, call) => this.#failed(error, call?.id));
    client.on('error', (error) => this.#failed(error));
  }

  /**
   * Hangs up the calls in progress (operators' legs included), stops the Stasis app and closes the
   * connection to Asterisk. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.all(
        [...this.#calls].map(async (call) => {
          const ended = onceEvent(call, 'end', { timeoutMs: 5000 }).catch(() => undefined);
          await call.hangup().catch(() => undefined);
          await ended;
        }),
      );
      await this.stasis.stop();
      await this.client.close();
      this.#options.log?.(`demo assistant: stopped (Stasis app ${this.stasis.name})`);
    })();
    return this.#closing;
  }

  async #answer(call: Call): Promise<void> {
    const { assistants } = this.#options;
    if (assistants !== undefined && !assistants.includes(call.assistantId)) {
      this.#options.log?.(
        `demo assistant: call ${call.id} is for assistant "${call.assistantId}", not one of ours: left alone`,
      );
      return;
    }
    if (this.#closing) {
      await call.hangup().catch(() => undefined);
      return;
    }
    const flow = new CallFlow(call, this.#host);
    this.#calls.add(call);
    call.once('end', (ended) => {
      this.#calls.delete(call);
      this.safeEmit('end', { callId: call.id, reason: this.#endReason(flow.endReason, ended) });
    });
    try {
      await flow.run();
    } catch (error) {
      if (callerLeft(call, error) || this.#closing) return;
      this.#failed(error instanceof Error ? error : new Error(String(error)), call.id);
      await flow.apologize();
    }
  }

  #endReason(flowReason: DemoEndReason | undefined, ended: CallEndReason): DemoEndReason {
    if (this.#closing && flowReason !== 'error') return 'stopped';
    return flowReason ?? ended;
  }

  #failed(error: Error, callId?: string): void {
    this.#options.log?.(`demo assistant: ${callId === undefined ? '' : `call ${callId}: `}${error.message}`);
    this.safeEmit('error', callId === undefined ? { error } : { callId, error });
  }

  get #host(): CallFlowHost {
    return {
      client: this.client,
      operators: this.#options.operators,
      messageUrl: (name) => this.#options.messageUrl(name),
      emit: (event, payload) => {
        (this.safeEmit as (event: string, payload: unknown) => boolean)(event, payload);
      },
    };
  }
}

/** Whether `error` only says the caller hung up while the flow was busy. */
function callerLeft(call: Call, error: unknown): boolean {
  if (call.ended !== undefined) return true;
  if (error instanceof ChannelGoneError) return error.channelId === call.id;
  return error instanceof CallFailedError && error.leg === 'from';
}

/**
 * Starts the demo assistant: connects to ARI, registers the Stasis app, and answers the calls of
 * `assistants` from then on.
 *
 * @throws ValidationError for bad options (every problem at once); the ARI client's
 *   `AuthenticationError`, `ConnectionError` or `TimeoutError` when Asterisk cannot be reached.
 */
export async function startDemoAssistant(options: DemoAssistantOptions): Promise<DemoAssistant> {
  const problems: ValidationProblem[] = [];
  options.operators.forEach((extension, i) => {
    if (typeof extension !== 'string' || !OPERATOR_EXTENSION.test(extension)) {
      problems.push({
        field: `operators.${i}`,
        message: 'must be an extension: letters, digits, "_" or "-"',
      });
    }
  });
  options.assistants?.forEach((assistant, i) => {
    if (typeof assistant !== 'string' || assistant === '') {
      problems.push({ field: `assistants.${i}`, message: 'must be an assistant id' });
    }
  });
  if (typeof options.messageUrl !== 'function') {
    problems.push({ field: 'messageUrl', message: 'must be a function from a recording name to a URL' });
  }
  if (problems.length > 0) throw new ValidationError('demo assistant options', problems);

  const client = new AriClient({
    url: options.ari.url,
    username: options.ari.username,
    password: options.ari.password,
  });
  let assistant: DemoAssistant;
  try {
    // The calls' MixMonitor URLs are not used here.
    const stasis = client.app(options.app, { recordings: false });
    assistant = new DemoAssistant(client, stasis, options);
    await stasis.start();
  } catch (error) {
    await client.close();
    throw error;
  }
  const answering = options.assistants === undefined ? 'every assistant' : options.assistants.join(', ');
  options.log?.(
    `demo assistant: Stasis app ${options.app} on ${client.address} as ${options.ari.username}, answering ${answering}`,
  );
  return assistant;
}
