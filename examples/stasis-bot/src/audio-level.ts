/** Loudness of PCM, for the demo's statistics and for speech detection of your own. */

/** Root mean square of 16-bit samples: 0 for silence, about 23 000 for a full-scale sine. */
export function rms(pcm: Int16Array): number {
  if (pcm.length === 0) return 0;
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return Math.sqrt(sum / pcm.length);
}
