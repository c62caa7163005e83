import { isValidSipUser, ValidationError, type ValidationProblem } from '@aipbx/core';
import type { DtmfMode } from '../engine/call-engine-options.js';
import {
  displayNameProblems,
  mediaProblems,
  parseServer,
  timeoutProblem,
} from '../engine/call-engine-options.js';

/**
 * Configuration of a {@link PhoneEngine}: the operator's extension and its WebSocket password.
 * Only `server`, `extension` and `password` are required.
 */
export interface PhoneOptions {
  /**
   * The PBX's SIP over WebSocket URL, `wss://host:8089/ws`. `ws://` is accepted only for
   * localhost: browsers block it from https pages.
   */
  server: string;
  /** The operator's extension, `201`: the SIP user the softphone registers as. */
  extension: string;
  /**
   * The extension's WebSocket password: the fifth field of its `SIP_USERS` entry
   * (`201:deskPass:201:Anna:wsPass`), which makes it a WebRTC endpoint. Never logged, never in a URL.
   */
  password: string;
  /** The name to authenticate as, when it differs from the extension. Default the extension. */
  username?: string;
  /** Shown to the people the operator calls. */
  displayName?: string;
  /** The SIP domain of the extension. Default the server's host. */
  domain?: string;
  /** STUN/TURN servers for ICE. Default none: fine on loopback and LANs; real networks need TURN. */
  iceServers?: readonly RTCIceServer[];
  /**
   * How long a registration lasts, in seconds; the softphone renews it at half that. Default 300.
   * The PBX may shorten it (Asterisk's `maximum_expiration`).
   */
  registerExpiresSeconds?: number;
  /** Longest wait for the WebSocket to open, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Longest wait for ICE candidate gathering, in ms. Default 2000. */
  iceGatheringTimeoutMs?: number;
  /** Longest wait for an outgoing call to be answered, in ms. Default 60000. */
  ringTimeoutMs?: number;
  /**
   * How long a call may wait for the WebSocket to come back after it dropped (the call's audio
   * carries on meanwhile) before it is hung up with `network-lost`, in ms. Default 30000.
   */
  reconnectTimeoutMs?: number;
  /**
   * Calls the softphone holds at once, counting a ringing one. A further incoming call is
   * refused as busy (486). Default 2: one in progress and one waiting or on hold. 1 to 8.
   */
  maxCalls?: number;
  /** How DTMF is sent. Default `rfc2833`, what Asterisk's WebRTC endpoints expect. */
  dtmf?: DtmfMode;
  /** Microphone to use (a `MediaDeviceInfo.deviceId`); default the system's. */
  inputDeviceId?: string;
  /** Speaker to play calls on (`HTMLMediaElement.setSinkId`); default the system's. */
  outputDeviceId?: string;
}

/** Options with every default applied. */
export interface ResolvedPhoneOptions
  extends Required<
    Pick<
      PhoneOptions,
      | 'server'
      | 'extension'
      | 'password'
      | 'username'
      | 'registerExpiresSeconds'
      | 'connectTimeoutMs'
      | 'iceGatheringTimeoutMs'
      | 'ringTimeoutMs'
      | 'reconnectTimeoutMs'
      | 'maxCalls'
      | 'dtmf'
    >
  > {
  readonly source: PhoneOptions;
  /** The host calls are addressed to: the domain, else the server's host. */
  readonly domain: string;
  /** `sip:extension@domain`. */
  readonly aor: string;
}

/**
 * Checks `options` and applies the defaults. The password is checked for presence only, and never
 * appears in a message.
 *
 * @throws ValidationError (`INVALID_INPUT`) listing every problem at once.
 */
export function resolvePhoneOptions(options: PhoneOptions): ResolvedPhoneOptions {
  const problems: ValidationProblem[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('softphone options', [
      { field: 'options', message: 'expected an object with server, extension and password' },
    ]);
  }
  const server = parseServer(problems, options.server);
  if (typeof options.extension !== 'string' || !isValidSipUser(options.extension)) {
    problems.push({
      field: 'extension',
      message:
        'extension is required: the operator’s extension, such as 201 (Latin letters, digits, "-", "_", ".")',
    });
  }
  if (typeof options.password !== 'string' || options.password === '') {
    problems.push({
      field: 'password',
      message:
        'password is required: the extension’s WebSocket password (the 5th field of its SIP_USERS entry)',
    });
  }
  if (
    options.username !== undefined &&
    (typeof options.username !== 'string' || !isValidSipUser(options.username))
  ) {
    problems.push({ field: 'username', message: 'username must be a SIP user name such as 201' });
  }
  displayNameProblems(problems, options.displayName);
  mediaProblems(problems, options);
  if (
    options.domain !== undefined &&
    (typeof options.domain !== 'string' ||
      !/^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$/.test(options.domain))
  ) {
    problems.push({ field: 'domain', message: 'domain must be a host name such as pbx.example.com' });
  }
  const expires = options.registerExpiresSeconds;
  if (expires !== undefined && (!Number.isInteger(expires) || expires < 60 || expires > 86_400)) {
    problems.push({
      field: 'registerExpiresSeconds',
      message: 'registerExpiresSeconds must be a whole number of seconds from 60 to 86400',
    });
  }
  const max = options.maxCalls;
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > 8)) {
    problems.push({ field: 'maxCalls', message: 'maxCalls must be a whole number from 1 to 8' });
  }
  timeoutProblem(problems, 'connectTimeoutMs', options.connectTimeoutMs, 100, 120_000);
  timeoutProblem(problems, 'iceGatheringTimeoutMs', options.iceGatheringTimeoutMs, 0, 30_000);
  timeoutProblem(problems, 'ringTimeoutMs', options.ringTimeoutMs, 1000, 600_000);
  timeoutProblem(problems, 'reconnectTimeoutMs', options.reconnectTimeoutMs, 1000, 300_000);
  if (problems.length > 0) throw new ValidationError('softphone options', problems);
  const domain = options.domain ?? (server as URL).hostname;
  return {
    source: options,
    server: options.server,
    extension: options.extension,
    password: options.password,
    username: options.username ?? options.extension,
    domain,
    aor: `sip:${options.extension}@${domain}`,
    registerExpiresSeconds: expires ?? 300,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    iceGatheringTimeoutMs: options.iceGatheringTimeoutMs ?? 2000,
    ringTimeoutMs: options.ringTimeoutMs ?? 60_000,
    reconnectTimeoutMs: options.reconnectTimeoutMs ?? 30_000,
    maxCalls: max ?? 2,
    dtmf: options.dtmf ?? 'rfc2833',
  };
}
