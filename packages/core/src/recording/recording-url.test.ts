import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { validationErrorOf } from '../errors/validation-error-of.test-helper.js';
import {
  isRecordingFormat,
  parseRecordingUrl,
  RECORDING_FORMATS,
  type RecordingUrlParts,
  recordingUrl,
} from './recording-url.js';

const good: RecordingUrlParts = {
  pbxAddress: 'pbx.example.com',
  assistantId: 'support',
  uniqueId: '1732375678.42',
  format: 'wav',
};

// Labels starting "xn--" are punycode, which the URL parser checks (see the test that refuses one).
const hostLabel = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/)
  .filter((label) => !label.startsWith('xn--'));
const arbitraryParts: fc.Arbitrary<RecordingUrlParts> = fc.record({
  pbxAddress: fc.oneof(
    fc
      .tuple(fc.array(hostLabel, { minLength: 1, maxLength: 3 }), fc.constantFrom('com', 'ru', 'local'))
      .map(([labels, tld]) => [...labels, tld].join('.')),
    fc.ipV4(),
    fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => `${ip}:${port}`),
    fc.constantFrom('[::1]', '[2001:db8::5]:8443', 'PBX.Example.com'),
  ),
  assistantId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  uniqueId: fc
    .tuple(
      fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/), { nil: undefined }),
      fc.nat(),
      fc.nat({ max: 99999 }),
    )
    .map(
      ([system, seconds, sequence]) => `${system === undefined ? '' : `${system}-`}${seconds}.${sequence}`,
    ),
  format: fc.constantFrom(...RECORDING_FORMATS),
});

