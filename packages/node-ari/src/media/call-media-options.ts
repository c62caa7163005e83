import { ValidationError, type ValidationProblem } from '@aipbx/core';
import { isMediaFormat, type MediaFormat, type MediaListen } from '@aipbx/media';

/** How the audio travels between Asterisk and the app. */
export type MediaTransportKind = 'websocket' | 'audiosocket' | 'rtp';

/** Options of `call.media()`. */
export interface CallMediaOptions {
  /** Audio format both ways. Default `slin16` (PCM16LE, 16 kHz, mono). */
  format?: MediaFormat;
  /**
   * Default `websocket`: the app connects to Asterisk's own HTTP(S) port (chan_websocket), so no
   * port opens on the app's host and it works through NAT.
   */
  transport?: MediaTransportKind;
  /** Assistant audio queued beyond this many ms makes `write()` return false until `'drain'`. Default 2000. */
  maxQueueMs?: number;
  /** Caller frames kept for a reader that falls behind; later ones are dropped past it. Default 50 (1 s). */
  maxReadFrames?: number;
  /** Keep sending silence while nothing is queued (a continuous stream). Default false. */
  sendSilence?: boolean;
  /** Longest wait for the media connection to start, ms. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * Where the app listens for `audiosocket` (TCP) and `rtp` (UDP): an address Asterisk can reach
   * and a port range, one port per concurrent call. Required for those transports.
   */
  listen?: MediaListen;
}

/** {@link CallMediaOptions} with every default applied. */
export type ResolvedCallMediaOptions = Required<Omit<CallMediaOptions, 'listen'>> & { listen?: MediaListen };

function whole(problems: ValidationProblem[], field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push({ field, message: `must be a whole number from ${min} to ${max}` });
  }
}

/**
 * Checks `options` and applies the defaults.
 *
 * @throws ValidationError listing every problem.
 */
export function resolveCallMediaOptions(options: CallMediaOptions = {}): ResolvedCallMediaOptions {
  const problems: ValidationProblem[] = [];
  if (typeof options !== 'object' || options === null) {
    throw new ValidationError('call media options', [{ field: 'options', message: 'must be an object' }]);
  }
  if (options.format !== undefined && !isMediaFormat(options.format)) {
    problems.push({ field: 'format', message: "must be 'slin16', 'slin', 'ulaw' or 'alaw'" });
  }
  if (options.transport !== undefined && !['websocket', 'audiosocket', 'rtp'].includes(options.transport)) {
    problems.push({ field: 'transport', message: "must be 'websocket', 'audiosocket' or 'rtp'" });
  }
  whole(problems, 'maxQueueMs', options.maxQueueMs, 100, 60_000);
  whole(problems, 'maxReadFrames', options.maxReadFrames, 1, 3000);
  whole(problems, 'connectTimeoutMs', options.connectTimeoutMs, 100, 60_000);
  if (options.sendSilence !== undefined && typeof options.sendSilence !== 'boolean') {
    problems.push({ field: 'sendSilence', message: 'must be true or false' });
  }
  const transport = options.transport ?? 'websocket';
  const format = options.format ?? 'slin16';
  if (transport === 'rtp' && format === 'slin16') {
    problems.push({
      field: 'format',
      message:
        "Asterisk's RTP externalMedia channel does not take 16 kHz linear PCM back (its payload type is not mapped for receiving): use 'slin', 'ulaw' or 'alaw' over RTP, or the websocket or audiosocket transport for 'slin16'",
    });
  }
  if (transport === 'audiosocket' && (format === 'ulaw' || format === 'alaw')) {
    problems.push({
      field: 'format',
      message: "AudioSocket carries linear PCM only: use 'slin16' or 'slin'",
    });
  }
  if (transport === 'audiosocket' || transport === 'rtp') {
    const l = options.listen;
    if (l === undefined || typeof l !== 'object') {
      problems.push({
        field: 'listen',
        message: `the ${transport} transport needs listen: { host, portMin, portMax } — where Asterisk reaches the app`,
      });
    } else {
      if (typeof l.host !== 'string' || l.host === '')
        problems.push({ field: 'listen.host', message: 'must be an address to bind, such as 0.0.0.0' });
      if (l.advertise !== undefined && (typeof l.advertise !== 'string' || l.advertise === '')) {
        problems.push({
          field: 'listen.advertise',
          message: 'must be the address Asterisk reaches the app at',
        });
      }
      whole(problems, 'listen.portMin', l.portMin, 1024, 65535);
      whole(problems, 'listen.portMax', l.portMax, 1024, 65535);
      if (typeof l.portMin === 'number' && typeof l.portMax === 'number' && l.portMin > l.portMax) {
        problems.push({ field: 'listen.portMax', message: 'must not be below portMin' });
      }
      if (l.portMin === undefined) problems.push({ field: 'listen.portMin', message: 'is required' });
      if (l.portMax === undefined) problems.push({ field: 'listen.portMax', message: 'is required' });
      if ((l.host === '0.0.0.0' || l.host === '::') && l.advertise === undefined) {
        problems.push({
          field: 'listen.advertise',
          message: `is required when binding ${l.host}: Asterisk needs an address it can reach`,
        });
      }
    }
  }
  if (problems.length > 0) throw new ValidationError('call media options', problems);
  return {
    format,
    transport,
    ...(options.listen === undefined ? {} : { listen: options.listen }),
    maxQueueMs: options.maxQueueMs ?? 2000,
    maxReadFrames: options.maxReadFrames ?? 50,
    sendSilence: options.sendSilence ?? false,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
  };
}
