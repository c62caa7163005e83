import { noopLogger, ProtocolError } from '@aipbx/core';
import { afterEach, describe, expect, it } from 'vitest';
import { RtpDescriptionHandler } from './rtp-description-handler.js';

/** An offer as Asterisk writes it; `version` and `direction` vary between re-INVITEs. */
function asteriskOffer(version: number, direction = 'sendrecv', address = '127.0.0.1'): string {
  return [
    'v=0',
    `o=- 1252357779 ${version} IN IP4 127.0.0.1`,
    's=Asterisk',
    `c=IN IP4 ${address}`,
    't=0 0',
    'm=audio 21060 RTP/AVP 0 8 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=maxptime:140',
    `a=${direction}`,
    '',
  ].join('\r\n');
}

const handlers: RtpDescriptionHandler[] = [];
afterEach(() => {
  for (const h of handlers.splice(0)) h.close();
});

function handler(): { h: RtpDescriptionHandler; holds: boolean[] } {
  const h = new RtpDescriptionHandler({ host: '127.0.0.1', portMin: 47_000, portMax: 47_099 }, noopLogger);
  handlers.push(h);
  const holds: boolean[] = [];
  h.onHold = (held) => holds.push(held);
  return { h, holds };
}

const direction = (sdp: string) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp)?.[1];

describe('RtpDescriptionHandler', () => {
  it('answers the PBX’s hold and resume re-INVITEs and reports them', async () => {
    const { h, holds } = handler();
    await h.setDescription(asteriskOffer(1));
    const answer = await h.getDescription();
    expect(answer.contentType).toBe('application/sdp');
    expect(direction(answer.body)).toBe('sendrecv');
    expect(answer.body).toMatch(/m=audio \d+ RTP\/AVP 0 101/);

    await h.setDescription(asteriskOffer(2, 'sendonly'));
    expect(direction((await h.getDescription()).body)).toBe('recvonly');
    expect(h.held).toBe(true);
    expect((await h.rtp()).direction).toBe('recvonly');

    await h.setDescription(asteriskOffer(3, 'sendrecv'));
    expect(direction((await h.getDescription()).body)).toBe('sendrecv');
    expect(holds).toEqual([true, false]);

    // The old way (RFC 2543): c=0.0.0.0.
    await h.setDescription(asteriskOffer(4, 'sendrecv', '0.0.0.0'));
    await h.getDescription();
    expect(holds).toEqual([true, false, true]);
  });

  it('offers, then takes the answer — twice the same (183, then 200) is still the answer', async () => {
    const { h, holds } = handler();
    const offer = await h.getDescription();
    expect(offer.body).toMatch(/m=audio \d+ RTP\/AVP 0 8 101/);
    const answer = asteriskOffer(7).replace('RTP/AVP 0 8 101', 'RTP/AVP 8 101');
    await h.setDescription(answer);
    await h.setDescription(answer);
    const rtp = await h.rtp();
    expect(rtp.remote).toEqual({ address: '127.0.0.1', port: 21_060 });
    expect(holds).toEqual([]);
  });

  it('refuses an offer without a codec it speaks (sip.js answers 488)', async () => {
    const { h } = handler();
    const opus = asteriskOffer(1)
      .replace('RTP/AVP 0 8 101', 'RTP/AVP 107')
      .replace('a=rtpmap:0 PCMU/8000', 'a=rtpmap:107 opus/48000/2');
    await expect(h.setDescription(opus)).rejects.toBeInstanceOf(ProtocolError);
  });

  it('takes only SDP, sends DTMF once media is up, and frees its ports on close', async () => {
    const { h } = handler();
    expect(h.hasDescription('application/sdp')).toBe(true);
    expect(h.hasDescription('Application/SDP; charset=utf-8')).toBe(true);
    expect(h.hasDescription('text/plain')).toBe(false);
    expect(h.sendDtmf('1')).toBe(false);
    await h.setDescription(asteriskOffer(1));
    await h.getDescription();
    expect(h.sendDtmf('12#')).toBe(true);
    expect(h.sendDtmf('x')).toBe(false);
    const rtp = await h.rtp();
    h.close();
    await new Promise<void>((resolve) => (rtp.closed ? resolve() : rtp.once('close', () => resolve())));
    expect(rtp.closed).toBe(true);
  });
});
