// @aipbx/media: call audio shared by @aipbx/node-ari (ARI externalMedia) and @aipbx/sip (RTP of a
// SIP call): the CallMedia stream an assistant reads and writes, its 20 ms pacing, the formats,
// G.711 and RTP packets.
export {
  CallMedia,
  type CallMediaInit,
  type CallMediaStats,
  type MediaEndReason,
} from './call-media.js';
export { type CollectDtmfOptions, DtmfCollector } from './dtmf-collector.js';
export { FramePacer, type FramePacerOptions, type PacerClock, SYSTEM_CLOCK } from './frame-pacer.js';
export {
  alawToLinear,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from './g711.js';
export {
  FRAME_MS,
  isMediaFormat,
  MEDIA_FORMATS,
  type MediaFormat,
  type MediaFormatInfo,
} from './media-format.js';
export type { MediaTransport, MediaTransportEvents } from './media-transport.js';
export { bindInRange, type MediaListen } from './port-range.js';
export {
  advanceTimestamp,
  decodeRtp,
  decodeTelephoneEvent,
  encodeRtp,
  encodeTelephoneEvent,
  nextSequence,
  RTP_HEADER_LENGTH,
  type RtpHeaderExtension,
  type RtpPacket,
  type RtpPacketInit,
  sequenceDelta,
  TELEPHONE_EVENT_LENGTH,
  type TelephoneEvent,
  type TelephoneEventInit,
} from './rtp-packet.js';
