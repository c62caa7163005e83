import { AipbxError, CallFailedError, TypedEmitter } from '@aipbx/core';
import { type Core, Invitation, Inviter, type Session, SessionState } from 'sip.js';
import type {
  SessionDescriptionHandler,
  SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import { AudioLevel } from '../engine/audio-level.js';
import { microphoneError, microphoneReason, openMicrophone } from '../engine/microphone.js';
import { assertDtmf, reinvite, remoteStreamOf, sendDtmfTones } from '../engine/session-tools.js';
import { type SipRefusal, sipRefusal } from '../engine/sip-refusal.js';
import {
  PHONE_CALL_TRANSITIONS,
  type PhoneCallChange,
  type PhoneCallReason,
  type PhoneCallState,
} from './phone-call-state.js';
import type { ResolvedPhoneOptions } from './phone-options.js';

/** Events of a {@link PhoneCall}. */
export interface PhoneCallEvents {
  /** Every state change, with its reason. */
  'state-change': (change: PhoneCallChange) => void;
  /** Anything shown about the call changed: state, mute, hold, a transfer under way. */
  update: () => void;
}

/** The other party of a call. */
export interface PhoneParty {
  /** The number or extension (the SIP URI's user part), `''` when withheld. */
  readonly number: string;
  /** The name the PBX sent, when it sent one. */
  readonly displayName?: string;
  /** The full SIP URI. */
  readonly uri: string;
}

/** Input (this side's microphone) and output (the other party) levels, 0–1. */
export interface PhoneCallLevels {
  input: number;
  output: number;
}

/** What a {@link PhoneCall} needs from the engine that owns it. */
export interface PhoneCallHost {
  readonly options: ResolvedPhoneOptions;
  /** Puts every other call on hold (before this one answers, dials or resumes). */
  holdOthers(call: PhoneCall): Promise<void>;
  /** A shared AudioContext for level meters, if the browser has one. */
  audioContext(): AudioContext | undefined;
  /** Called on every change; the engine re-emits it and files the call under recent ones when it ends. */
  changed(call: PhoneCall, change?: PhoneCallChange): void;
  /** The SIP URI for a number, extension or SIP URI typed by the operator. */
  uriFor(target: string): Core.URI;
}

/** How long a transfer may take to be confirmed (REFER accepted, then the PBX's NOTIFY). */
const TRANSFER_TIMEOUT_MS = 15_000;

let sequence = 0;

/** What the engine does to a call that its users do not: kept out of the class's public surface. */
export interface PhoneCallControl {
  readonly session: Session;
  /** The microphone stream the session description handler sends. */
  microphone(): MediaStream | undefined;
  /** Places an outgoing call (the engine made the Inviter). */
  dial(headers: readonly string[]): Promise<void>;
  /** After the WebSocket came back: a re-INVITE that restarts ICE keeps the dialog reachable. */
  recover(): Promise<void>;
  /** The engine is stopping, or the network did not come back in time. */
  abandon(reason: 'stopped' | 'network-lost'): Promise<void>;
}

const CONTROLS = new WeakMap<PhoneCall, PhoneCallControl>();

/** The engine's handle on a call it made. */
export function controlOf(call: PhoneCall): PhoneCallControl {
  const control = CONTROLS.get(call);
  if (control === undefined) throw new Error('not a call of a PhoneEngine');
  return control;
}

/**
 * One call of a {@link PhoneEngine}, incoming or outgoing. Made by the engine (`call()`, or the
 * `incoming` event); ends once, with the reason in its last {@link PhoneCallChange}.
 */
export class PhoneCall extends TypedEmitter<PhoneCallEvents> {
  /** Unique within the page. */
  readonly id = `call-${++sequence}`;
  readonly direction: 'incoming' | 'outgoing';
  readonly remote: PhoneParty;
  /** When the call was placed or began ringing here (`Date.now()` ms). */
  readonly startedAt = Date.now();
  #connectedAt: number | undefined;
  #endedAt: number | undefined;
  #state: PhoneCallState;
  #last: PhoneCallChange;
  #muted = false;
  #transferring = false;
  #transferred = false;
  readonly #session: Session;
  readonly #host: PhoneCallHost;
  #microphone: MediaStream | undefined;
  #audio: HTMLAudioElement | undefined;
  #input: AudioLevel | undefined;
  #output: AudioLevel | undefined;
  #answered: Promise<void>;
  #settle: { resolve: () => void; reject: (error: Error) => void } | undefined;
  #ringTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal Made by the engine. */
  constructor(host: PhoneCallHost, session: Session) {
    super();
    this.#host = host;
    this.#session = session;
    const incoming = session instanceof Invitation;
    this.direction = incoming ? 'incoming' : 'outgoing';
    const identity = incoming ? session.remoteIdentity : undefined;
    const uri = incoming ? identity?.uri : (session as Inviter).request.ruri;
    const displayName = identity?.displayName?.replace(/^"|"$/g, '').trim();
    this.remote = {
      number: uri?.user ?? '',
      ...(displayName ? { displayName } : {}),
      uri: uri?.toString() ?? '',
    };
    this.#state = incoming ? 'incoming' : 'dialing';
    this.#last = { from: this.#state, to: this.#state, reason: incoming ? 'incoming' : 'dialed' };
    this.#answered = new Promise<void>((resolve, reject) => {
      this.#settle = { resolve, reject };
    });
    // Nobody has to listen for it: the outcome is in the state changes too.
    this.#answered.catch(() => undefined);
    CONTROLS.set(this, {
      session,
      microphone: () => this.#microphone,
      dial: (headers) => this.#dial(headers),
      recover: () => this.#recover(),
      abandon: (reason) => this.#abandon(reason),
    });
    session.stateChange.addListener((state) => this.#onSessionState(state));
    session.delegate = {
      // A re-INVITE from the PBX (hold by the other side, a transfer replacing the media): keep
      // this side's hold and mute as they are.
      onInvite: () => queueMicrotask(() => this.#applyTracks()),
    };
  }

  /** The call's state; see {@link PhoneCallState}. */
  get state(): PhoneCallState {
    return this.#state;
  }

  /** The latest state change (for an ended call: how it ended). */
  get lastChange(): PhoneCallChange {
    return this.#last;
  }

  /** When the call was answered (`Date.now()` ms), if it was. */
  get connectedAt(): number | undefined {
    return this.#connectedAt;
  }

  /** When the call ended (`Date.now()` ms), once it has. */
  get endedAt(): number | undefined {
    return this.#endedAt;
  }

  /** Whether this side's microphone is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** Whether a transfer of this call is under way. */
  get transferring(): boolean {
    return this.#transferring;
  }

  /**
   * Resolves once the call is answered (either side); rejects with a {@link CallFailedError} or
   * {@link AipbxError} when it ends before that.
   */
  answered(): Promise<void> {
    return this.#answered;
  }

  /**
   * Answers an incoming call: opens the microphone, puts the other calls on hold, sends 200 OK.
   * Resolves once the audio is set up.
   *
   * @throws AipbxError (`CALL_FAILED`) when the call is not ringing here, or the microphone cannot
   *   be opened (the call is then declined and ends with the microphone reason).
   */
  async answer(): Promise<void> {
    const invitation = this.#session;
    if (this.#state !== 'incoming' || !(invitation instanceof Invitation)) {
      throw new AipbxError(
        'CALL_FAILED',
        `Only a ringing incoming call can be answered (this one is ${this.#state}).`,
      );
    }
    this.#transition('connecting', 'answering');
    try {
      await this.#openMicrophone();
    } catch (error) {
      await invitation.reject({ statusCode: 480 }).catch(() => undefined);
      throw error;
    }
    if (this.#stateIs('ended')) return;
    await this.#host.holdOthers(this);
    this.#prepareAudio();
    try {
      await invitation.accept({
        sessionDescriptionHandlerOptions: {
          constraints: { audio: true, video: false },
          iceGatheringTimeout: this.#host.options.iceGatheringTimeoutMs,
        } as SessionDescriptionHandlerOptions,
      });
    } catch (error) {
      const failure = new AipbxError(
        'CALL_FAILED',
        `Could not set up the call’s audio: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
      this.#end('media-failed', failure);
      throw failure;
    }
    await this.#answered;
  }

  /** Refuses an incoming call (603 Decline); the caller's PBX moves on (voicemail, another operator). */
  async decline(): Promise<void> {
    const invitation = this.#session;
    if (this.#state !== 'incoming' || !(invitation instanceof Invitation)) return;
    this.#end('declined');
    await invitation.reject({ statusCode: 603 }).catch(() => undefined);
  }

  /**
   * Ends the call, whatever its state: declines it while it rings here, cancels it while it rings
   * there, hangs up once answered. Resolves at once; does nothing once ended.
   */
  async hangup(): Promise<void> {
    const session = this.#session;
    switch (this.#state) {
      case 'ended':
        return;
      case 'incoming':
        return this.decline();
      case 'dialing':
      case 'ringing':
        this.#end('cancelled');
        if (session instanceof Inviter && session.state !== SessionState.Terminated)
          await session.cancel().catch(() => undefined);
        return;
      default:
        this.#end('local-hangup');
        if (session.state === SessionState.Established) await session.bye().catch(() => undefined);
        else if (session instanceof Invitation && session.state !== SessionState.Terminated)
          await session.reject().catch(() => undefined);
    }
  }

  /**
   * Puts the call on hold: a re-INVITE with `sendonly`, so the PBX plays its hold music to the
   * other party; no audio goes either way until {@link PhoneCall.resume}.
   *
   * @throws AipbxError (`CALL_FAILED`) when the call is not active, or the PBX refused the hold.
   */
  async hold(): Promise<void> {
    if (this.#state === 'held') return;
    if (this.#state !== 'active')
      throw new AipbxError(
        'CALL_FAILED',
        `Only an active call can be put on hold (this one is ${this.#state}).`,
      );
    await this.#reinvite(true, 'hold');
    if (this.#stateIs('active')) this.#transition('held', 'held');
  }

  /**
   * Takes the call off hold, putting any other call on hold first.
   *
   * @throws AipbxError (`CALL_FAILED`) when the call is not held, or the PBX refused.
   */
  async resume(): Promise<void> {
    if (this.#state === 'active') return;
    if (this.#state !== 'held')
      throw new AipbxError('CALL_FAILED', `Only a held call can be resumed (this one is ${this.#state}).`);
    await this.#host.holdOthers(this);
    await this.#reinvite(false, 'resume');
    if (this.#stateIs('held')) this.#transition('active', 'resumed');
  }

  /** Stops sending the microphone (the other party hears silence). */
  mute(): void {
    this.#muted = true;
    this.#applyTracks();
    this.#host.changed(this);
    this.safeEmit('update');
  }

  /** Sends the microphone again. */
  unmute(): void {
    this.#muted = false;
    this.#applyTracks();
    this.#host.changed(this);
    this.safeEmit('update');
  }

  /**
   * Sends DTMF digits (`0-9`, `*`, `#`, `A-D`), as RFC 2833 events or SIP INFO per the
   * softphone's `dtmf` option.
   *
   * @throws AipbxError (`INVALID_INPUT`) for other characters; (`CALL_FAILED`) when not active.
   */
  async sendDtmf(tones: string): Promise<void> {
    assertDtmf(tones);
    if (this.#state !== 'active')
      throw new AipbxError('CALL_FAILED', 'DTMF can be sent only in an active call.');
    await sendDtmfTones(this.#session, tones, this.#host.options.dtmf);
  }

  /**
   * Hands the call on. With a number, extension, assistant name or SIP URI: a blind transfer (the
   * PBX calls the target and this call ends). With another of this softphone's answered calls: an
   * attended transfer (the two other parties are connected to each other and both calls end
   * here). Resolves once the PBX confirms the transfer; the call(s) then end with `transferred`.
   *
   * @throws AipbxError (`INVALID_INPUT`) for a target that is not a number, name or SIP URI;
   *   (`CALL_FAILED`) when this call (or the other) is not answered, or the PBX refuses or fails
   *   the transfer (the calls then stay as they were).
   */
  async transfer(target: string | PhoneCall): Promise<void> {
    if (this.#state !== 'active' && this.#state !== 'held')
      throw new AipbxError(
        'CALL_FAILED',
        `Only an answered call can be transferred (this one is ${this.#state}).`,
      );
    if (this.#transferring)
      throw new AipbxError('CALL_FAILED', 'A transfer of this call is already under way.');
    let referTo: Core.URI | Session;
    if (target instanceof PhoneCall) {
      if (target === this || (target.state !== 'active' && target.state !== 'held'))
        throw new AipbxError(
          'CALL_FAILED',
          'An attended transfer needs another answered call of this softphone to connect this one to.',
        );
      referTo = target.#session;
    } else {
      referTo = this.#host.uriFor(target);
    }
    this.#transferring = true;
    this.safeEmit('update');
    const other = target instanceof PhoneCall ? target : undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new AipbxError(
                'CALL_FAILED',
                `The PBX did not confirm the transfer within ${TRANSFER_TIMEOUT_MS / 1000} s.`,
              ),
            ),
          TRANSFER_TIMEOUT_MS,
        );
        const done = (error?: Error) => {
          clearTimeout(timer);
          this.off('state-change', onEnd);
          if (error) reject(error);
          else resolve();
        };
        // The PBX may hang up before its final NOTIFY arrives: that is a completed transfer too.
        const onEnd = (change: PhoneCallChange) => {
          if (change.to === 'ended') done();
        };
        this.on('state-change', onEnd);
        this.#session
          .refer(referTo, {
            requestDelegate: {
              onAccept: () => {
                this.#transferred = true;
                if (other !== undefined) other.#transferred = true;
              },
              onReject: (response) =>
                done(
                  new AipbxError(
                    'CALL_FAILED',
                    `The PBX refused the transfer (${response.message.statusCode} ${response.message.reasonPhrase}).`,
                  ),
                ),
            },
            onNotify: (notification) => {
              notification.accept().catch(() => undefined);
              const status = /^SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1];
              const code = Number(status ?? 0);
              if (code >= 200 && code < 300) {
                done();
                // The PBX normally hangs up the transferred call itself; make sure it ends.
                setTimeout(() => void this.#byeIfStill(), 3000);
                if (other !== undefined) setTimeout(() => void other.#byeIfStill(), 3000);
              } else if (code >= 300) {
                this.#transferred = false;
                if (other !== undefined) other.#transferred = false;
                done(new AipbxError('CALL_FAILED', `The transfer failed: the PBX reported ${code}.`));
              }
            },
          })
          .catch((error: Error) =>
            done(new AipbxError('CALL_FAILED', `Could not send the transfer: ${error.message}`)),
          );
      });
    } finally {
      this.#transferring = false;
      this.safeEmit('update');
    }
  }

  /** Microphone and far-side levels, 0–1 (zero when not talking). Cheap: call it per frame. */
  levels(): PhoneCallLevels {
    const talking = this.#state === 'active';
    return {
      input: talking && !this.#muted ? (this.#input?.read() ?? 0) : 0,
      output: talking ? (this.#output?.read() ?? 0) : 0,
    };
  }

  /** Places an outgoing call (the engine made the Inviter). */
  async #dial(headers: readonly string[]): Promise<void> {
    const inviter = this.#session as Inviter;
    try {
      await this.#openMicrophone();
    } catch {
      return;
    }
    if (this.#stateIs('ended')) return;
    await this.#host.holdOthers(this);
    if (this.#stateIs('ended')) return;
    this.#prepareAudio();
    const ms = this.#host.options.ringTimeoutMs;
    this.#ringTimer = setTimeout(() => {
      if (this.#state !== 'dialing' && this.#state !== 'ringing') return;
      this.#end(
        'no-answer',
        new CallFailedError('no-answer', 'to', `No answer from ${this.remote.number} within ${ms / 1000} s.`),
      );
      inviter.cancel().catch(() => undefined);
    }, ms);
    try {
      await inviter.invite({
        requestOptions: { extraHeaders: [...headers] },
        requestDelegate: {
          onProgress: (response) => {
            const code = response.message.statusCode;
            if (this.#state === 'dialing' && (code === 180 || code === 183))
              this.#transition('ringing', code === 180 ? 'ringing' : 'early-media', { statusCode: code });
          },
          onReject: (response) => this.#onReject(response),
        },
      });
    } catch (error) {
      this.#end(
        'media-failed',
        new AipbxError('CALL_FAILED', `Could not set up the call’s audio: ${(error as Error).message}`, {
          cause: error,
        }),
      );
    }
  }

  /** After the WebSocket came back: a re-INVITE that restarts ICE keeps the dialog reachable. */
  async #recover(): Promise<void> {
    if (this.#state !== 'active' && this.#state !== 'held') return;
    await this.#reinvite(this.#state === 'held', 'recover', true);
  }

  /** The engine is stopping, or the network did not come back in time. */
  async #abandon(reason: 'stopped' | 'network-lost'): Promise<void> {
    const error =
      reason === 'network-lost'
        ? new AipbxError(
            'CONNECTION_LOST',
            'The connection to the PBX did not come back in time: the call was ended.',
          )
        : undefined;
    const session = this.#session;
    if (this.#state === 'ended') return;
    this.#end(reason, error);
    try {
      if (session.state === SessionState.Established) await session.bye();
      else if (session instanceof Inviter && session.state !== SessionState.Terminated)
        await session.cancel();
      else if (session instanceof Invitation && session.state !== SessionState.Terminated)
        await session.reject({ statusCode: 480 });
    } catch {
      // The PBX ends its half on its own timers.
    }
  }

  #stateIs(state: PhoneCallState): boolean {
    return this.#state === state;
  }

  async #byeIfStill(): Promise<void> {
    if (this.#state === 'ended') return;
    this.#end('transferred');
    if (this.#session.state === SessionState.Established) await this.#session.bye().catch(() => undefined);
  }

  async #reinvite(hold: boolean, what: string, iceRestart = false): Promise<void> {
    try {
      await reinvite(this.#session, {
        hold,
        iceGatheringTimeout: this.#host.options.iceGatheringTimeoutMs,
        ...(iceRestart ? { offerOptions: { iceRestart: true } } : {}),
      } as SessionDescriptionHandlerOptions);
    } catch (error) {
      throw new AipbxError('CALL_FAILED', `Could not ${what} the call: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.#applyTracks(hold);
  }

  #applyTracks(held = this.#state === 'held'): void {
    const sdh = this.#session.sessionDescriptionHandler as SessionDescriptionHandler | undefined;
    if (sdh?.peerConnection === undefined) return;
    sdh.enableSenderTracks(!held && !this.#muted);
    sdh.enableReceiverTracks(!held);
  }

  async #openMicrophone(): Promise<void> {
    try {
      this.#microphone = await openMicrophone(this.#host.options.source.inputDeviceId);
    } catch (error) {
      const failure = microphoneError(error as Error);
      this.#end(microphoneReason(error as Error), failure);
      throw failure;
    }
    if (this.#state === 'ended') this.#stopMicrophone();
  }

  #stopMicrophone(): void {
    for (const t of this.#microphone?.getTracks() ?? []) t.stop();
    this.#microphone = undefined;
  }

  /** An `<audio>` for the far side, started inside the operator's click so it may play. */
  #prepareAudio(): void {
    const Audio = globalThis.Audio;
    if (Audio === undefined) return;
    const audio = new Audio();
    audio.autoplay = true;
    const sink = this.#host.options.source.outputDeviceId;
    const withSink = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sink !== undefined) withSink.setSinkId?.(sink).catch(() => undefined);
    this.#audio = audio;
  }

  #attachMedia(): void {
    const remote = remoteStreamOf(this.#session);
    if (this.#audio !== undefined && remote !== undefined) {
      this.#audio.srcObject = remote;
      this.#audio.play().catch(() => undefined);
    }
    const context = this.#host.audioContext();
    if (context !== undefined) {
      if (this.#microphone !== undefined) this.#input = new AudioLevel(context, this.#microphone);
      if (remote !== undefined && remote.getAudioTracks().length > 0)
        this.#output = new AudioLevel(context, remote);
    }
    this.#applyTracks();
  }

  #onSessionState(state: SessionState): void {
    if (state === SessionState.Established && this.#state !== 'ended' && this.#state !== 'active') {
      clearTimeout(this.#ringTimer);
      this.#connectedAt = Date.now();
      this.#attachMedia();
      this.#transition('active', 'answered', this.direction === 'outgoing' ? { statusCode: 200 } : {});
      this.#settle?.resolve();
      this.#settle = undefined;
      return;
    }
    if (state !== SessionState.Terminated || this.#state === 'ended') return;
    if (this.#connectedAt !== undefined) {
      this.#end(this.#transferred ? 'transferred' : 'remote-hangup');
      return;
    }
    if (this.direction === 'incoming') {
      this.#end('missed');
      return;
    }
    // sip.js ends the session before it hands the final response to onReject: let that name the
    // reason first; this is the fallback for an end with no response.
    queueMicrotask(() => {
      if (this.#state !== 'ended')
        this.#end(
          'unavailable',
          new CallFailedError(
            'failed',
            'to',
            `The call to ${this.remote.number} ended before it was answered.`,
          ),
        );
    });
  }

  #onReject(response: Core.IncomingResponse): void {
    if (this.#state === 'ended') return;
    const code = response.message.statusCode ?? 0;
    const phrase = response.message.reasonPhrase ?? '';
    const kind = sipRefusal(code, response.message.getHeader('Reason'));
    const [reason, failure, what] = REFUSALS[kind];
    this.#end(
      reason,
      new CallFailedError(
        failure,
        'to',
        `${what(this.remote.number)} (${code}${phrase ? ` ${phrase}` : ''}).`,
      ),
      code,
    );
  }

  #transition(
    to: PhoneCallState,
    reason: PhoneCallReason,
    extra: { error?: Error; statusCode?: number } = {},
  ): void {
    const from = this.#state;
    if (!PHONE_CALL_TRANSITIONS[from].includes(to)) return;
    this.#state = to;
    this.#last = { from, to, reason, ...extra };
    this.#host.changed(this, this.#last);
    this.safeEmit('state-change', this.#last);
    this.safeEmit('update');
  }

  #end(reason: PhoneCallReason, error?: Error, statusCode?: number): void {
    if (this.#state === 'ended') return;
    clearTimeout(this.#ringTimer);
    this.#endedAt = Date.now();
    this.#stopMicrophone();
    this.#input?.dispose();
    this.#output?.dispose();
    this.#input = undefined;
    this.#output = undefined;
    if (this.#audio !== undefined) this.#audio.srcObject = null;
    this.#transition('ended', reason, {
      ...(error === undefined ? {} : { error }),
      ...(statusCode === undefined ? {} : { statusCode }),
    });
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.reject(
      error ?? new CallFailedError('cancelled', 'to', `The call ended before it was answered (${reason}).`),
    );
  }
}

const REFUSALS: Readonly<
  Record<SipRefusal, [PhoneCallReason, CallFailedError['reason'], (number: string) => string]>
> = {
  busy: ['busy', 'busy', (n) => `${n} is busy`],
  declined: ['declined', 'busy', (n) => `${n} declined the call`],
  'not-found': ['not-found', 'unavailable', (n) => `${n} does not exist on the PBX: check the number`],
  'no-answer': ['no-answer', 'no-answer', (n) => `${n} did not answer`],
  refused: [
    'unavailable',
    'failed',
    (n) => `The PBX would not let this extension call ${n}: check its dial plan`,
  ],
  unavailable: ['unavailable', 'unavailable', (n) => `${n} is not available right now`],
  failed: ['unavailable', 'failed', (n) => `The PBX could not connect the call to ${n}`],
};
