/**
 * A conversation over the media bridge: every frame the caller sends goes through the AI hook, and
 * what it returns is played back, until the caller presses the stop key, hangs up, or time is up.
 */
import type { Call, CallMedia } from '@aipbx/node-ari';
import { type AiContext, aiRespond, type DemoLanguage } from './ai-hook.js';
import { rms } from './audio-level.js';

/** Why a conversation ended: the stop key, its time limit, or the call ended. */
export type ConversationEnd = 'key' | 'time' | 'hangup';

/** What a conversation carried. */
export interface ConversationStats {
  /** The caller's 20 ms frames the app received (and handed to the AI hook). */
  framesIn: number;
  /** The frames sent to the caller (what the AI hook returned, paced in 20 ms frames). */
  framesOut: number;
  /** The mean of the RMS levels of the caller's frames, on the 16-bit scale (0 for silence). */
  rmsIn: number;
  /** From the media being open to its end, ms. */
  durationMs: number;
  /** Why it ended. */
  endedBy: ConversationEnd;
}

/** Options of {@link converse}. */
export interface ConversationOptions {
  /** The caller's language, passed to the AI hook. */
  language: DemoLanguage;
  /** The longest the conversation may last, ms. */
  maxMs: number;
  /** The key that ends it. Default `#`. */
  stopKey?: string;
  /** Called once the media is open and the caller's audio flows to the AI hook. */
  onOpen?: () => void;
  /** The AI hook. Default {@link aiRespond}. */
  respond?: (pcm: Int16Array, context: AiContext) => Promise<Int16Array>;
}

/**
 * Opens the call's media (`slin16`, 16 kHz) and runs the conversation; resolves with its numbers
 * once the media is closed. The call itself goes on. Digits pressed during it stay queued for
 * `collectDtmf`: clear them after, if they should not count.
 *
 * @throws what `call.media()` throws (the call ended, Asterisk refused), and what the AI hook throws
 *   (the media is closed first).
 */
export async function converse(call: Call, options: ConversationOptions): Promise<ConversationStats> {
  const respond = options.respond ?? aiRespond;
  const stopKey = options.stopKey ?? '#';
  const media = await call.media({ format: 'slin16' });
  const opened = performance.now();
  const controller = new AbortController();
  let endedBy: ConversationEnd | undefined;
  const stop = (reason: ConversationEnd) => {
    endedBy ??= reason;
    controller.abort();
    void media.close();
  };
  const onDigit = (digit: string) => {
    if (digit === stopKey) stop('key');
  };
  call.on('dtmf', onDigit);
  const timer = setTimeout(() => stop('time'), options.maxMs);
  const context: AiContext = {
    callId: call.id,
    language: options.language,
    signal: controller.signal,
    interrupt: () => media.flush(),
  };
  let framesIn = 0;
  let levels = 0;
  try {
    options.onOpen?.();
    for await (const chunk of media) {
      const frame = toSamples(chunk as Buffer);
      framesIn++;
      levels += rms(frame);
      const reply = await respond(frame, context);
      if (reply.length > 0) play(media, reply);
    }
  } finally {
    clearTimeout(timer);
    call.off('dtmf', onDigit);
    controller.abort();
    await media.close();
  }
  return {
    framesIn,
    framesOut: media.stats.framesOut,
    rmsIn: framesIn === 0 ? 0 : levels / framesIn,
    durationMs: Math.round(performance.now() - opened),
    endedBy: endedBy ?? 'hangup',
  };
}

/** A copy of a frame's little-endian 16-bit samples (the frame's bytes may sit at an odd offset). */
function toSamples(frame: Buffer): Int16Array {
  const samples = new Int16Array(frame.byteLength >> 1);
  new Uint8Array(samples.buffer).set(frame.subarray(0, samples.byteLength));
  return samples;
}

/**
 * Queues PCM for the caller. The queue is bounded by the media's `maxQueueMs`; past it `write`
 * returns false and keeps the audio anyway, which is fine for replies that come no faster than
 * the caller speaks. A model that produces audio faster should wait for `'drain'`.
 */
function play(media: CallMedia, pcm: Int16Array): void {
  if (media.endReason !== undefined) return;
  media.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
}
