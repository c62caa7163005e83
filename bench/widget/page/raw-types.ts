/** The raw sip.js page's handle for the bench (hang up, wait for the pre-warmed connection). */
export interface RawSipjsHandle {
  /** Resolves when the user agent's WebSocket is connected (after a hover started it). */
  ready(): Promise<void>;
  /** Ends the call (BYE, or CANCEL before the answer) and stops the user agent. */
  hangup(): Promise<void>;
  /** The assistant's audio, once the call is up. */
  remoteStream?: MediaStream;
}

/** The global the raw page keeps its handle in. */
export const RAW_GLOBAL = 'rawSipjs';