describe('recordingUrl', () => {
  it('builds the seed URL', () => {
    expect(recordingUrl(good)).toBe('https://pbx.example.com/records/support/1732375678.42.wav');
    expect(
      recordingUrl({
        pbxAddress: '192.0.2.10:8443',
        assistantId: 'a_1',
        uniqueId: 'pbx1-1732375678.7',
        format: 'mp3',
      }),
    ).toBe('https://192.0.2.10:8443/records/a_1/pbx1-1732375678.7.mp3');
  });

  it('exports the formats', () => {
    expect(RECORDING_FORMATS).toEqual(['wav', 'mp3']);
    expect(isRecordingFormat('mp3')).toBe(true);
    expect(isRecordingFormat('ogg')).toBe(false);
    expect(isRecordingFormat('WAV')).toBe(false);
  });

  it('lists every invalid part', () => {
    const error = validationErrorOf(() =>
      recordingUrl({
        pbxAddress: 'https://pbx.example.com',
        assistantId: '..',
        uniqueId: '1732375678',
        format: 'ogg' as 'wav',
      }),
    );
    expect(error.problems).toEqual([
      { field: 'pbxAddress', message: expect.stringContaining('without a scheme') },
      { field: 'assistantId', message: expect.stringContaining("assistantId contains '.'") },
      { field: 'uniqueId', message: expect.stringMatching(/not in Asterisk's \$\{UNIQUEID\} form/) },
      { field: 'format', message: "format must be 'wav' or 'mp3'" },
    ]);
    expect(error.message).toMatch(/^Invalid recording URL: /);
  });

  it('rejects path tricks in each part', () => {
    const fieldsOf = (patch: Partial<Record<keyof RecordingUrlParts, unknown>>) =>
      validationErrorOf(() => recordingUrl({ ...good, ...patch } as RecordingUrlParts)).problems.map(
        (p) => p.field,
      );
    expect(fieldsOf({ pbxAddress: 'pbx.example.com/evil' })).toEqual(['pbxAddress']);
    expect(fieldsOf({ pbxAddress: 'evil.com#' })).toEqual(['pbxAddress']);
    expect(fieldsOf({ pbxAddress: 'user@pbx.example.com' })).toEqual(['pbxAddress']);
    expect(fieldsOf({ assistantId: 'a/b' })).toEqual(['assistantId']);
    expect(fieldsOf({ uniqueId: '1.2/../../x' })).toEqual(['uniqueId']);
    expect(fieldsOf({ uniqueId: '' })).toEqual(['uniqueId']);
    expect(fieldsOf({ uniqueId: `${'1'.repeat(150)}.1` })).toEqual(['uniqueId']);
    expect(fieldsOf({ uniqueId: 42 })).toEqual(['uniqueId']);
  });

  it('accepts UNIQUEIDs with and without a system-name prefix', () => {
    for (const uniqueId of ['1732375678.42', '0.0', 'pbx-1-1732375678.42', 'my_pbx-1732375678.1']) {
      expect(recordingUrl({ ...good, uniqueId })).toContain(`/${uniqueId}.wav`);
    }
    for (const uniqueId of ['1732375678.', '.42', 'pbx1732375678.42', '1.2.3', 'pbx-']) {
      expect(() => recordingUrl({ ...good, uniqueId })).toThrow(ValidationError);
    }
  });
});

describe('parseRecordingUrl', () => {
  it('splits a seed URL into its parts', () => {
    expect(parseRecordingUrl('https://pbx.example.com/records/support/1732375678.42.wav')).toEqual(good);
    expect(parseRecordingUrl('HTTPS://[::1]:8443/records/s%75pport/pbx-1.2.mp3')).toEqual({
      pbxAddress: '[::1]:8443',
      assistantId: 'support',
      uniqueId: 'pbx-1.2',
      format: 'mp3',
    });
  });

  it('rejects URLs of another shape', () => {
    for (const url of [
      'http://pbx.example.com/records/support/1.2.wav',
      'https://pbx.example.com/recordings/support/1.2.wav',
      'https://pbx.example.com/records/support/1.2.wav?download=1',
      'https://pbx.example.com/records/support/1.2.wav#t=3',
      'https://pbx.example.com/records/a/b/1.2.wav',
      'https://pbx.example.com/RECORDS/support/1.2.wav',
      '/records/support/1.2.wav',
    ]) {
      expect(validationErrorOf(() => parseRecordingUrl(url)).problems).toEqual([
        { field: 'url', message: expect.stringContaining('not a recording URL') },
      ]);
    }
  });

  it('names the part that is wrong', () => {
    const fieldsOf = (url: string) =>
      validationErrorOf(() => parseRecordingUrl(url)).problems.map((p) => p.field);
    expect(fieldsOf('https://pbx.example.com/records/support/1.2.ogg')).toEqual(['format']);
    expect(fieldsOf('https://pbx.example.com/records/support/12')).toEqual(['format']);
    expect(fieldsOf('https://pbx.example.com/records/%E0%A4%A/1.2.wav')).toEqual(['assistantId']);
    expect(fieldsOf('https://pbx.example.com/records/support/%2e%2e%2F1.2.wav')).toEqual(['uniqueId']);
    expect(fieldsOf('https://pbx.example.com/records/a%2Fb/1.2.wav')).toEqual(['assistantId']);
    expect(fieldsOf('https://u:p@pbx.example.com/records/support/1.2.wav')).toEqual(['pbxAddress']);
    expect(fieldsOf('https:///records/support/1.2.wav')).toEqual(['pbxAddress']);
  });

  it('refuses a host name the platform URL parser refuses (an invalid punycode label)', () => {
    expect(() => recordingUrl({ ...good, pbxAddress: 't.f833-63w3.xn--c8r-q8.local' })).toThrow(
      /pbxAddress is not a host name a URL can hold/,
    );
  });

  it('inverts recordingUrl', () => {
    fc.assert(
      fc.property(arbitraryParts, (parts) => {
        expect(parseRecordingUrl(recordingUrl(parts))).toEqual(parts);
      }),
    );
  });

  it('gives a URL that the platform URL parser reads back to the same path', () => {
    fc.assert(
      fc.property(arbitraryParts, (parts) => {
        const url = new URL(recordingUrl(parts));
        expect(url.protocol).toBe('https:');
        expect(url.pathname).toBe(`/records/${parts.assistantId}/${parts.uniqueId}.${parts.format}`);
        expect(url.search).toBe('');
      }),
    );
  });

  it('throws nothing but ValidationError for garbage', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string().map((tail) => `https://pbx.example.com/records/${tail}`),
          fc.anything(),
        ),
        (input) => {
          try {
            const parts = parseRecordingUrl(input as string);
            expect(recordingUrl(parts)).toEqual(expect.any(String));
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
          }
        },
      ),
    );
  });
});
