/**
 * One call of the demo assistant, from the answer to the goodbye: greeting, a menu of four
 * options, and what each option does.
 */
import { CallFailedError, isAipbxError } from '@aipbx/core';
import {
  type AriClient,
  type AriEvent,
  type Call,
  ChannelGoneError,
  type RecordResult,
} from '@aipbx/node-ari';
import type { DemoLanguage } from './ai-hook.js';
import { converse } from './conversation.js';
import type { DemoAssistantEvents, DemoEndReason } from './demo-events.js';
import { LANGUAGE_HEADER_VARIABLE, pickLanguage } from './language.js';
import { firstOnlineOperator } from './operators.js';
import { PROMPT_FOLDER, type PromptName, promptMedia } from './prompt-table.js';

/** The demo's time limits. */
export const DEMO_LIMITS = {
  /** How long the menu waits for a key after its prompt, ms. */
  menuTimeoutMs: 10_000,
  /** Menu rounds without a key before the demo says goodbye. */
  silentRounds: 2,
  /** The longest echo, ms. */
  echoMs: 20_000,
  /** The longest message, s. */
  recordSeconds: 15,
  /** Silence that ends a message, s. */
  recordSilenceSeconds: 4,
  /** How long an operator's phone rings, s. */
  ringSeconds: 20,
} as const;

/** What a call flow needs from the assistant that runs it. */
export interface CallFlowHost {
  /** The ARI client, for the operators' state. */
  client: AriClient;
  /** Operators' extensions, in the order they are tried. */
  operators: readonly string[];
  /** Where a recorded message is served. */
  messageUrl(recordingName: string): string;
  /** Reports a step of the call. */
  emit<K extends keyof DemoAssistantEvents>(event: K, payload: Parameters<DemoAssistantEvents[K]>[0]): void;
}

/** How a prompt played: to the end, cut short by a key, not at all, or the call ended. */
type PromptOutcome = 'done' | 'key' | 'failed' | 'stopped' | 'hangup';

/**
 * The flow of one answered call. `run()` resolves when the flow is over; `endReason` says how it
 * ended the call itself, and stays `undefined` when the caller left first.
 */
export class CallFlow {
  /** Set before the flow hangs up or hands the call over, so the call's end can be reported right. */
  endReason: DemoEndReason | undefined;
  /** The caller's language, once known. */
  language: DemoLanguage = 'en';

  readonly #call: Call;
  readonly #host: CallFlowHost;
  #recordings = 0;
  readonly #missingPrompts = new Set<string>();
  /** Asterisk reported the channel hanging up (before the call's end arrives). */
  #hangingUp = false;

  /** A flow for `call`, reporting to `host`; nothing happens until {@link CallFlow.run}. */
  constructor(call: Call, host: CallFlowHost) {
    this.#call = call;
    this.#host = host;
    call.once('hangup', () => {
      this.#hangingUp = true;
    });
  }

