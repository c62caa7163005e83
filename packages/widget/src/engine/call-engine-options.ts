import { isValidAssistantId, isValidSipUser, ValidationError, type ValidationProblem } from '@aipbx/core';

/** How DTMF digits are sent: in the media as RFC 2833/4733 events, or as SIP INFO requests. */
export type DtmfMode = 'rfc2833' | 'info';

/** Configuration of a {@link CallEngine}. Only `server` and `target` are required. */
export interface CallEngineOptions {
  /**
   * The PBX's SIP over WebSocket URL, `wss://host:8089/ws` (the PBX's `wssUrl`). `ws://` is
   * accepted only for localhost: browsers block it from https pages.
   */
  server: string;
  /**
   * Whom to call: a SIP URI (`sip:pizza-order@pbx.example.com`) or an extension or assistant name
   * (`pizza-order`, `100`), which is called at the server's host.
   */
  target: string;
  /**
   * The SIP user the browser calls as: the widget's public endpoint (`Widget.sipUri`, e.g.
   * `support-webrtc`). Without it the call is anonymous, which the PBX must allow.
   */
  user?: string;
  /** Sent as the caller's display name. */
  displayName?: string;
  /** Sent as the `X-Assistant-Id` header (see `headers` for others). */
  assistantId?: string;
  /**
   * Digest credentials, for endpoints that require them (an operator's softphone). A public
   * widget never has any: its endpoint reaches only the assistant. Never logged.
   */
  credentials?: { username: string; password: string };
  /** Extra SIP headers on the INVITE, e.g. `{ 'X-Campaign': 'spring' }`. Names must start with `X-`. */
  headers?: Readonly<Record<string, string>>;
  /** STUN/TURN servers for ICE. Default none: fine on loopback and LANs; real networks need TURN. */
  iceServers?: readonly RTCIceServer[];
  /**
   * Longest wait for ICE candidate gathering before the offer is sent with what was gathered, in
   * ms. Default 2000 (sip.js waits 5000, and an unreachable STUN server can stall a call that long).
   */
  iceGatheringTimeoutMs?: number;
  /** Longest wait for the WebSocket to open, in ms. Default 10000. */
  connectTimeoutMs?: number;
  /** Longest wait for the answer after the INVITE, in ms. Default 60000. */
  answerTimeoutMs?: number;
  /**
   * How long a call may stay `reconnecting` (WebSocket back, ICE restarted) before it fails with
   * `network-lost`, in ms. Default 20000.
   */
  reconnectTimeoutMs?: number;
  /** How DTMF is sent. Default `rfc2833`, what Asterisk's WebRTC endpoints expect. */
  dtmf?: DtmfMode;
  /** Microphone to use (a `MediaDeviceInfo.deviceId`); default the system's. */
  inputDeviceId?: string;
  /** Speaker to play the call on (`HTMLMediaElement.setSinkId`); default the system's. */
  outputDeviceId?: string;
  /**
   * Where the assistant's voice plays. By default the engine creates a detached `<audio>`
   * element; pass one to control it (it is never attached to the document by the engine).
   */
  audioElement?: HTMLAudioElement;
  /** Quality thresholds past which `quality-warning` fires; see {@link QualityThresholds}. */
  qualityThresholds?: Partial<QualityThresholds>;
}

/**
 * When a metric is "bad". A warning fires after the metric stays past its threshold for
 * `sustainSeconds` consecutive samples (one per second), and clears once it is back.
 */
export interface QualityThresholds {
  /** Round-trip time, ms. Default 400. */
  rttMs: number;
  /** Jitter of received audio, ms. Default 30. */
  jitterMs: number;
  /** Received packets lost in the last second, percent. Default 3. */
  lossPercent: number;
  /** Seconds a metric must stay bad before the warning. Default 3. */
  sustainSeconds: number;
}

/** Defaults of {@link QualityThresholds}. */
export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = {
  rttMs: 400,
  jitterMs: 30,
  lossPercent: 3,
  sustainSeconds: 3,
};

/** Options with every default applied and the target made a full SIP URI. */
export interface ResolvedCallEngineOptions
  extends Required<
    Pick<
      CallEngineOptions,
      | 'server'
      | 'iceGatheringTimeoutMs'
      | 'connectTimeoutMs'
      | 'answerTimeoutMs'
      | 'reconnectTimeoutMs'
      | 'dtmf'
    >
  > {
  readonly source: CallEngineOptions;
  /** `sip:target@host`. */
  readonly targetUri: string;
  /** `sip:user@host`, or an anonymous address. */
  readonly fromUri: string;
  readonly headers: readonly string[];
  readonly thresholds: QualityThresholds;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const TOKEN = /^[A-Za-z0-9\-_.!~*'()&=+$,;?/]+$/;
const HEADER_NAME = /^X-[A-Za-z0-9-]{1,64}$/i;
// Printable ASCII and any non-ASCII letter, no CR, LF or other controls.
const HEADER_VALUE = /^[^\p{Cc}]{1,256}$/u;

/** @internal A problem unless `value` is undefined or a whole number of ms in [min, max]. */
export function timeoutProblem(
  problems: ValidationProblem[],
  field: string,
  value: unknown,
  min: number,
  max: number,
): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push({
      field,
      message: `${field} must be a whole number of milliseconds from ${min} to ${max}`,
    });
  }
}

