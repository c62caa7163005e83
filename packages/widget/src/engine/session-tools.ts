import { AipbxError } from '@aipbx/core';
import type { Session } from 'sip.js';
import type {
  SessionDescriptionHandler,
  SessionDescriptionHandlerOptions,
} from 'sip.js/lib/platform/web/session-description-handler/index.js';
import type { DtmfMode } from './call-engine-options.js';

const DTMF = /^[0-9A-D#*]{1,32}$/i;

/** @throws AipbxError (`INVALID_INPUT`) unless `tones` is 1–32 of `0-9`, `*`, `#`, `A-D`. */
export function assertDtmf(tones: unknown): asserts tones is string {
  if (typeof tones !== 'string' || !DTMF.test(tones)) {
    throw new AipbxError('INVALID_INPUT', 'DTMF must be 1–32 of 0-9, *, #, A-D');
  }
}

/** The RTCPeerConnection under a sip.js session, once it has one. */
export function peerConnectionOf(session: Session | undefined): RTCPeerConnection | undefined {
  return (session?.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.peerConnection;
}

/** The far side's audio in a sip.js session, once it has one. */
export function remoteStreamOf(session: Session | undefined): MediaStream | undefined {
  return (session?.sessionDescriptionHandler as SessionDescriptionHandler | undefined)?.remoteMediaStream;
}

/**
 * Sends DTMF digits (`0-9`, `*`, `#`, `A-D`) in an established session: as RFC 2833/4733 events
 * queued on the RTP sender, or as one SIP INFO per digit.
 *
 * @throws AipbxError (`INVALID_INPUT`) for other characters; (`CALL_FAILED`) when the browser has
 *   no DTMF sender for the call.
 */
export async function sendDtmfTones(session: Session, tones: string, mode: DtmfMode): Promise<void> {
  assertDtmf(tones);
  if (mode === 'info') {
    for (const tone of tones) {
      await session.info({
        requestOptions: {
          body: {
            contentDisposition: 'render',
            contentType: 'application/dtmf-relay',
            content: `Signal=${tone}\r\nDuration=160`,
          },
        },
      });
    }
    return;
  }
  const dtmf = peerConnectionOf(session)
    ?.getSenders()
    .find((s) => s.track?.kind === 'audio')?.dtmf;
  if (dtmf === undefined || dtmf === null || dtmf.canInsertDTMF === false) {
    throw new AipbxError('CALL_FAILED', 'The browser could not send DTMF in this call (no RTP DTMF sender).');
  }
  // insertDTMF replaces what is still queued: append, so quick key presses are all sent, in order.
  dtmf.insertDTMF(dtmf.toneBuffer + tones, 160, 80);
}

/**
 * Sends a re-INVITE on `session` and resolves once the other side accepts it; `options` go to the
 * session description handler (`{ offerOptions: { iceRestart: true } }`, `{ hold: true }`).
 */
export function reinvite(session: Session, options: SessionDescriptionHandlerOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    session
      .invite({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) =>
            reject(
              new Error(`re-INVITE refused: ${response.message.statusCode} ${response.message.reasonPhrase}`),
            ),
        },
        sessionDescriptionHandlerOptions: options,
      })
      .catch(reject);
  });
}
