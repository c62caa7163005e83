/**
 * A website call button (seed: "Виджеты — WebRTC для сайта"). A visitor clicks it and talks to the
 * assistant from the browser over WebRTC.
 */
export interface Widget {
  /** Widget id, as in the embed code `https://aipbx.com/widget/{id}.js`. */
  id: string;
  /** Display name, e.g. "Виджет для сайта ТехноМастер". */
  name: string;
  /** Id of the assistant that answers. */
  assistant: string;
  /**
   * The SIP user the browser calls as (seed: "SIP URI для WebRTC", e.g. `support-webrtc`).
   * It becomes a public PJSIP endpoint without credentials, confined to the assistant context.
   */
  sipUri: string;
  /** Internal note. */
  comment?: string;
}