/**
 * The defaults with the given thresholds over them. A key given as `undefined` keeps its default
 * (spread as is, it would silently turn that warning off: nothing is `>` undefined).
 */
function resolveThresholds(problems: ValidationProblem[], given: unknown): QualityThresholds {
  const thresholds = { ...DEFAULT_QUALITY_THRESHOLDS };
  if (given === undefined) return thresholds;
  if (typeof given !== 'object' || given === null) {
    problems.push({
      field: 'qualityThresholds',
      message: 'qualityThresholds must be an object like { rttMs: 400, jitterMs: 30, lossPercent: 3 }',
    });
    return thresholds;
  }
  const limits: Record<keyof QualityThresholds, [min: number, max: number, integer: boolean, unit: string]> =
    {
      rttMs: [0, 60_000, false, 'milliseconds'],
      jitterMs: [0, 60_000, false, 'milliseconds'],
      lossPercent: [0, 100, false, 'percent'],
      sustainSeconds: [1, 3600, true, 'seconds'],
    };
  for (const [key, [min, max, integer, unit]] of Object.entries(limits) as [
    keyof QualityThresholds,
    (typeof limits)[keyof QualityThresholds],
  ][]) {
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      (integer && !Number.isInteger(value)) ||
      value < min ||
      value > max
    ) {
      problems.push({
        field: `qualityThresholds.${key}`,
        message: `qualityThresholds.${key} must be ${integer ? 'a whole number' : 'a number'} of ${unit} from ${min} to ${max}`,
      });
    } else {
      thresholds[key] = value;
    }
  }
  return thresholds;
}

/** @internal The PBX's SIP WebSocket URL, checked (wss://, or ws:// on localhost; no credentials). */
export function parseServer(problems: ValidationProblem[], server: unknown): URL | undefined {
  const how = 'write the PBX’s SIP WebSocket URL, such as wss://pbx.example.com:8089/ws';
  if (typeof server !== 'string' || server === '') {
    problems.push({ field: 'server', message: `server is required: ${how}` });
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    problems.push({ field: 'server', message: `server is not a URL: ${how}` });
    return undefined;
  }
  if (url.protocol === 'ws:' && !LOCAL_HOSTS.has(url.hostname)) {
    problems.push({
      field: 'server',
      message:
        'server must use wss://: browsers block ws:// from https pages; ws:// is accepted only for localhost',
    });
  } else if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    problems.push({ field: 'server', message: `server must be a wss:// URL: ${how}` });
  } else if (url.username !== '' || url.password !== '') {
    problems.push({
      field: 'server',
      message: 'server must not contain a user name or password: every visitor would see them',
    });
  } else {
    return url;
  }
  return undefined;
}

/** @internal `target` as a full SIP URI: a SIP URI as is, or a name / extension at `host`. */
export function targetUri(
  problems: ValidationProblem[],
  target: unknown,
  host: string | undefined,
  field = 'target',
  how = 'a SIP URI such as sip:pizza-order@pbx.example.com, or an assistant name or extension such as 100',
): string {
  if (typeof target !== 'string' || target === '') {
    problems.push({ field, message: `${field} is required: ${how}` });
    return '';
  }
  const match = /^sips?:([^@\s]+)@([A-Za-z0-9.\-[\]:]+)$/.exec(target);
  if (match !== null) {
    if (!TOKEN.test(match[1] ?? ''))
      problems.push({
        field,
        message: `${field}'s user part has characters SIP does not allow: use ${how}`,
      });
    return target;
  }
  if (!TOKEN.test(target) || target.includes('@')) {
    problems.push({ field, message: `${field} must be ${how}` });
    return '';
  }
  return `sip:${target}@${host ?? 'invalid'}`;
}

/** @internal A display name: 1–64 characters on one line. */
export function displayNameProblems(problems: ValidationProblem[], displayName: unknown): void {
  if (
    displayName !== undefined &&
    (typeof displayName !== 'string' || !HEADER_VALUE.test(displayName) || displayName.length > 64)
  ) {
    problems.push({ field: 'displayName', message: 'displayName must be 1–64 characters on one line' });
  }
}

