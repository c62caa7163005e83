/**
 * The AI hook: the one function to replace with your model. Everything else in this example (the
 * Stasis app, the menu, the media bridge) stays as it is.
 */

/** A language the demo speaks: its prompts exist in these two. */
export type DemoLanguage = 'en' | 'ru';

/** Samples per second of the PCM {@link aiRespond} receives and returns (`slin16`). */
export const AI_SAMPLE_RATE = 16_000;

/** Milliseconds of caller audio in each call of {@link aiRespond}: one media-bridge frame. */
export const AI_FRAME_MS = 20;

/** What {@link aiRespond} knows about the call it serves. */
export interface AiContext {
  /** The call (Asterisk channel) id: key your model's session by it. */
  callId: string;
  /** The caller's language, from the `X-Language` SIP header or the channel's language. */
  language: DemoLanguage;
  /**
   * Aborts when the conversation ends: the caller pressed `#`, hung up, or the time limit passed.
   * Stop your model's work for this call when it fires.
   */
  signal: AbortSignal;
  /**
   * Drops the audio queued for the caller and not played yet, at once (barge-in). Call it when your
   * model reports that the caller started speaking over it. Returns the bytes dropped.
   */
  interrupt(): number;
}

// ════════════════════════════════════════════════════════════════════════════════════════════════
// ║  REPLACE THIS WITH YOUR AI                                                                     ║
// ════════════════════════════════════════════════════════════════════════════════════════════════
/**
 * The assistant's side of a conversation, one frame at a time.
 *
 * Called once for every 20 ms frame the caller sends (320 samples), in order, while the caller is
 * in the conversation (menu option 1). `pcm` is 16 kHz mono signed 16-bit linear PCM (`slin16`);
 * it is a fresh copy, yours to keep. Resolve with the audio to play to the caller now, in the same
 * format and of any length: an empty array when there is nothing to say yet. What you return is
 * queued and played on a steady 20 ms clock, so returning a whole sentence at once is fine.
 *
 * Resolve quickly: the next frame waits for this one. A real model works as a stream: send `pcm`
 * to your model's session (opened on the first frame of a `callId`, closed when `signal` aborts)
 * and return whatever audio it has produced since the previous call. Call `context.interrupt()`
 * when the model says the caller barged in.
 *
 * This stand-in echoes: the caller hears themselves as soon as the media bridge carries the audio back.
 */
export async function aiRespond(pcm: Int16Array, context: AiContext): Promise<Int16Array> {
  void context;
  return pcm;
}
// ════════════════════════════════════════════════════════════════════════════════════════════════
