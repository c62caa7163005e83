import type { RecordingFormat } from '@aipbx/core';

/** Options of {@link StasisApp} (`client.app(name, options)`). */
export interface StasisAppOptions {
  /**
   * Where the calls' MixMonitor recordings are served, for {@link Call.recordingUrl}
   * (`https://{pbxAddress}/records/{assistantId}/{uniqueId}.{format}`, the publishing guide's form).
   * `pbxAddress` defaults to the client URL's host name, without its port (Asterisk's HTTP port is
   * not where recordings are served); `format` to `wav`. `false`: no `recordingUrl`. A bad
   * `pbxAddress` makes `client.app()` throw a `ValidationError`.
   */
  recordings?: { pbxAddress?: string; format?: RecordingFormat } | false;
  /** How long {@link Call.bridgeTo} lets the other endpoint ring, in seconds. Default 30. */
  ringTimeoutSeconds?: number;
}
