import type { Logger } from '@aipbx/core';
import type {
  BodyAndContentType,
  Session,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
} from 'sip.js';
import { RtpSession, type RtpSessionOptions } from '../media/rtp-session.js';
import {
  createAnswer,
  createOffer,
  negotiate,
  parseSdp,
  type SdpDescription,
  SdpOrigin,
} from '../media/sdp.js';

const SDP = 'application/sdp';

/**
 * sip.js's session description handler for plain RTP in Node: one {@link RtpSession} per call, SDP
 * offer/answer for G.711 and telephone-events (RFC 3264), re-INVITEs (hold and resume from the PBX,
 * a new address or codec), and DTMF.
 *
 * @internal
 */
export class RtpDescriptionHandler implements SessionDescriptionHandler {
  readonly #listen: RtpSessionOptions;
  readonly #log: Logger;
  readonly #origin = new SdpOrigin();
  #rtp: Promise<RtpSession> | undefined;
  /** An offer from the peer, waiting for our answer. */
  #offer: SdpDescription | undefined;
  /** We sent an offer and wait for its answer. */
  #offered = false;
  /** The `o=` of the last remote description applied: the same again is the same answer (early media, then 200). */
  #applied: string | undefined;
  #held = false;
  #closed = false;
  /** Called when the peer puts the call on hold (`true`) or takes it off (`false`). */
  onHold: ((held: boolean) => void) | undefined;
  /** Called once the RTP session has its negotiated remote (media can flow). */
  onReady: ((rtp: RtpSession) => void) | undefined;

  constructor(listen: RtpSessionOptions, logger: Logger) {
    this.#listen = listen;
    this.#log = logger;
  }

  /** The call's RTP session, once the first description was made or read. */
  rtp(): Promise<RtpSession> {
    if (this.#closed) return Promise.reject(new Error('the call’s media is closed'));
    this.#rtp ??= RtpSession.open(this.#listen);
    return this.#rtp;
  }

  get held(): boolean {
    return this.#held;
  }

  async getDescription(): Promise<BodyAndContentType> {
    const rtp = await this.rtp();
    const local = { origin: this.#origin, address: rtp.localAddress, port: rtp.rtpPort };
    const offer = this.#offer;
    if (offer !== undefined) {
      this.#offer = undefined;
      const body = createAnswer(offer, local);
      this.#apply(rtp, offer);
      return { body, contentType: SDP };
    }
    this.#offered = true;
    return { body: createOffer(local), contentType: SDP };
  }

  async setDescription(sdp: string): Promise<void> {
    const remote = parseSdp(sdp);
    const origin =
      remote.origin === undefined ? undefined : `${remote.origin.sessionId}/${remote.origin.version}`;
    if (this.#offered || (origin !== undefined && origin === this.#applied)) {
      // The answer to our offer (or that answer again: in a 183, then in the 200).
      this.#offered = false;
      this.#apply(await this.rtp(), remote);
      return;
    }
    // An offer: refused here (sip.js answers 488) when no codec of it is ours.
    negotiate(remote);
    this.#offer = remote;
    await this.rtp();
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(';')[0]?.trim().toLowerCase() === SDP;
  }

  async rollbackDescription(): Promise<void> {
    this.#offer = undefined;
    this.#offered = false;
  }

  /** Sends each key as an RFC 4733 telephone-event, one after another. */
  sendDtmf(tones: string, options?: unknown): boolean {
    const durationMs = (options as { duration?: number } | undefined)?.duration ?? 100;
    const rtp = this.#rtp;
    if (rtp === undefined || !/^[0-9A-D*#]+$/i.test(tones)) return false;
    void rtp.then(async (session) => {
      for (const digit of tones) await session.sendDtmf(digit, durationMs);
    });
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    void this.#rtp?.then((rtp) => rtp.close()).catch(() => undefined);
  }

  #apply(rtp: RtpSession, remote: SdpDescription): void {
    this.#applied =
      remote.origin === undefined ? undefined : `${remote.origin.sessionId}/${remote.origin.version}`;
    const media = negotiate(remote);
    const held = media === undefined || remote.direction === 'sendonly' || remote.direction === 'inactive';
    if (media !== undefined) {
      rtp.configure(media);
      this.onReady?.(rtp);
    }
    if (held !== this.#held) {
      this.#held = held;
      this.#log.debug(held ? 'held by the PBX' : 'resumed by the PBX');
      this.onHold?.(held);
    }
  }
}

/** The factory sip.js calls for each session; `listen` is asked then, once the line is connected. */
export function rtpDescriptionHandlerFactory(
  listen: () => RtpSessionOptions,
  logger: Logger,
): SessionDescriptionHandlerFactory {
  return (_session: Session) => new RtpDescriptionHandler(listen(), logger);
}
