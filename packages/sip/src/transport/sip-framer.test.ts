import { ProtocolError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { datagramMessage, headerFields, MAX_SIP_HEADER_BYTES, SipFramer } from './sip-framer.js';

const CRLF = '\r\n';

/** A SIP message whose Content-Length is the body's length in UTF-8 bytes. */
function message(startLine: string, body = '', lengthHeader = 'Content-Length'): string {
  const headers = [
    startLine,
    'Via: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK-1',
    'Call-ID: abc@10.0.0.1',
    'CSeq: 1 MESSAGE',
    `${lengthHeader}: ${Buffer.byteLength(body, 'utf8')}`,
  ];
  return `${headers.join(CRLF)}${CRLF}${CRLF}${body}`;
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

function pushAll(framer: SipFramer, chunks: readonly Uint8Array[]): string[] {
  return chunks.flatMap((chunk) => framer.push(chunk));
}

function captureError(run: () => unknown): ProtocolError {
  try {
    run();
  } catch (error) {
    return error as ProtocolError;
  }
  throw new Error('expected an error, got none');
}

describe('SipFramer', () => {
  it('returns a message whose body is counted in bytes, even fed one byte at a time', () => {
    const text = message('MESSAGE sip:100@pbx SIP/2.0', 'Grüße, 日本語 😀');
    const data = bytes(text);
    const chunks = [...data].map((b) => Uint8Array.of(b));
    const framer = new SipFramer();
    expect(pushAll(framer, chunks)).toEqual([text]);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('splits several messages out of one chunk, and a message across chunks', () => {
    const a = message('OPTIONS sip:pbx SIP/2.0');
    const b = message('SIP/2.0 200 OK', 'v=0\r\n');
    const c = message('MESSAGE sip:100@pbx SIP/2.0', 'ä'.repeat(100));
    const all = bytes(a + b + c);
    // Cut inside c's body, in the middle of a two-byte character.
    const cut = all.length - 51;
    const framer = new SipFramer();
    expect(framer.push(all.subarray(0, cut))).toEqual([a, b]);
    expect(framer.bufferedBytes).toBeGreaterThan(0);
    expect(framer.push(all.subarray(cut))).toEqual([c]);
  });

  it('finds the blank line when it is split across chunks', () => {
    const text = message('SIP/2.0 100 Trying');
    const end = text.indexOf('\r\n\r\n');
    const framer = new SipFramer();
    expect(framer.push(bytes(text.slice(0, end + 1)))).toEqual([]);
    expect(framer.push(bytes(text.slice(end + 1, end + 3)))).toEqual([]);
    expect(framer.push(bytes(text.slice(end + 3)))).toEqual([text]);
  });

  it('reads the compact form l:, any case, and space before the colon', () => {
    const compact = message('MESSAGE sip:a SIP/2.0', 'hello', 'l');
    const lower = message('MESSAGE sip:b SIP/2.0', 'hi', 'content-length');
    const spaced = message('MESSAGE sip:c SIP/2.0', 'hey', 'Content-Length ');
    const framer = new SipFramer();
    expect(framer.push(bytes(compact + lower + spaced))).toEqual([compact, lower, spaced]);
  });

  it('takes a message without Content-Length as bodiless', () => {
    const bare = `SIP/2.0 200 OK${CRLF}Call-ID: x${CRLF}${CRLF}`;
    const next = message('SIP/2.0 180 Ringing');
    expect(new SipFramer().push(bytes(bare + next))).toEqual([bare, next]);
  });

  it('skips CRLF keep-alives before, between and after messages', () => {
    const a = message('OPTIONS sip:pbx SIP/2.0');
    const b = message('SIP/2.0 200 OK');
    const framer = new SipFramer();
    expect(framer.push(bytes('\r\n\r\n'))).toEqual([]);
    expect(framer.bufferedBytes).toBe(0);
    expect(framer.push(bytes(`\r\n${a}\r\n\r\n${b}\r\n`))).toEqual([a, b]);
    expect(framer.bufferedBytes).toBe(0);
  });

  it('fails when the headers exceed 64 KiB without a blank line, and keeps failing', () => {
    const framer = new SipFramer();
    const start = bytes(`INVITE sip:a SIP/2.0\r\nX-Filler: ${'a'.repeat(MAX_SIP_HEADER_BYTES)}`);
    const error = captureError(() => framer.push(start));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.code).toBe('PROTOCOL');
    expect(error.message).toMatch(/headers exceed 65536 bytes/);
    expect(() => framer.push(bytes(message('SIP/2.0 200 OK')))).toThrow(error);
  });

  it('fails when a complete header section is over the limit', () => {
    const framer = new SipFramer({ maxHeaderBytes: 100 });
    const error = captureError(() => framer.push(bytes(message(`INVITE sip:${'a'.repeat(100)} SIP/2.0`))));
    expect(error.message).toMatch(/headers exceed 100 bytes/);
  });

  it.each([
    ['abc', /malformed Content-Length "abc"/],
    ['-1', /malformed Content-Length "-1"/],
    ['1.5', /malformed Content-Length "1.5"/],
    ['', /malformed Content-Length ""/],
    ['99999999', /99999999-byte body .* over the 1048576-byte limit/],
  ])('fails on Content-Length %j', (value, expected) => {
    const text = `MESSAGE sip:a SIP/2.0${CRLF}Content-Length: ${value}${CRLF}${CRLF}`;
    const error = captureError(() => new SipFramer().push(bytes(text)));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toMatch(expected);
  });

  it('fails on two different Content-Length values, and accepts two equal ones', () => {
    const conflicting = `MESSAGE sip:a SIP/2.0${CRLF}Content-Length: 1${CRLF}l: 2${CRLF}${CRLF}ab`;
    expect(captureError(() => new SipFramer().push(bytes(conflicting))).message).toMatch(
      /two different Content-Length values \(1 and 2\)/,
    );
    const repeated = `MESSAGE sip:a SIP/2.0${CRLF}Content-Length: 2${CRLF}l: 2${CRLF}${CRLF}ab`;
    expect(new SipFramer().push(bytes(repeated))).toEqual([repeated]);
  });
});

describe('datagramMessage', () => {
  it('returns undefined for a keep-alive', () => {
    expect(datagramMessage(bytes('\r\n\r\n'))).toBeUndefined();
    expect(datagramMessage(bytes('\r\n'))).toBeUndefined();
  });

  it('drops leading CRLFs and bytes after the Content-Length announced', () => {
    const text = message('MESSAGE sip:a SIP/2.0', 'Grüße');
    expect(datagramMessage(bytes(`\r\n${text}garbage`))).toBe(text);
  });

  it('keeps the whole datagram without Content-Length, or with a bad one', () => {
    const bare = `SIP/2.0 200 OK${CRLF}Call-ID: x${CRLF}${CRLF}body`;
    expect(datagramMessage(bytes(bare))).toBe(bare);
    const bad = `SIP/2.0 200 OK${CRLF}Content-Length: x${CRLF}${CRLF}body`;
    expect(datagramMessage(bytes(bad))).toBe(bad);
    expect(datagramMessage(bytes('not sip'))).toBe('not sip');
  });
});

describe('headerFields', () => {
  it('lower-cases names, trims values, joins folded lines and stops at the blank line', () => {
    const text = `INVITE sip:a SIP/2.0${CRLF}Via: SIP/2.0/UDP a;branch=z9hG4bK1,${CRLF}  SIP/2.0/UDP b${CRLF}CSeq:1 INVITE ${CRLF}${CRLF}X-Body: no`;
    expect([...headerFields(text)]).toEqual([
      { name: 'via', value: 'SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/UDP b' },
      { name: 'cseq', value: '1 INVITE' },
    ]);
  });
});
