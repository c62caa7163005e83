import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validationErrorOf } from '../errors/validation-error-of.test-helper.js';
import { createPbx, type PbxInput, pbxAddress, validatePbx } from './pbx.js';

const good: PbxInput = {
  name: 'Офис Москва',
  wssUrl: 'wss://your-asterisk.com:8089/ws',
  ariUrl: 'https://your-asterisk.com:8089',
  ariUsername: 'asterisk',
  ariPassword: 'Ari-Pa55',
};

/** The message of the only problem with `field` when `patch` is applied to the good PBX. */
function messageFor(patch: Partial<Record<keyof PbxInput, unknown>>): string | undefined {
  const problems = validatePbx({ ...good, ...patch });
  expect(problems).toHaveLength(1);
  return problems[0]?.message;
}

describe('createPbx', () => {
  it('accepts the seed form and defaults the context', () => {
    const pbx = createPbx(good);
    expect(pbx).toEqual({ ...good, context: 'assistant-in' });
    expect(Object.isFrozen(pbx)).toBe(true);
  });

  it('keeps a given context and comment', () => {
    expect(createPbx({ ...good, context: 'ai-in', comment: 'Основной офис' })).toMatchObject({
      context: 'ai-in',
      comment: 'Основной офис',
    });
  });

  it('lists every problem and never the password or URLs', () => {
    const error = validationErrorOf(() =>
      createPbx({
        name: '',
        wssUrl: 'ws://admin:topsecret1@pbx.example.com:8088/ws',
        ariUrl: 'https://admin:topsecret2@pbx.example.com',
        ariUsername: 'has space',
        ariPassword: 'topsecret3;',
        context: 'a.b',
        comment: 'x\ny',
      }),
    );
    expect(error.problems.map((p) => p.field)).toEqual([
      'name',
      'wssUrl',
      'ariUrl',
      'ariUsername',
      'ariPassword',
      'context',
      'comment',
    ]);
    expect(error.message).toMatch(/^Invalid PBX: /);
    expect(error.message).not.toMatch(/topsecret|admin|pbx\.example\.com/);
  });
});

describe('validatePbx: wssUrl', () => {
  it('accepts wss URLs with a host and a path', () => {
    for (const wssUrl of ['wss://pbx.example.com/ws', 'wss://192.0.2.1:8089/ws', 'wss://[::1]:8089/ws?x=1']) {
      expect(validatePbx({ ...good, wssUrl })).toEqual([]);
    }
  });

  it('explains that TLS is mandatory when given ws://', () => {
    expect(messageFor({ wssUrl: 'ws://pbx.example.com:8088/ws' })).toMatch(
      /^wssUrl uses ws:\/\/, but TLS is mandatory .* change it to wss:\/\//,
    );
  });

  it('rejects other schemes, missing paths, credentials and fragments', () => {
    expect(messageFor({ wssUrl: 'https://pbx.example.com/ws' })).toContain('must start with wss://');
    expect(messageFor({ wssUrl: 'wss://pbx.example.com:8089' })).toContain('no path');
    expect(messageFor({ wssUrl: 'wss://pbx.example.com:8089/' })).toContain('no path');
    expect(messageFor({ wssUrl: 'wss://u:p@pbx.example.com/ws' })).toContain('ariPassword');
    expect(messageFor({ wssUrl: 'wss://u@pbx.example.com/ws' })).toContain('user name or password');
    expect(messageFor({ wssUrl: 'wss://pbx.example.com/ws#x' })).toContain('fragment');
    expect(messageFor({ wssUrl: 'wss://pbx.example.com/ws#' })).toContain('fragment');
    expect(messageFor({ wssUrl: 'pbx.example.com:8089/ws' })).toContain('wss://');
    expect(messageFor({ wssUrl: 'not a url' })).toContain('whitespace');
    expect(messageFor({ wssUrl: 'wss://' })).toContain('not a valid absolute URL');
    expect(messageFor({ wssUrl: '' })).toContain('must not be empty');
    expect(messageFor({ wssUrl: undefined })).toBe('wssUrl is required');
  });
});

describe('validatePbx: ariUrl', () => {
  it('accepts http and https base URLs, with or without a path', () => {
    for (const ariUrl of [
      'https://pbx.example.com:8089',
      'http://127.0.0.1:8088',
      'https://pbx.example.com/asterisk/',
    ]) {
      expect(validatePbx({ ...good, ariUrl })).toEqual([]);
    }
  });

  it('rejects other schemes, credentials, queries and fragments', () => {
    expect(messageFor({ ariUrl: 'wss://pbx.example.com:8089/ws' })).toContain('must start with https://');
    expect(messageFor({ ariUrl: 'https://asterisk:pw@pbx.example.com' })).toContain(
      'put them in the ariUsername and ariPassword fields',
    );
    expect(messageFor({ ariUrl: 'https://pbx.example.com/?api_key=x' })).toContain('query');
    expect(messageFor({ ariUrl: 'https://pbx.example.com/?' })).toContain('query');
    expect(messageFor({ ariUrl: 'https://pbx.example.com/#top' })).toContain('fragment');
  });
});

describe('validatePbx: other fields', () => {
  it('checks the ARI user name charset', () => {
    expect(validatePbx({ ...good, ariUsername: 'ari.user@pbx-1_a' })).toEqual([]);
    expect(messageFor({ ariUsername: '' })).toContain('must not be empty');
    expect(messageFor({ ariUsername: 'ari user' })).toContain('contains a space');
    expect(messageFor({ ariUsername: '[ari]' })).toContain("contains '['");
    expect(messageFor({ ariUsername: 'a'.repeat(80) })).toContain('at most 79');
  });

  it('applies the SIP password rule to the ARI password', () => {
    expect(messageFor({ ariPassword: '' })).toBe('ariPassword must not be empty');
    expect(messageFor({ ariPassword: 'a#b' })).toContain('start a comment');
    expect(messageFor({ ariPassword: 'a b' })).toContain('invisible character');
  });

  it('reports a non-object input as one problem', () => {
    expect(validatePbx('wss://x/ws')).toEqual([
      {
        field: 'pbx',
        message: 'expected an object with name, wssUrl, ariUrl, ariUsername and ariPassword, not a string',
      },
    ]);
  });

  it('never throws and never echoes URL text or the password', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
        fc.anything(),
        (url, other) => {
          const problems = validatePbx({
            name: other,
            wssUrl: url,
            ariUrl: url,
            ariUsername: other,
            ariPassword: url,
          });
          for (const problem of problems) expect(problem.message).not.toContain(url);
        },
      ),
    );
  });
});

describe('pbxAddress', () => {
  it('gives the host name of the ARI URL, without port', () => {
    expect(pbxAddress(good)).toBe('your-asterisk.com');
    expect(pbxAddress({ ariUrl: 'http://192.0.2.5:8088' })).toBe('192.0.2.5');
    expect(pbxAddress({ ariUrl: 'https://[2001:db8::1]:8089' })).toBe('[2001:db8::1]');
    expect(pbxAddress({ ariUrl: 'https://PBX.Example.COM' })).toBe('pbx.example.com');
  });

  it('throws a ValidationError for an invalid ARI URL', () => {
    const error = validationErrorOf(() => pbxAddress({ ariUrl: 'ftp://pbx.example.com' }));
    expect(error.problems).toEqual([{ field: 'ariUrl', message: expect.stringContaining('https://') }]);
  });
});
