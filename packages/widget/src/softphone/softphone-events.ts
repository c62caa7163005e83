import type { PhoneCallReason } from '../phone/phone-call-state.js';
import type { RegistrationReason } from '../phone/registration-state.js';

/** `aipbx-registered`'s detail: the extension is registered, calls to it ring here. */
export interface SoftphoneRegisteredDetail {
  extension: string;
}

/** `aipbx-unregistered`'s detail: the extension is no longer (or not yet) registered. */
export interface SoftphoneUnregisteredDetail {
  extension: string;
  /** `failed`: the PBX refused the credentials or the extension (no retry); else `unregistered`. */
  state: 'unregistered' | 'failed';
  reason: RegistrationReason;
  /** What went wrong, for developers (English); `''` when stopped on purpose. Never the password. */
  message: string;
  /** Whether the softphone will try again by itself (after a dropped connection). */
  willRetry: boolean;
}

/** `aipbx-incoming`'s detail: a call rings here. */
export interface SoftphoneIncomingDetail {
  /** The call's id, as in `element.calls` (`PhoneCall.id`). */
  callId: string;
  /** The caller's number or extension, `''` when withheld. */
  number: string;
  displayName?: string;
}

/** The softphone's `aipbx-call-start` detail: a call was answered (either direction). */
export interface SoftphoneCallStartDetail {
  callId: string;
  direction: 'incoming' | 'outgoing';
  number: string;
  displayName?: string;
}

/** The softphone's `aipbx-call-end` detail: a call ended, answered or not. */
export interface SoftphoneCallEndDetail {
  callId: string;
  direction: 'incoming' | 'outgoing';
  number: string;
  /** How it ended: `local-hangup`, `remote-hangup`, `missed`, `busy`, `transferred`… */
  reason: PhoneCallReason;
  /** How long it was answered for, ms (0 if it never was). */
  durationMs: number;
  /** For a failed ending: what went wrong (English). */
  message?: string;
}

/**
 * Why the softphone fired `aipbx-error`: `misconfigured` (the attributes or `password` were
 * refused; reported once until they change), `load-failed` (the softphone chunk could not be
 * downloaded), `call-failed` (placing or answering a call), `transfer-failed`, `action-failed`
 * (hold, resume, DTMF). A registration that fails is reported by `aipbx-unregistered`.
 */
export type SoftphoneErrorReason =
  | 'misconfigured'
  | 'load-failed'
  | 'call-failed'
  | 'transfer-failed'
  | 'action-failed';

/** The softphone's `aipbx-error` detail. */
export interface SoftphoneErrorDetail {
  reason: SoftphoneErrorReason;
  /** What was wrong, for developers (English). Never the password. */
  message: string;
}

/**
 * The events of `<aipbx-softphone>`, as its `addEventListener` types them. `aipbx-call-start`,
 * `aipbx-call-end` and `aipbx-error` share their names with `<aipbx-call>`'s, so the document-wide
 * `HTMLElementEventMap` types those with `<aipbx-call>`'s details; on the softphone element itself
 * they carry these.
 */
export interface AipbxSoftphoneEventMap
  extends Omit<HTMLElementEventMap, 'aipbx-call-start' | 'aipbx-call-end' | 'aipbx-error'> {
  'aipbx-registered': CustomEvent<SoftphoneRegisteredDetail>;
  'aipbx-unregistered': CustomEvent<SoftphoneUnregisteredDetail>;
  'aipbx-incoming': CustomEvent<SoftphoneIncomingDetail>;
  'aipbx-call-start': CustomEvent<SoftphoneCallStartDetail>;
  'aipbx-call-end': CustomEvent<SoftphoneCallEndDetail>;
  'aipbx-error': CustomEvent<SoftphoneErrorDetail>;
}
