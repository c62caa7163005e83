import { ProtocolError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { createAnswer, createOffer, type MediaDirection, negotiate, parseSdp, SdpOrigin } from './sdp.js';

const sdp = (...lines: string[]): string => `${lines.join('\r\n')}\r\n`;

/** What Asterisk (chan_pjsip) offers on an INVITE to an extension. */
const ASTERISK_OFFER = sdp(
  'v=0',
  'o=- 1707312345 1707312345 IN IP4 192.168.1.10',
  's=Asterisk',
  'c=IN IP4 192.168.1.10',
  't=0 0',
  'm=audio 10036 RTP/AVP 0 8 3 101',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:3 GSM/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendrecv',
);

/** The same call put on hold by the PBX: a re-INVITE with a=sendonly and a new version. */
const ASTERISK_HOLD = ASTERISK_OFFER.replace('1707312345 IN', '1707312346 IN').replace(
  'a=sendrecv',
  'a=sendonly',
);

/** Old-style (RFC 2543) hold: the connection address 0.0.0.0, no direction attribute. */
const OLD_HOLD = sdp(
  'v=0',
  'o=phone 42 43 IN IP4 10.0.0.5',
  's=-',
  'c=IN IP4 0.0.0.0',
  't=0 0',
  'm=audio 4000 RTP/AVP 8 101',
  'a=rtpmap:101 telephone-event/8000',
);

const local = (origin = new SdpOrigin({ sessionId: 1000 })) => ({
  origin,
  address: '192.0.2.7',
  port: 5700,
});

describe('parseSdp', () => {
  it("reads Asterisk's offer: address, port, codecs in order, telephone-event, ptime, direction", () => {
    const offer = parseSdp(ASTERISK_OFFER);
    expect(offer).toMatchObject({
      origin: { username: '-', sessionId: '1707312345', version: '1707312345' },
      address: '192.168.1.10',
      addressType: 'IP4',
      port: 10036,
      protocol: 'RTP/AVP',
      codec: { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
      telephoneEvent: { payloadType: 101, clockRate: 8000 },
      direction: 'sendrecv',
      ptime: 20,
      streamIndex: 0,
    });
    expect(offer.payloads.map((p) => `${p.payloadType} ${p.encoding}/${p.clockRate}`)).toEqual([
      '0 PCMU/8000',
      '8 PCMA/8000',
      '3 GSM/8000',
    ]);
    expect(offer.rtcpPort).toBeUndefined();
  });

  it('reads a hold re-INVITE (a=sendonly) and an old-style one (c=0.0.0.0) as "do not send to me"', () => {
    expect(parseSdp(ASTERISK_HOLD)).toMatchObject({
      direction: 'sendonly',
      origin: { version: '1707312346' },
    });
    expect(parseSdp(OLD_HOLD)).toMatchObject({ address: '0.0.0.0', direction: 'sendonly' });
    expect(parseSdp(OLD_HOLD.replace('t=0 0', 't=0 0\r\na=recvonly')).direction).toBe('inactive');
  });

  it('names static payload types without a=rtpmap (0 PCMU, 8 PCMA) and skips unknown dynamic ones', () => {
    const offer = parseSdp(
      sdp(
        'v=0',
        'o=- 1 1 IN IP4 10.0.0.1',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=audio 4000 RTP/AVP 8 0 97',
      ),
    );
    expect(offer.payloads).toEqual([
      { payloadType: 8, encoding: 'PCMA', clockRate: 8000 },
      { payloadType: 0, encoding: 'PCMU', clockRate: 8000 },
    ]);
    expect(offer.codec?.encoding).toBe('PCMA');
    expect(offer.telephoneEvent).toBeUndefined();
  });

  it('prefers the media-level c= and direction over the session-level ones; LF line ends are fine', () => {
    const text = [
      'v=0',
      'o=- 7 7 IN IP4 10.0.0.1',
      's=-',
      'c=IN IP4 10.0.0.1',
      'a=recvonly',
      't=0 0',
      'm=audio 4000 RTP/AVP 0',
      'c=IN IP4 10.0.0.99',
      'a=inactive',
    ].join('\n');
    expect(parseSdp(text)).toMatchObject({ address: '10.0.0.99', direction: 'inactive' });
    const sessionOnly = text
      .split('\n')
      .filter((l) => l !== 'a=inactive' && l !== 'c=IN IP4 10.0.0.99')
      .join('\n');
    expect(parseSdp(sessionOnly)).toMatchObject({ address: '10.0.0.1', direction: 'recvonly' });
  });

  it('reads IPv6, a multicast TTL, a=rtcp with and without an address', () => {
    const v6 = parseSdp(
      sdp(
        'v=0',
        'o=- 1 1 IN IP6 2001:db8::1',
        's=-',
        't=0 0',
        'm=audio 5004 RTP/AVP 0',
        'c=IN IP6 2001:db8::2',
        'a=rtcp:5009',
      ),
    );
    expect(v6).toMatchObject({ address: '2001:db8::2', addressType: 'IP6', rtcpPort: 5009 });
    const multicast = parseSdp(
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 224.2.1.1/127',
        't=0 0',
        'm=audio 5004 RTP/AVP 0',
        'a=rtcp:6000 IN IP4 10.1.1.1',
      ),
    );
    expect(multicast).toMatchObject({ address: '224.2.1.1', rtcpPort: 6000, rtcpAddress: '10.1.1.1' });
  });

  it('takes the 8 kHz telephone-event when several rates are offered', () => {
    const offer = parseSdp(
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=audio 4000 RTP/AVP 111 0 110 101',
        'a=rtpmap:111 opus/48000/2',
        'a=rtpmap:110 telephone-event/48000',
        'a=rtpmap:101 telephone-event/8000',
      ),
    );
    expect(offer.telephoneEvent).toEqual({ payloadType: 101, clockRate: 8000 });
    expect(offer.payloads.map((p) => p.encoding)).toEqual(['opus', 'PCMU']);
    expect(offer.codec?.payloadType).toBe(0);
  });

  it('keeps every m-line and picks the audio one', () => {
    const offer = parseSdp(
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=video 4002 RTP/AVP 96',
        'a=rtpmap:96 H264/90000',
        'm=audio 4000 RTP/AVP 0',
      ),
    );
    expect(offer.streamIndex).toBe(1);
    expect(offer.streams.map((s) => `${s.media} ${s.port}`)).toEqual(['video 4002', 'audio 4000']);
  });

  it('reads a rejected audio stream (port 0) without requiring a codec', () => {
    const offer = parseSdp(sdp('v=0', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 0 RTP/AVP 9'));
    expect(offer).toMatchObject({ port: 0, codec: undefined });
  });

  it.each([
    ['text that is not SDP', 'SIP/2.0 200 OK\r\n', /must begin with "v=0"/],
    [
      'no audio stream',
      sdp('v=0', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=video 4000 RTP/AVP 96'),
      /no audio stream.*video/,
    ],
    [
      'no supported codec',
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=audio 4000 RTP/AVP 9 111',
        'a=rtpmap:111 opus/48000/2',
      ),
      /no codec aipbx can use \(offered: G722\/8000, opus\/48000\).*PCMU, PCMA/,
    ],
    [
      'only SRTP',
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=audio 4000 RTP/SAVP 0',
        'a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:x',
      ),
      /RTP\/SAVP \(SRTP\).*turn media encryption off/,
    ],
    ['no connection address', sdp('v=0', 's=-', 't=0 0', 'm=audio 4000 RTP/AVP 0'), /no connection address/],
    ['a malformed m-line', sdp('v=0', 's=-', 't=0 0', 'm=audio x RTP/AVP 0'), /malformed media line/],
    [
      'a malformed c-line',
      sdp('v=0', 's=-', 'c=IN IPX 1.2.3.4', 't=0 0', 'm=audio 4000 RTP/AVP 0'),
      /connection line/,
    ],
  ])('throws a ProtocolError for %s', (_name, text, message) => {
    expect(() => parseSdp(text)).toThrow(ProtocolError);
    expect(() => parseSdp(text)).toThrow(message);
  });
});