  /** Whether the caller is gone or going. */
  get #gone(): boolean {
    return this.#hangingUp || this.#call.ended !== undefined;
  }

  /**
   * Runs the call: answer, language, greeting, then the menu until the caller leaves, chooses 0,
   * stays silent, or is transferred.
   *
   * @throws what ARI throws. A `ChannelGoneError` or a `CallFailedError` with `leg: 'from'` means the
   *   caller hung up meanwhile; the assistant takes those as the end of the call.
   */
  async run(): Promise<void> {
    const call = this.#call;
    await call.answer();
    this.language = await this.#callerLanguage();
    this.#host.emit('call', {
      callId: call.id,
      assistantId: call.assistantId,
      caller: call.caller,
      language: this.language,
    });
    let keyPressed = (await this.#say('greeting', { interruptible: true })) === 'key';
    let silentRounds = 0;
    for (let round = 1; !this.#gone; round++) {
      // A key pressed during the greeting is the choice; otherwise only keys from now on count.
      if (!keyPressed) call.clearDtmf();
      this.#host.emit('menu', { callId: call.id, round });
      if (!keyPressed && (await this.#say('menu', { interruptible: true })) === 'hangup') return;
      keyPressed = false;
      const digit = await call.collectDtmf({ max: 1, timeoutMs: DEMO_LIMITS.menuTimeoutMs });
      if (this.#gone) return;
      if (digit === '') {
        silentRounds++;
        if (silentRounds >= DEMO_LIMITS.silentRounds) {
          await this.#goodbye('no-input');
          return;
        }
        continue;
      }
      silentRounds = 0;
      this.#host.emit('choice', { callId: call.id, digit });
      switch (digit) {
        case '1':
          await this.#echo();
          break;
        case '2':
          await this.#record();
          break;
        case '3':
          if (await this.#transfer()) return;
          break;
        case '0':
          await this.#goodbye('goodbye');
          return;
        default:
          await this.#say('invalid-choice');
      }
    }
  }

  /** After a failure: says sorry (if the call is still there) and hangs up. Never throws. */
  async apologize(): Promise<void> {
    this.endReason = 'error';
    if (!this.#gone) {
      await this.#call.play(promptMedia('sorry'), { lang: this.language }).catch(() => undefined);
    }
    await this.#call.hangup().catch(() => undefined);
  }

  /** The `X-Language` header of the INVITE, else the channel's language, else English. */
  async #callerLanguage(): Promise<DemoLanguage> {
    let header: string | undefined;
    try {
      header = await this.#call.getVariable(LANGUAGE_HEADER_VARIABLE);
    } catch (error) {
      // Not a PJSIP channel (Local, originated…): no header to read.
      if (error instanceof ChannelGoneError) throw error;
    }
    return pickLanguage(header, this.#call.channel.language);
  }

  /** Option 1: the caller's audio through the AI hook and back, until `#` or the time limit. */
  async #echo(): Promise<void> {
    if ((await this.#say('echo-intro')) === 'hangup') return;
    const call = this.#call;
    const stats = await converse(call, {
      language: this.language,
      maxMs: DEMO_LIMITS.echoMs,
      onOpen: () => this.#host.emit('listening', { callId: call.id, mode: 'echo' }),
    });
    this.#host.emit('echo', { callId: call.id, ...stats });
  }

  /**
   * Option 2: record a message after the beep and play it back. A caller who hangs up to end the
   * message leaves it all the same, as with voicemail: it is kept and reported.
   */
  async #record(): Promise<void> {
    if ((await this.#say('record-intro')) === 'hangup') return;
    const call = this.#call;
    // Recording names take letters, digits, "_", "-" and "."; a dot would read as a file extension.
    const name = `demo-${call.id.replace(/[^A-Za-z0-9_-]/g, '-')}-${++this.#recordings}`;
    let startedAt: number | undefined;
    const onEvent = (event: AriEvent) => {
      if (event.type !== 'RecordingStarted' || event.recording.name !== name) return;
      startedAt = performance.now();
      this.#host.emit('listening', { callId: call.id, mode: 'record' });
    };
    call.on('event', onEvent);
    let result: RecordResult;
    try {
      result = await call.record({
        name,
        format: 'wav',
        beep: true,
        terminateOn: '#',
        maxDurationSeconds: DEMO_LIMITS.recordSeconds,
        maxSilenceSeconds: DEMO_LIMITS.recordSilenceSeconds,
        ifExists: 'overwrite',
      });
    } finally {
      call.off('event', onEvent);
    }
    const kept = result.outcome === 'done' || (result.outcome === 'hangup' && startedAt !== undefined);
    if (!kept) {
      if (this.#gone) return; // hung up before the beep
      throw new Error(`Recording ${name} ended as ${result.outcome}; the message was not kept.`);
    }
    const durationMs =
      startedAt !== undefined
        ? Math.round(performance.now() - startedAt)
        : (result.durationSeconds ?? 0) * 1000;
    this.#host.emit('recorded', { callId: call.id, name, url: this.#host.messageUrl(name), durationMs });
    if (this.#gone || (await this.#say('your-message')) === 'hangup') return;
    const played = await call.play(`recording:${name}`);
    if (played.outcome === 'hangup') return;
    await this.#say('message-saved');
  }

  /**
   * Option 3: hand the caller to the first operator online. Resolves `true` when the flow is over
   * (the two talk, or the caller left), `false` when nobody is online or the operator did not answer
   * and the caller goes back to the menu.
   */
  async #transfer(): Promise<boolean> {
    const call = this.#call;
    const extension = await firstOnlineOperator(this.#host.client, this.#host.operators);
    if (extension === undefined) {
      await this.#say('no-operator');
      return false;
    }
    if ((await this.#say('transfer')) === 'hangup') return true;
    try {
      await call.transfer(`PJSIP/${extension}`, { ringTimeoutSeconds: DEMO_LIMITS.ringSeconds });
    } catch (error) {
      if (!(error instanceof CallFailedError && error.leg === 'to')) throw error;
      await this.#say('operator-no-answer');
      return false;
    }
    this.endReason = 'transferred';
    this.#host.emit('transferred', { callId: call.id, extension });
    return true;
  }

  /** Says goodbye and hangs up. */
  async #goodbye(reason: 'goodbye' | 'no-input'): Promise<void> {
    await this.#say('goodbye');
    this.endReason = reason;
    await this.#call.hangup();
  }

  /**
   * Plays a prompt in the caller's language. With `interruptible`, a key stops it (and stays queued
   * for `collectDtmf`). A prompt that cannot be played is reported once per call; the flow goes on.
   */
  async #say(name: PromptName, options: { interruptible?: boolean } = {}): Promise<PromptOutcome> {
    const call = this.#call;
    const pressed = new AbortController();
    const onKey = () => pressed.abort();
    if (options.interruptible) call.once('dtmf', onKey);
    try {
      const { outcome } = await call.play(promptMedia(name), { lang: this.language, signal: pressed.signal });
      if (outcome !== 'failed') return outcome;
      if (this.#gone) return 'hangup'; // cut off by the hangup
      this.#promptMissing(name);
      return 'failed';
    } catch (error) {
      if (isAipbxError(error, 'ABORTED')) return 'key';
      throw error;
    } finally {
      call.off('dtmf', onKey);
    }
  }

  #promptMissing(name: PromptName): void {
    const key = `${this.language}/${name}`;
    if (this.#missingPrompts.has(key)) return;
    this.#missingPrompts.add(key);
    this.#host.emit('error', {
      callId: this.#call.id,
      error: new Error(
        `Asterisk could not play the prompt ${PROMPT_FOLDER}/${name} in ${this.language}: make the prompts ` +
          `in the PBX's sounds folder first (makePrompts, or npm start of the stasis-bot example).`,
      ),
    });
  }
}