/** @internal ICE servers (an array) and the DTMF mode, as both engines take them. */
export function mediaProblems(
  problems: ValidationProblem[],
  options: { iceServers?: unknown; dtmf?: unknown },
): void {
  if (options.iceServers !== undefined && !Array.isArray(options.iceServers)) {
    problems.push({
      field: 'iceServers',
      message: 'iceServers must be an array like [{ urls: "turn:turn.example.com", username, credential }]',
    });
  }
  if (options.dtmf !== undefined && options.dtmf !== 'rfc2833' && options.dtmf !== 'info') {
    problems.push({ field: 'dtmf', message: "dtmf must be 'rfc2833' or 'info'" });
  }
}

/**
 * @internal Extra INVITE headers as `Name: value` lines; names must start with `X-`, values be one
 * line. `reserved`, when given, is a header name set elsewhere and refused here.
 */
export function headerLines(
  problems: ValidationProblem[],
  given: Readonly<Record<string, string>> | undefined,
  reserved?: { name: string; message: string },
): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(given ?? {})) {
    if (!HEADER_NAME.test(name)) {
      problems.push({
        field: `headers.${name}`,
        message: 'header names must start with X- and hold only Latin letters, digits and "-"',
      });
    } else if (typeof value !== 'string' || !HEADER_VALUE.test(value)) {
      problems.push({
        field: `headers.${name}`,
        message: 'header values must be 1–256 characters with no line breaks or control characters',
      });
    } else if (reserved !== undefined && name.toLowerCase() === reserved.name.toLowerCase()) {
      problems.push({ field: `headers.${name}`, message: reserved.message });
    } else {
      lines.push(`${name}: ${value}`);
    }
  }
  return lines;
}

/**
 * Checks `options` and applies the defaults.
 *
 * @throws ValidationError (`INVALID_INPUT`) listing every problem at once.
 */
export function resolveCallEngineOptions(options: CallEngineOptions): ResolvedCallEngineOptions {
  const problems: ValidationProblem[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('call engine options', [
      { field: 'options', message: 'expected an object with at least server and target' },
    ]);
  }
  const server = parseServer(problems, options.server);
  const host = server?.hostname;
  const target = targetUri(problems, options.target, host);
  if (options.user !== undefined && !isValidSipUser(options.user)) {
    problems.push({
      field: 'user',
      message:
        'user must be the widget’s SIP user: Latin letters, digits, "-", "_" and ".", such as support-webrtc',
    });
  }
  if (options.assistantId !== undefined && !isValidAssistantId(options.assistantId)) {
    problems.push({
      field: 'assistantId',
      message: 'assistantId must be an assistant id: Latin letters, digits, "-" and "_", such as pizza-order',
    });
  }
  displayNameProblems(problems, options.displayName);
  const c = options.credentials;
  if (
    c !== undefined &&
    (typeof c?.username !== 'string' ||
      c.username === '' ||
      typeof c.password !== 'string' ||
      c.password === '')
  ) {
    problems.push({
      field: 'credentials',
      message: 'credentials must have a non-empty username and password',
    });
  }
  const headers: string[] = [];
  if (options.assistantId !== undefined) headers.push(`X-Assistant-Id: ${options.assistantId}`);
  headers.push(
    ...headerLines(
      problems,
      options.headers,
      options.assistantId === undefined
        ? undefined
        : { name: 'X-Assistant-Id', message: 'give the assistant id once: as assistantId or as this header' },
    ),
  );
  mediaProblems(problems, options);
  const thresholds = resolveThresholds(problems, options.qualityThresholds);
  timeoutProblem(problems, 'iceGatheringTimeoutMs', options.iceGatheringTimeoutMs, 0, 30_000);
  timeoutProblem(problems, 'connectTimeoutMs', options.connectTimeoutMs, 100, 120_000);
  timeoutProblem(problems, 'answerTimeoutMs', options.answerTimeoutMs, 1000, 600_000);
  timeoutProblem(problems, 'reconnectTimeoutMs', options.reconnectTimeoutMs, 1000, 300_000);
  if (problems.length > 0) throw new ValidationError('call engine options', problems);
  return {
    source: options,
    server: options.server,
    targetUri: target,
    fromUri: options.user === undefined ? 'sip:anonymous@anonymous.invalid' : `sip:${options.user}@${host}`,
    headers,
    iceGatheringTimeoutMs: options.iceGatheringTimeoutMs ?? 2000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    answerTimeoutMs: options.answerTimeoutMs ?? 60_000,
    reconnectTimeoutMs: options.reconnectTimeoutMs ?? 20_000,
    dtmf: options.dtmf ?? 'rfc2833',
    thresholds,
  };
}