describe('createOffer', () => {
  it('offers PCMU, PCMA and telephone-event 101 at 20 ms, sendrecv', () => {
    expect(createOffer(local())).toBe(
      sdp(
        'v=0',
        'o=- 1000 1000 IN IP4 192.0.2.7',
        's=aipbx',
        'c=IN IP4 192.0.2.7',
        't=0 0',
        'm=audio 5700 RTP/AVP 0 8 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:8 PCMA/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ),
    );
  });

  it('raises the o= version for a changed description and keeps it for the same one', () => {
    const origin = new SdpOrigin();
    const version = (text: string) => parseSdp(text).origin?.version;
    const first = createOffer({ ...local(origin) });
    expect(parseSdp(first).origin?.sessionId).toBe(origin.sessionId);
    expect(version(createOffer(local(origin)))).toBe(version(first));
    const hold = createOffer({ ...local(origin), direction: 'sendonly' });
    expect(Number(version(hold))).toBe(Number(version(first)) + 1);
    expect(parseSdp(hold).origin?.sessionId).toBe(origin.sessionId);
    const resume = createOffer(local(origin));
    expect(Number(version(resume))).toBe(Number(version(first)) + 2);
    expect(origin.version).toBe(Number(version(resume)));
  });

  it('writes IPv6 addresses as IP6, and honours the codec order and telephone-event options', () => {
    const text = createOffer({
      ...local(),
      address: '2001:db8::7',
      codecs: ['PCMA'],
      telephoneEventPayloadType: 96,
    });
    expect(text).toContain('c=IN IP6 2001:db8::7\r\n');
    expect(text).toContain('o=- 1000 1000 IN IP6 2001:db8::7\r\n');
    expect(text).toContain('m=audio 5700 RTP/AVP 8 96\r\n');
    expect(createOffer({ ...local(), telephoneEvent: false })).toContain('m=audio 5700 RTP/AVP 0 8\r\n');
  });

  it('is read back by parseSdp as written', () => {
    const offer = parseSdp(createOffer({ ...local(), direction: 'recvonly' }));
    expect(offer).toMatchObject({
      address: '192.0.2.7',
      port: 5700,
      codec: { payloadType: 0, encoding: 'PCMU' },
      telephoneEvent: { payloadType: 101, clockRate: 8000 },
      direction: 'recvonly',
      ptime: 20,
    });
  });
});

describe('createAnswer', () => {
  it("answers Asterisk's offer with its first codec and its telephone-event, sendrecv", () => {
    expect(createAnswer(parseSdp(ASTERISK_OFFER), local())).toBe(
      sdp(
        'v=0',
        'o=- 1000 1000 IN IP4 192.0.2.7',
        's=aipbx',
        'c=IN IP4 192.0.2.7',
        't=0 0',
        'm=audio 5700 RTP/AVP 0 101',
        'a=rtpmap:0 PCMU/8000',
        'a=rtpmap:101 telephone-event/8000',
        'a=fmtp:101 0-16',
        'a=ptime:20',
        'a=sendrecv',
      ),
    );
  });

  it("keeps the offer's payload type numbers and its order of preference", () => {
    const offer = parseSdp(
      sdp(
        'v=0',
        's=-',
        'c=IN IP4 10.0.0.1',
        't=0 0',
        'm=audio 4000 RTP/AVP 9 8 0 100',
        'a=rtpmap:9 G722/8000',
        'a=rtpmap:100 telephone-event/8000',
      ),
    );
    const answer = createAnswer(offer, local());
    expect(answer).toContain('m=audio 5700 RTP/AVP 8 100\r\n');
    expect(answer).toContain(
      'a=rtpmap:8 PCMA/8000\r\na=rtpmap:100 telephone-event/8000\r\na=fmtp:100 0-16\r\n',
    );
  });

  it.each<[MediaDirection, MediaDirection]>([
    ['sendrecv', 'sendrecv'],
    ['sendonly', 'recvonly'],
    ['recvonly', 'sendonly'],
    ['inactive', 'inactive'],
  ])('answers %s with %s', (offered, answered) => {
    const answer = createAnswer(parseSdp(ASTERISK_OFFER.replace('a=sendrecv', `a=${offered}`)), local());
    expect(parseSdp(answer).direction).toBe(answered);
  });

  it('answers a hold re-INVITE with recvonly and a new version; old-style hold too', () => {
    const origin = new SdpOrigin({ sessionId: 5 });
    const first = parseSdp(createAnswer(parseSdp(ASTERISK_OFFER), local(origin)));
    const held = parseSdp(createAnswer(parseSdp(ASTERISK_HOLD), local(origin)));
    expect(held.direction).toBe('recvonly');
    expect(Number(held.origin?.version)).toBe(Number(first.origin?.version) + 1);
    expect(parseSdp(createAnswer(parseSdp(OLD_HOLD), local())).direction).toBe('recvonly');
  });

  it('stays within our own direction (we hold: sendonly)', () => {
    const answer = createAnswer(parseSdp(ASTERISK_OFFER), { ...local(), direction: 'sendonly' });
    expect(parseSdp(answer).direction).toBe('sendonly');
  });

  it('rejects a port-0 audio stream and every other stream with port 0, keeping the m-line count', () => {
    const offer = parseSdp(
      sdp('v=0', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'm=video 4002 RTP/AVP 96'),
    );
    const answer = createAnswer(offer, local());
    expect(answer).toContain('m=audio 5700 RTP/AVP 0\r\n');
    expect(answer).toContain('m=video 0 RTP/AVP 96\r\n');
    const rejected = createAnswer(
      parseSdp(sdp('v=0', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 0 RTP/AVP 0 8')),
      local(),
    );
    expect(rejected).toContain('m=audio 0 RTP/AVP 0 8\r\n');
    expect(rejected).not.toContain('a=');
  });

  it('throws a ProtocolError when none of the offered codecs is among ours', () => {
    const offer = parseSdp(ASTERISK_OFFER.replace('RTP/AVP 0 8 3 101', 'RTP/AVP 0 3 101'));
    expect(() => createAnswer(offer, { ...local(), codecs: ['PCMA'] })).toThrow(ProtocolError);
    expect(() => createAnswer(offer, { ...local(), codecs: ['PCMA'] })).toThrow(
      /offered: PCMU\/8000, GSM\/8000.*PCMA/,
    );
  });
});

describe('negotiate', () => {
  it('gives the RTP session what it needs from an offer or an answer', () => {
    expect(negotiate(parseSdp(ASTERISK_OFFER))).toEqual({
      remoteAddress: '192.168.1.10',
      remotePort: 10036,
      payloadType: 0,
      encoding: 'PCMU',
      telephoneEventPayloadType: 101,
      direction: 'sendrecv',
    });
    expect(negotiate(parseSdp(ASTERISK_HOLD))?.direction).toBe('recvonly');
    expect(negotiate(parseSdp(OLD_HOLD))).toMatchObject({ direction: 'recvonly', encoding: 'PCMA' });
    expect(negotiate(parseSdp(ASTERISK_OFFER), { telephoneEvent: false })).not.toHaveProperty(
      'telephoneEventPayloadType',
    );
  });

  it('passes a=rtcp on, and gives undefined for a rejected stream', () => {
    const withRtcp = parseSdp(ASTERISK_OFFER.replace('a=ptime:20', 'a=ptime:20\r\na=rtcp:10099'));
    expect(negotiate(withRtcp)?.remoteRtcpPort).toBe(10099);
    expect(
      negotiate(parseSdp(sdp('v=0', 's=-', 'c=IN IP4 10.0.0.1', 't=0 0', 'm=audio 0 RTP/AVP 0'))),
    ).toBeUndefined();
  });
});
