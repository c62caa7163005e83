import type { Session, UserAgentDelegate, UserAgentOptions } from 'sip.js';
import { defaultSessionDescriptionHandlerFactory } from 'sip.js/lib/platform/web/session-description-handler/session-description-handler-factory-default.js';

/** What differs between the engines' user agents. */
export interface BrowserUserAgentSettings {
  server: string;
  connectTimeoutMs: number;
  iceGatheringTimeoutMs: number;
  iceServers: readonly RTCIceServer[] | undefined;
  userAgentString: string;
  /** The microphone a session sends (rejects when there is none). */
  microphone(session: Session): MediaStream | undefined;
  delegate: UserAgentDelegate;
}

/**
 * sip.js user agent options both engines share: the WebSocket (15 s keep-alive), WebRTC with one
 * bundled transport and a bounded ICE gathering, no sip.js logging (nothing to print to a
 * visitor's console), and the session's microphone as its media stream.
 */
export function browserUserAgentOptions(settings: BrowserUserAgentSettings): UserAgentOptions {
  return {
    transportOptions: {
      server: settings.server,
      connectionTimeout: Math.ceil(settings.connectTimeoutMs / 1000),
      keepAliveInterval: 15,
    },
    sessionDescriptionHandlerFactory: (session, options) =>
      defaultSessionDescriptionHandlerFactory(() => {
        const stream = settings.microphone(session);
        return stream === undefined
          ? Promise.reject(new Error('no microphone stream'))
          : Promise.resolve(stream);
      })(session, options),
    sessionDescriptionHandlerFactoryOptions: {
      iceGatheringTimeout: settings.iceGatheringTimeoutMs,
      peerConnectionConfiguration: {
        iceServers: [...(settings.iceServers ?? [])],
        bundlePolicy: 'max-bundle',
      },
    },
    logBuiltinEnabled: false,
    logLevel: 'error',
    userAgentString: settings.userAgentString,
    delegate: settings.delegate,
  };
}
