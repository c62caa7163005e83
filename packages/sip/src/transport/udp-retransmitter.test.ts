import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UdpRetransmitter } from './udp-retransmitter.js';

const CRLF = '\r\n';

interface Spec {
  branch?: string;
  cseq?: string;
  viaName?: string;
  extraVia?: string;
}

function request(method: string, spec: Spec = {}): string {
  const { branch = 'z9hG4bK-a', cseq = `1 ${method}`, viaName = 'Via' } = spec;
  const via = `${viaName}: SIP/2.0/UDP 10.0.0.9:5062;rport;branch=${branch}${spec.extraVia ?? ''}`;
  return [`${method} sip:100@pbx SIP/2.0`, via, `CSeq: ${cseq}`, 'Content-Length: 0', '', ''].join(CRLF);
}

function response(status: number, method: string, spec: Spec = {}): string {
  const { branch = 'z9hG4bK-a', cseq = `1 ${method}` } = spec;
  return [
    `SIP/2.0 ${status} Reason`,
    `Via: SIP/2.0/UDP 10.0.0.9:5062;branch=${branch};received=10.0.0.9`,
    `CSeq: ${cseq}`,
    'Content-Length: 0',
    '',
    '',
  ].join(CRLF);
}

/** A retransmitter whose sends are recorded with the (fake) time they happened at. */
function setup() {
  const start = Date.now();
  const sends: Array<{ at: number; message: string }> = [];
  const retransmitter = new UdpRetransmitter({
    send: (message) => {
      sends.push({ at: Date.now() - start, message });
    },
  });
  return { retransmitter, sends, times: () => sends.map((s) => s.at) };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('UdpRetransmitter: requests', () => {
  it('retransmits an INVITE at T1, doubling without a cap, six times in 64·T1, then gives up silently', () => {
    const { retransmitter, sends, times } = setup();
    const invite = request('INVITE');
    retransmitter.sent(invite);
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500, 1500, 3500, 7500, 15_500, 31_500]);
    expect(sends.every((s) => s.message === invite)).toBe(true);
    expect(retransmitter.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops an INVITE at the first response with its branch, provisional or not', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(request('INVITE'));
    vi.advanceTimersByTime(1600);
    retransmitter.received(response(100, 'INVITE'));
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500, 1500]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores responses with another branch or another CSeq method (CANCEL shares the branch)', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(request('INVITE'));
    retransmitter.received(response(100, 'INVITE', { branch: 'z9hG4bK-other' }));
    retransmitter.received(response(200, 'CANCEL'));
    vi.advanceTimersByTime(600);
    expect(times()).toEqual([500]);
    retransmitter.received(response(180, 'INVITE'));
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500]);
  });

  it('retransmits a non-INVITE request doubling up to T2, ten times in 64·T1', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(request('REGISTER'));
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops a non-INVITE request at a final response', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(request('REGISTER'));
    vi.advanceTimersByTime(3600);
    retransmitter.received(response(401, 'REGISTER'));
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500, 1500, 3500]);
    expect(retransmitter.pending).toBe(0);
  });

  it('goes on every T2 after a provisional response to a non-INVITE, until the final one', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(request('OPTIONS'));
    vi.advanceTimersByTime(600);
    retransmitter.received(response(100, 'OPTIONS'));
    vi.advanceTimersByTime(10_000);
    expect(times()).toEqual([500, 1500, 5500, 9500]);
    retransmitter.received(response(200, 'OPTIONS'));
    vi.advanceTimersByTime(40_000);
    expect(times()).toEqual([500, 1500, 5500, 9500]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tracks a CANCEL apart from its INVITE', () => {
    const { retransmitter, sends } = setup();
    const invite = request('INVITE');
    const cancel = request('CANCEL', { cseq: '1 CANCEL' });
    retransmitter.sent(invite);
    retransmitter.sent(cancel);
    expect(retransmitter.pending).toBe(2);
    retransmitter.received(response(200, 'CANCEL'));
    vi.advanceTimersByTime(600);
    expect(sends.map((s) => s.message)).toEqual([invite]);
    retransmitter.received(response(487, 'INVITE'));
    expect(retransmitter.pending).toBe(0);
  });

  it('never retransmits an ACK', () => {
    const { retransmitter, sends } = setup();
    retransmitter.sent(request('ACK', { cseq: '1 ACK' }));
    vi.advanceTimersByTime(40_000);
    expect(sends).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reads compact and lower-case headers, and the top Via of a list', () => {
    const { retransmitter, times } = setup();
    const compact = [
      'BYE sip:100@pbx SIP/2.0',
      'v: SIP/2.0/UDP 10.0.0.9:5062;BRANCH=z9hG4bK-top, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bK-below',
      'cseq: 2 BYE',
      'l: 0',
      '',
      '',
    ].join(CRLF);
    retransmitter.sent(compact);
    retransmitter.received(response(200, 'BYE', { branch: 'z9hG4bK-below', cseq: '2 BYE' }));
    vi.advanceTimersByTime(600);
    expect(times()).toEqual([500]);
    retransmitter.received(response(200, 'BYE', { branch: 'z9hG4bK-top', cseq: '2 BYE' }));
    expect(retransmitter.pending).toBe(0);
  });

  it('ignores a message without a top Via branch', () => {
    const { retransmitter } = setup();
    retransmitter.sent(
      ['OPTIONS sip:pbx SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.9', 'CSeq: 1 OPTIONS', '', ''].join(CRLF),
    );
    retransmitter.sent('garbage');
    expect(retransmitter.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('restarts the schedule for a different message with the same branch, keeps it for the same one', () => {
    const { retransmitter, sends, times } = setup();
    const first = request('MESSAGE');
    retransmitter.sent(first);
    vi.advanceTimersByTime(1000);
    retransmitter.sent(first);
    vi.advanceTimersByTime(600);
    expect(times()).toEqual([500, 1500]);
    const second = request('MESSAGE', { extraVia: ';alias' });
    retransmitter.sent(second);
    vi.advanceTimersByTime(600);
    expect(sends.at(-1)).toEqual({ at: 2100, message: second });
    expect(retransmitter.pending).toBe(1);
  });

  it('forgets a message whose sending failed', () => {
    const { retransmitter, sends } = setup();
    const invite = request('INVITE');
    retransmitter.sent(invite);
    retransmitter.cancel(invite);
    vi.advanceTimersByTime(40_000);
    expect(sends).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('goes on when a retransmission cannot be sent', async () => {
    let attempts = 0;
    const retransmitter = new UdpRetransmitter({
      send: () => {
        attempts++;
        return attempts === 1 ? Promise.reject(new Error('EHOSTUNREACH')) : undefined;
      },
    });
    retransmitter.sent(request('REGISTER'));
    await vi.advanceTimersByTimeAsync(1500);
    expect(attempts).toBe(2);
    retransmitter.stop();
  });
});

describe('UdpRetransmitter: responses', () => {
  it('retransmits a final non-2xx response to INVITE, capped at T2, until the ACK with its branch', () => {
    const { retransmitter, sends, times } = setup();
    const busy = response(486, 'INVITE', { branch: 'z9hG4bK-pbx' });
    retransmitter.sent(busy);
    vi.advanceTimersByTime(9000);
    expect(times()).toEqual([500, 1500, 3500, 7500]);
    expect(sends.every((s) => s.message === busy)).toBe(true);
    retransmitter.received(request('ACK', { branch: 'z9hG4bK-other', cseq: '1 ACK' }));
    vi.advanceTimersByTime(3000);
    expect(times()).toHaveLength(5);
    retransmitter.received(request('ACK', { branch: 'z9hG4bK-pbx', cseq: '1 ACK' }));
    vi.advanceTimersByTime(40_000);
    expect(times()).toHaveLength(5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up on a final response after 64·T1 without an ACK', () => {
    const { retransmitter, times } = setup();
    retransmitter.sent(response(603, 'INVITE'));
    vi.advanceTimersByTime(60_000);
    expect(times()).toEqual([500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps the schedule when sip.js re-sends the same final response', () => {
    const { retransmitter, times } = setup();
    const busy = response(486, 'INVITE');
    retransmitter.sent(busy);
    vi.advanceTimersByTime(1000);
    retransmitter.sent(busy);
    vi.advanceTimersByTime(600);
    expect(times()).toEqual([500, 1500]);
    retransmitter.stop();
  });

  it.each([
    [100, 'INVITE'],
    [180, 'INVITE'],
    [200, 'INVITE'],
    [486, 'BYE'],
    [404, 'OPTIONS'],
  ])('never retransmits a %i response to %s', (status, method) => {
    const { retransmitter, sends } = setup();
    retransmitter.sent(response(status, method));
    vi.advanceTimersByTime(40_000);
    expect(sends).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('UdpRetransmitter.stop', () => {
  it('stops everything and leaves no timer', () => {
    const { retransmitter, sends } = setup();
    retransmitter.sent(request('INVITE', { branch: 'z9hG4bK-1' }));
    retransmitter.sent(request('REGISTER', { branch: 'z9hG4bK-2' }));
    retransmitter.sent(response(486, 'INVITE', { branch: 'z9hG4bK-3' }));
    expect(vi.getTimerCount()).toBe(3);
    retransmitter.stop();
    expect(retransmitter.pending).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(40_000);
    expect(sends).toEqual([]);
  });
});
