/**
 * What the demo assistant reports, one event per step of a call: the demo prints them, tests and
 * self-checks wait for them.
 */
import type { Caller } from '@aipbx/node-ari';
import type { DemoLanguage } from './ai-hook.js';
import type { ConversationEnd } from './conversation.js';

/** A call for one of the assistant's assistants was answered. */
export interface DemoCallEvent {
  callId: string;
  /** The assistant the dialplan chose (`Stasis(app,<assistant id>)`). */
  assistantId: string;
  /** Caller id as Asterisk knows it. */
  caller: Caller;
  /** The language the call is served in. */
  language: DemoLanguage;
}

/** The menu starts (`round` counts from 1): a key the caller presses from now on is the choice. */
export interface DemoMenuEvent {
  callId: string;
  round: number;
}

/** The caller chose a menu option: any key, valid or not. */
export interface DemoChoiceEvent {
  callId: string;
  digit: string;
}

/** The caller's audio is being taken: the echo's media is open, or the recording has started. */
export interface DemoListeningEvent {
  callId: string;
  mode: 'echo' | 'record';
}

/** An echo (a conversation through the AI hook) ended. */
export interface DemoEchoEvent {
  callId: string;
  /** The caller's 20 ms frames the bot received. */
  framesIn: number;
  /** The frames the bot sent back. */
  framesOut: number;
  /** The mean RMS level of the caller's frames (16-bit scale; 0 is silence). */
  rmsIn: number;
  /** How long the media was open, ms. */
  durationMs: number;
  /** `key` (`#`), `time` (the limit) or `hangup`. */
  endedBy: ConversationEnd;
}

/** The caller recorded a message. */
export interface DemoRecordedEvent {
  callId: string;
  /** The ARI stored recording's name (`client.recordings.getStoredFile({ recordingName })`). */
  name: string;
  /** Where the message is served: what the `messageUrl` option made of the name. */
  url: string;
  /** From the start of recording (after the beep) to its end, ms. */
  durationMs: number;
}

/** The caller was connected to an operator (who answered). */
export interface DemoTransferredEvent {
  callId: string;
  /** The operator's extension (PJSIP endpoint). */
  extension: string;
}

/**
 * Why a call ended:
 * - `goodbye` — the caller chose 0;
 * - `no-input` — two menu rounds passed without a key;
 * - `transferred` — the call ended after it was handed to an operator;
 * - `hangup` — the caller hung up;
 * - `error` — something failed; the caller heard an apology and was hung up;
 * - `stopped` — the assistant was closed;
 * - `lost` — the connection to Asterisk was lost and the call was gone when it came back;
 * - `left` — the channel left the Stasis app (another app or the dialplan took it).
 */
export type DemoEndReason =
  | 'goodbye'
  | 'no-input'
  | 'transferred'
  | 'hangup'
  | 'error'
  | 'stopped'
  | 'lost'
  | 'left';

/** A call ended. */
export interface DemoEndEvent {
  callId: string;
  reason: DemoEndReason;
}

/** Something failed: in one call (`callId`), or in the connection to Asterisk (no `callId`). */
export interface DemoErrorEvent {
  callId?: string;
  error: Error;
}

/** The events of the demo assistant (`startDemoAssistant`), by name. */
export interface DemoAssistantEvents {
  call: (event: DemoCallEvent) => void;
  menu: (event: DemoMenuEvent) => void;
  choice: (event: DemoChoiceEvent) => void;
  listening: (event: DemoListeningEvent) => void;
  echo: (event: DemoEchoEvent) => void;
  recorded: (event: DemoRecordedEvent) => void;
  transferred: (event: DemoTransferredEvent) => void;
  end: (event: DemoEndEvent) => void;
  error: (event: DemoErrorEvent) => void;
}
