import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { isSensitiveKey, REDACTED, redact, redactText } from './redact.js';

/** Printable characters a password may hold, including quotes, `;`, `&`, `@`, `:` and non-ASCII. */
const passwordChar = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~жЯ€'.split(
    '',
  ),
);
/** A secret of at least 4 characters drawn from `chars`, with at least one visible character. */
const secretOf = (chars: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .array(chars, { minLength: 4, maxLength: 24 })
    .map((a) => a.join(''))
    .filter((s) => s.trim().length > 0);
const anySecret = secretOf(passwordChar);
const hexSecret = secretOf(fc.constantFrom(...'0123456789abcdef'.split('')));
const tokenSecret = secretOf(
  fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/'.split('')),
);

/**
 * Checks that `secret`, placed into `shape`, does not survive redaction. Cases where the secret is
 * also part of the surrounding text (the shape with the secret replaced by the marker) say nothing
 * about a leak and are skipped by fast-check's precondition.
 */
function assertHidden(shape: (secret: string) => string, secret: string, ...encodings: string[]): void {
  const skeleton = shape(REDACTED);
  for (const form of [secret, ...encodings]) fc.pre(!skeleton.includes(form));
  const out = redactText(shape(secret));
  for (const form of [secret, ...encodings]) expect(out).not.toContain(form);
}

describe('redactText — examples', () => {
  it.each([
    [
      'AMI login',
      'Action: Login\r\nUsername: admin\r\nSecret: s3cr3t pass\r\n\r\n',
      'Action: Login\r\nUsername: admin\r\nSecret: [REDACTED]\r\n\r\n',
    ],
    [
      'AMI MD5 login key',
      'Action: Login\r\nAuthType: md5\r\nKey: 0123abcd\r\n',
      'Action: Login\r\nAuthType: md5\r\nKey: [REDACTED]\r\n',
    ],
    [
      'manager.conf / ari.conf lines',
      '[admin]\nsecret = abc\\;def ; comment\npassword=xyz\npassword_format = plain\n',
      '[admin]\nsecret = [REDACTED] ; comment\npassword=[REDACTED]\npassword_format = plain\n',
    ],
    [
      'ARI query string',
      'GET /ari/events?app=x&api_key=user:pa%20ss&subscribeAll=true HTTP/1.1',
      'GET /ari/events?app=x&api_key=[REDACTED]&subscribeAll=true HTTP/1.1',
    ],
    [
      'URL userinfo and query',
      'wss://1001:p%40ss@pbx.example.com:8089/ws?password=abc#frag',
      'wss://1001:[REDACTED]@pbx.example.com:8089/ws?password=[REDACTED]#frag',
    ],
    ['URL userinfo with an empty user', 'redis://:pw@cache:6379', 'redis://:[REDACTED]@cache:6379'],
    [
      'SIP URI with a password',
      'dial sip:1001:pw123@pbx.example.com;transport=ws',
      'dial sip:1001:[REDACTED]@pbx.example.com;transport=ws',
    ],
    ['Basic credentials', 'Authorization: Basic dXNlcjpwYXNz\r\n', 'Authorization: Basic [REDACTED]\r\n'],
    ['Bearer credentials', 'authorization: Bearer abc.def\n', 'authorization: Bearer [REDACTED]\n'],
    [
      'a bare bearer token',
      'retrying with Bearer eyJhbGciOi.abc-def_ghi now',
      'retrying with Bearer [REDACTED] now',
    ],
    [
      'SIP Digest: only the response',
      'Proxy-Authorization: Digest username="1001", realm="asterisk", nonce="abc", uri="sip:pbx", response="6629fae49393a05397450978507c4ef1", algorithm=MD5\r\n',
      'Proxy-Authorization: Digest username="1001", realm="asterisk", nonce="abc", uri="sip:pbx", response="[REDACTED]", algorithm=MD5\r\n',
    ],
    [
      'SIP_USERS env line',
      'SIP_USERS=1001:pw1:1001:Alice Smith:wspw1,1002:pw2:1002:Bob',
      'SIP_USERS=1001:[REDACTED]:1001:Alice Smith:[REDACTED],1002:[REDACTED]:1002:Bob',
    ],
    [
      'SIP_USERS in YAML (the seed)',
      '    SIP_USERS: extension:password:extension:Display Name:ws_password',
      '    SIP_USERS: extension:[REDACTED]:extension:Display Name:[REDACTED]',
    ],
    ['SIP_USERS quoted', 'SIP_USERS: "1001:pw:1001:Ann"', 'SIP_USERS: "1001:[REDACTED]:1001:Ann"'],
    [
      'JSON (parsed: redacted by structure, with the object key rule, and still valid JSON)',
      '{"user":"a","password":"p\\"q","token":12345,"key":"k"}',
      '{"user":"a","password":"[REDACTED]","token":"[REDACTED]","key":"[REDACTED]"}',
    ],
    [
      'JSON-like text that does not parse',
      '{"user":"a","password":"p\\"q","token":12345, broken',
      '{"user":"a","password":"[REDACTED]","token":[REDACTED], broken',
    ],
    [
      'an inspected object',
      "{ host: 'pbx', secret: 'abc', port: 5038 }",
      "{ host: 'pbx', secret: '[REDACTED]', port: 5038 }",
    ],
    ['prefixed env names', 'YEASTAR_PASSWORD: ami_password', 'YEASTAR_PASSWORD: [REDACTED]'],
    ['camelCase and dotted keys', 'ariPassword=a wsPassword=b', 'ariPassword=[REDACTED]'],
    ['cookies', 'Cookie: session=abc; theme=dark\r\nHost: x', 'Cookie: [REDACTED]\r\nHost: x'],
  ])('%s', (_name, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'Response: Success\r\nMessage: Authentication accepted\r\n',
    'Username: admin',
    'password_format = plain',
    'the monkey: ok, hotkey=3, key: value',
    'sip:1001@pbx.example.com:5060;transport=udp',
    'wss://pbx.example.com:8089/ws',
    'Basic usage: call connect() first',
    'Event: PeerStatus\r\nPeer: PJSIP/1001\r\nPeerStatus: Reachable\r\n',
    'WWW-Authenticate: Digest realm="asterisk", nonce="1234"',
  ])('leaves text without secrets alone: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('replaces explicit secrets wherever they appear, longest first', () => {
    expect(redactText('user hunter2 typed hunter2x', { secrets: ['hunter2', 'hunter2x'] })).toBe(
      'user [REDACTED] typed [REDACTED]',
    );
  });

  it('ignores empty secrets and secrets contained in the marker', () => {
    expect(redactText('REDACTED is fine', { secrets: ['', 'REDACTED', 'ACT'] })).toBe('REDACTED is fine');
  });

  it('does not throw for a value that is not a string', () => {
    expect(redactText(12 as unknown as string)).toBe('12');
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    expect(redactText(hostile as unknown as string)).toBe(REDACTED);
  });

  it('handles a long line without pathological slowness', () => {
    const text = `${'a.a-'.repeat(50_000)}${'x://'.repeat(20_000)}password=${'q'.repeat(100_000)}`;
    expect(redactText(text).endsWith(`password=${REDACTED}`)).toBe(true);
  });
});

describe('redactText — properties', () => {
  it('hides an AMI Secret / Key header value', () => {
    fc.assert(
      fc.property(anySecret, fc.constantFrom('Secret', 'secret', 'SECRET', 'Key'), (s, header) => {
        assertHidden((v) => `Action: Login\r\nUsername: admin\r\n${header}: ${v}\r\nEvents: off\r\n\r\n`, s);
      }),
      { numRuns: 300 },
    );
  });

  it('hides a .conf / env value, with `;` escaped as Asterisk requires', () => {
    fc.assert(
      fc.property(
        anySecret,
        fc.constantFrom('secret', 'password', 'ws_password', 'ARI_PASSWORD', 'api-key'),
        fc.constantFrom('=', ' = ', ' =', '= '),
        (s, key, eq) => {
          const escaped = s.replace(/\\/g, '\\\\').replace(/;/g, '\\;');
          assertHidden(
            (v) => `[admin]\n${key}${eq}${v === REDACTED ? v : escaped} ; note\nread = all\n`,
            s,
            escaped,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hides query-string credentials', () => {
    fc.assert(
      fc.property(anySecret, anySecret, (s1, s2) => {
        const e1 = encodeURIComponent(s1);
        const e2 = encodeURIComponent(s2);
        const shape = (a: string, b: string) =>
          `GET wss://pbx.example.com:8089/ws?user=1001&password=${a}&api_key=${b}&token=${a}#top`;
        const skeleton = shape(REDACTED, REDACTED);
        for (const form of [s1, s2, e1, e2]) fc.pre(!skeleton.includes(form));
        const out = redactText(shape(e1, e2));
        for (const form of [s1, s2, e1, e2]) expect(out).not.toContain(form);
      }),
      { numRuns: 300 },
    );
  });

  it('hides URL userinfo passwords', () => {
    fc.assert(
      fc.property(anySecret, fc.constantFrom('wss', 'https', 'ws', 'amqp+tls'), (s, scheme) => {
        const encoded = encodeURIComponent(s);
        assertHidden(
          (v) => `connecting to ${scheme}://1001:${v === REDACTED ? v : encoded}@pbx.example.com:8089/ws now`,
          s,
          encoded,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('hides Basic and Bearer credentials', () => {
    fc.assert(
      fc.property(anySecret, tokenSecret, (s, token) => {
        const basic = Buffer.from(`1001:${s}`, 'utf8').toString('base64');
        assertHidden((v) => `INVITE sip:x SIP/2.0\r\nAuthorization: Basic ${v}\r\nVia: x\r\n`, basic);
        assertHidden((v) => `GET / HTTP/1.1\r\nauthorization: Bearer ${v}\r\n`, token);
        assertHidden((v) => `sending Bearer ${v} to ARI`, token);
      }),
      { numRuns: 300 },
    );
  });

  it('hides the Digest response', () => {
    fc.assert(
      fc.property(hexSecret, fc.boolean(), (hash, quoted) => {
        assertHidden(
          (v) =>
            `REGISTER sip:pbx SIP/2.0\r\nAuthorization: Digest username="1001", realm="asterisk", nonce="5f2c", ` +
            `uri="sip:pbx", response=${quoted ? `"${v}"` : v}, algorithm=MD5\r\n`,
          hash,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('hides every password of a SIP_USERS list', () => {
    const field = secretOf(passwordChar.filter((c) => c !== ':' && c !== ','));
    const entry = fc.record({
      ext: fc.integer({ min: 100, max: 99_999 }).map(String),
      password: field,
      name: fc.constantFrom('Alice', 'Bob Smith', 'Reception', 'Оператор'),
      wsPassword: fc.option(field, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('SIP_USERS=', 'SIP_USERS: '),
        (entries, label) => {
          const render = (hide: boolean) =>
            `${label}${entries
              .map((e) =>
                [
                  e.ext,
                  hide ? REDACTED : e.password,
                  e.ext,
                  e.name,
                  ...(e.wsPassword === undefined ? [] : [hide ? REDACTED : e.wsPassword]),
                ].join(':'),
              )
              .join(',')}\nRTP_PORT_MIN: 5700\n`;
          const secrets = entries.flatMap((e) => [
            e.password,
            ...(e.wsPassword === undefined ? [] : [e.wsPassword]),
          ]);
          const skeleton = render(true);
          for (const s of secrets) fc.pre(!skeleton.includes(s));
          const out = redactText(render(false));
          for (const s of secrets) expect(out).not.toContain(s);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hides JSON values of secret keys', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 4, unit: 'grapheme' }),
        fc.constantFrom('password', 'secret', 'apiKey', 'token', 'wsPassword'),
        (s, key) => {
          const json = JSON.stringify(s).slice(1, -1);
          fc.pre(s.trim().length > 0);
          assertHidden(
            (v) =>
              `{"user":"1001",${JSON.stringify(key)}:${v === REDACTED ? `"${v}"` : JSON.stringify(s)},"port":5038}`,
            s,
            json,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hides explicit secrets in any text', () => {
    fc.assert(
      fc.property(
        fc.string(),
        anySecret.filter((s) => !/[[\]]/.test(s)),
        fc.string(),
        (before, s, after) => {
          fc.pre(!REDACTED.includes(s) && !`${before}${REDACTED}${after}`.includes(s));
          expect(redactText(`${before}${s}${after}${s}`, { secrets: [s] })).not.toContain(s);
        },
      ),
      { numRuns: 300 },
    );
  });

  /** Text assembled from the pieces the patterns look for, to shake out interactions between them. */
  const trickyText = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'password',
          'Secret',
          'Key',
          'token',
          'Authorization',
          'SIP_USERS',
          'api_key',
          'user',
          'Digest ',
          'Basic ',
          'Bearer ',
          'response',
          'wss://',
          'sip:',
          '://',
          ':',
          '=',
          ' = ',
          ': ',
          '"',
          "'",
          '\\',
          ';',
          ',',
          '&',
          '?',
          '#',
          '@',
          '[',
          ']',
          '{',
          '}',
          ' ',
          '\t',
          '\n',
          '\r\n',
          REDACTED,
          'abc',
          '1001',
        ),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, fc.string()), (text) => {
        const once = redactText(text);
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 2_000 },
    );
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(trickyText, fc.string({ unit: 'binary' })), (text) => {
        expect(typeof redactText(text)).toBe('string');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('isSensitiveKey', () => {
  it.each([
    'password',
    'Password',
    'passwd',
    'pass',
    'pwd',
    'secret',
    'Secret',
    'api_key',
    'apiKey',
    'api-key',
    'X-API-Key',
    'token',
    'accessToken',
    'Authorization',
    'proxy-authorization',
    'ws_password',
    'wsPassword',
    'ariPassword',
    'ARI_PASSWORD',
    'key',
    'Key',
    'cookie',
    'Set-Cookie',
    'client_secret',
    'privateKey',
  ])('flags %s', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each([
    'user',
    'username',
    'password_format',
    'host',
    'monkey',
    'keys',
    'tokens',
    'secretary',
    'Response',
  ])('does not flag %s', (key) => {
    expect(isSensitiveKey(key)).toBe(false);
  });
});

describe('redact', () => {
  it('replaces values under secret keys at any depth, in arrays and maps (as pairs), without touching the input', () => {
    const input = {
      host: 'pbx',
      username: 'admin',
      secret: 's3cr3t',
      ari: { user: 'bot', ariPassword: { nested: 'x' }, url: 'http://bot:pw@pbx:8088/ari' },
      users: [{ ext: '1001', password: 1234, wsPassword: 'w' }],
      headers: new Map<string, string>([
        ['Authorization', 'Basic abc'],
        ['Via', 'SIP/2.0/WSS'],
      ]),
      tags: new Set(['token=abc']),
      when: new Date(0),
    };
    const snapshot = structuredClone(input);
    expect(redact(input)).toEqual({
      host: 'pbx',
      username: 'admin',
      secret: REDACTED,
      ari: { user: 'bot', ariPassword: REDACTED, url: `http://bot:${REDACTED}@pbx:8088/ari` },
      users: [{ ext: '1001', password: REDACTED, wsPassword: REDACTED }],
      headers: [
        ['Authorization', REDACTED],
        ['Via', 'SIP/2.0/WSS'],
      ],
      tags: [`token=${REDACTED}`],
      when: new Date(0),
    });
    expect(input).toEqual(snapshot);
  });

  it('redacts strings and URLs given directly', () => {
    expect(redact('Secret: x')).toBe(`Secret: ${REDACTED}`);
    expect(redact(new URL('wss://u:p@pbx/ws'))).toBe(`wss://u:${REDACTED}@pbx/ws`);
    expect(redact(42)).toBe(42);
    expect(redact(null)).toBe(null);
  });

  it('marks cycles but copies shared references twice', () => {
    const shared = { password: 'x', n: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({
      shared: { password: REDACTED, n: 1 },
      again: { password: REDACTED, n: 1 },
      self: '[Circular]',
    });
  });

  it('copies errors with the same type, redacting message, stack, cause and fields', () => {
    const inner = new Error('Secret: hunter2');
    const error = new ValidationError('AMI options', [{ field: 'secret', message: 'must not be empty' }], {
      cause: { password: 'p', inner },
    });
    const original = error.message;
    (error as unknown as Record<string, unknown>).url = 'wss://u:topsecret@pbx/ws';
    const copy = redact(error) as ValidationError & { url: string };
    expect(copy).toBeInstanceOf(ValidationError);
    expect(copy).not.toBe(error);
    expect(copy.code).toBe('INVALID_INPUT');
    expect(copy.problems).toEqual([{ field: 'secret', message: 'must not be empty' }]);
    expect(copy.url).toBe(`wss://u:${REDACTED}@pbx/ws`);
    const cause = copy.cause as { password: string; inner: Error };
    expect(cause.password).toBe(REDACTED);
    expect(cause.inner.message).toBe(`Secret: ${REDACTED}`);
    expect(cause.inner.stack).not.toContain('hunter2');
    expect(Object.keys(copy)).toEqual(Object.keys(error));
    expect(error.message).toBe(original);
    expect(inner.message).toBe('Secret: hunter2');
  });

  it('replaces explicit secrets in nested strings', () => {
    expect(redact({ note: 'pw is Tr0ub4dor', list: ['Tr0ub4dor'] }, { secrets: ['Tr0ub4dor'] })).toEqual({
      note: `pw is ${REDACTED}`,
      list: [REDACTED],
    });
  });

  it('survives throwing getters, deep nesting and a __proto__ key', () => {
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
    };
    expect(redact(hostile)).toEqual({ boom: '[Unreadable]' });
    let deep: Record<string, unknown> = { password: 'x' };
    for (let i = 0; i < 40; i++) deep = { next: deep };
    expect(JSON.stringify(redact(deep))).toContain('[Truncated]');
    const proto = JSON.parse('{"__proto__": {"password": "x"}}') as object;
    const copy = redact(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ password: REDACTED });
  });

  it('hides a secret under any secret key at any depth', () => {
    const key = fc.constantFrom(
      'password',
      'secret',
      'Secret',
      'wsPassword',
      'ws_password',
      'ariPassword',
      'api_key',
      'apiKey',
      'token',
      'Key',
      'Authorization',
      'cookie',
    );
    fc.assert(
      fc.property(
        anySecret,
        key,
        fc.array(fc.constantFrom('a', 'b', 'config'), { maxLength: 5 }),
        (s, k, path) => {
          let value: unknown = { [k]: s, other: 'visible' };
          for (const segment of path) value = { [segment]: [value] };
          fc.pre(!'visible'.includes(s));
          const out = JSON.stringify(redact(value));
          expect(out).not.toContain(JSON.stringify(s).slice(1, -1));
          expect(out).toContain('visible');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is idempotent, never throws and never mutates its input', () => {
    fc.assert(
      fc.property(
        fc.anything({ withMap: true, withSet: true, withDate: true, withNullPrototype: true }),
        (value) => {
          const before = structuredClone(value);
          const once = redact(value);
          expect(redact(once)).toEqual(once);
          expect(value).toEqual(before);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('secrets that used to survive', () => {
  it('decodes byte views as UTF-8 text and redacts it', () => {
    const frame = 'Action: Login\r\nSecret: hunter2\r\n';
    const expected = `Action: Login\r\nSecret: ${REDACTED}\r\n`;
    const bytes = new TextEncoder().encode(frame);
    expect(redact(bytes)).toBe(expected);
    expect(redact(Buffer.from(frame))).toBe(expected);
    expect(redact(new DataView(bytes.buffer))).toBe(expected);
    expect(redact(bytes.buffer)).toBe(expected);
    expect(redact(Buffer.from(`xxSecret: hunter2\r\n`).subarray(2))).toBe(`Secret: ${REDACTED}\r\n`);
    expect(redact({ body: Buffer.from('password=hunter2') })).toEqual({ body: `password=${REDACTED}` });
    const big = redact(Buffer.from(`Secret: hunter2\r\n${'a'.repeat(70_000)}`)) as string;
    expect(big).not.toContain('hunter2');
    expect(big.endsWith(`…[${70_017 - 65_536} more bytes]`)).toBe(true);
  });

  it('hides values that follow a secret name in lists, entry pairs, Maps and Headers', () => {
    expect(redact({ rawHeaders: ['Authorization', 'Basic dXNlcjpwYXNz', 'Host', 'x'] })).toEqual({
      rawHeaders: ['Authorization', REDACTED, 'Host', 'x'],
    });
    expect(redact(['node', 'cli.js', '--password', 'hunter2', '--verbose'])).toEqual([
      'node',
      'cli.js',
      '--password',
      REDACTED,
      '--verbose',
    ]);
    expect(redact([['password', 'x']])).toEqual([['password', REDACTED]]);
    expect(
      redact(
        new Map<unknown, unknown>([
          ['password', 'x'],
          ['user', 'bob'],
        ]),
      ),
    ).toEqual([
      ['password', REDACTED],
      ['user', 'bob'],
    ]);
    expect(redact(new Headers({ Authorization: 'Bearer abc', Accept: 'text/plain' }))).toEqual([
      ['accept', 'text/plain'],
      ['authorization', REDACTED],
    ]);
    expect(redact(new URLSearchParams('user=bob&api_key=k1'))).toEqual([
      ['user', 'bob'],
      ['api_key', REDACTED],
    ]);
    expect(redact(new Set(['token=abc', 'plain']))).toEqual([`token=${REDACTED}`, 'plain']);
  });

  const newlySensitive = [
    'ARI_PASS',
    'ariPass',
    'pw',
    'PW',
    'auth',
    'credentials',
    'credential',
    'creds',
    'passwd',
    'pass_phrase',
    'sip_pass',
    'amiPass',
    'userpass',
  ];
  const readable = [
    'password_format',
    'passthrough',
    'moh_passthrough',
    'bypass',
    'compass',
    'auth_type',
    'authenticated',
    'author',
    'keyFile',
    'certFile',
    'tokens_used',
  ];

  it('flags more secret key names, in objects and in text', () => {
    for (const key of newlySensitive) {
      expect(isSensitiveKey(key), key).toBe(true);
      expect(redact({ [key]: 'user:pass' }), key).toEqual({ [key]: REDACTED });
      expect(redactText(`${key}=user:pass`), key).toBe(`${key}=${REDACTED}`);
    }
  });

  it('keeps look-alike key names readable', () => {
    for (const key of readable) {
      expect(isSensitiveKey(key), key).toBe(false);
      expect(redact({ [key]: 'plain' }), key).toEqual({ [key]: 'plain' });
      expect(redactText(`${key} = userpass`), key).toBe(`${key} = userpass`);
    }
  });

  it.each([
    ['mycli --password=hunter2 --host pbx', `mycli --password=${REDACTED} --host pbx`],
    ['mycli --password hunter2 --host pbx', `mycli --password ${REDACTED} --host pbx`],
    ['run --secret=s3 -v', `run --secret=${REDACTED} -v`],
    ['keytool -storepass changeit -v', `keytool -storepass ${REDACTED} -v`],
    ['curl -u bob:hunter2 https://pbx/ari', `curl -u bob:${REDACTED} https://pbx/ari`],
    ['curl --user bob:hunter2 https://pbx/ari', `curl --user bob:${REDACTED} https://pbx/ari`],
    [
      "curl -H 'Authorization: Basic dXNlcjpwYXNz' https://pbx/ari",
      `curl -H 'Authorization: Basic ${REDACTED}' https://pbx/ari`,
    ],
    ['sent Basic dXNlcjpwYXNz to the PBX', `sent Basic ${REDACTED} to the PBX`],
    ['sshpass -p hunter2 ssh root@pbx', `sshpass -p ${REDACTED} ssh root@pbx`],
  ])('hides command-line credentials: %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'ssh -p 2222 root@pbx',
    'curl -u bob https://pbx/ari',
    'docker login --password-stdin',
    'Basic settings: see docs',
  ])('keeps harmless command lines readable: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it.each([
    ['wss://user:pa/ss@host/ws', `wss://user:${REDACTED}@host/ws`],
    ['https://u:p?x@h', `https://u:${REDACTED}@h`],
    ['ari://u:p#x@h', `ari://u:${REDACTED}@h`],
    ['clone https://ghp_abcdef0123456789@github.com/o/r', `clone https://${REDACTED}@github.com/o/r`],
    ['https://user:@h/x', `https://${REDACTED}:@h/x`],
  ])('hides URL userinfo variants: %j', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    'sip:alice@example.com',
    'To: <sip:alice@example.com>;tag=1, <sips:bob@pbx.example.com:5061>',
    'ssh://git@github.com/o/r',
  ])('keeps user-only SIP and ssh addresses readable: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('hides values after escaped quoted keys', () => {
    expect(redactText('{"config":"{\\"password\\":\\"x\\"}"}')).toBe(
      `{"config":"{\\"password\\":\\"${REDACTED}\\"}"}`,
    );
    expect(redactText('ARI said body="{\\"secret\\": \\"x\\", \\"user\\": \\"bob\\"}" at 12:00')).toBe(
      `ARI said body="{\\"secret\\": \\"${REDACTED}\\", \\"user\\": \\"bob\\"}" at 12:00`,
    );
    expect(redact({ config: '{"password":"x","user":"bob"}' })).toEqual({
      config: `{"password":"${REDACTED}","user":"bob"}`,
    });
  });
});

describe('secrets that used to survive — properties', () => {
  /** Printable ASCII secrets of 4–40 characters, not blank, that neither contain nor hide in the marker. */
  const printableSecret = fc
    .string({ minLength: 4, maxLength: 40 })
    .filter((s) => s.trim() !== '' && !s.includes(REDACTED) && !REDACTED.includes(s));
  /** A secret that is one command-line word: no whitespace (a space would end the word). */
  const wordSecret = printableSecret.filter((s) => !/\s/.test(s));
  /**
   * A URL password: no whitespace (it would end the URL); not up to five digits then `/`, `?` or
   * `#` (read as `host:port/path`); no `@` before a `/`, `?` or `#` (read as `user:pass@host/path`).
   */
  const urlSecret = wordSecret.filter((s) => !/^\d{0,5}[/?#]/.test(s) && !/@.*[/?#]/.test(s));
  const secretKey = fc.constantFrom(
    'password',
    'secret',
    'ARI_PASS',
    'ariPass',
    'pw',
    'auth',
    'credentials',
    'creds',
    'passwd',
    'pass_phrase',
    'sip_pass',
    'amiPass',
    'userpass',
    'api_key',
    'Authorization',
  );

  /** Like `assertHidden`, for {@link redact}: the JSON of the result never holds the secret. */
  function assertRedactHides(build: (secret: string) => unknown, secret: string): void {
    const form = JSON.stringify(secret).slice(1, -1);
    fc.pre(!JSON.stringify(redact(build(REDACTED))).includes(form));
    expect(JSON.stringify(redact(build(secret)))).not.toContain(form);
  }

  it('hides a secret in every text shape', () => {
    fc.assert(
      fc.property(printableSecret, wordSecret, urlSecret, (s, word, url) => {
        assertHidden((v) => `Action: Login\r\nSecret: ${v}\r\n\r\n`, s);
        assertHidden((v) => `mycli --password=${v} --verbose`, word);
        assertHidden((v) => `mycli --password ${v} --verbose`, word);
        assertHidden((v) => `curl -u bob:${v} https://pbx/ari`, word);
        assertHidden((v) => `connecting to wss://bob:${v}@host/ws now`, url);
        const json1 = JSON.stringify(s).slice(1, -1);
        const json2 = JSON.stringify(json1).slice(1, -1);
        assertHidden((v) => JSON.stringify(JSON.stringify({ user: 'bob', password: v })), s, json1, json2);
      }),
      { numRuns: 300 },
    );
  });

  it('hides a secret in byte buffers, name/value lists, entries and under secret keys', () => {
    fc.assert(
      fc.property(
        printableSecret,
        secretKey,
        fc.constantFrom('Authorization', 'Cookie', 'Proxy-Authorization', 'X-Api-Key'),
        (s, key, header) => {
          assertRedactHides((v) => Buffer.from(`Action: Login\r\nSecret: ${v}\r\n`), s);
          assertRedactHides((v) => new TextEncoder().encode(`{"secret": "x"}\nSecret: ${v}`).buffer, s);
          assertRedactHides((v) => ({ rawHeaders: ['Host', 'pbx', header, v, 'Accept', '*/*'] }), s);
          assertRedactHides(
            (v) => [
              ['user', 'bob'],
              [key, v],
            ],
            s,
          );
          assertRedactHides(
            (v) =>
              new Map([
                ['user', 'bob'],
                [key, v],
              ]),
            s,
          );
          assertRedactHides(
            (v) =>
              new Headers([
                ['Host', 'pbx'],
                [header, v],
              ]),
            s,
          );
          assertRedactHides((v) => ({ config: { users: [{ name: 'bob', [key]: v }] } }), s);
        },
      ),
      { numRuns: 300 },
    );
  });

  const anyValue = fc.anything({
    withMap: true,
    withSet: true,
    withDate: true,
    withNullPrototype: true,
    withTypedArray: true,
    withSparseArray: true,
    withBigInt: true,
    withBoxedValues: true,
  });
  const byteViews = fc.oneof(
    fc.uint8Array(),
    fc.int32Array(),
    fc.float64Array(),
    fc.uint8Array().map((a) => new DataView(a.buffer)),
    fc.uint8Array().map((a) => a.buffer),
    fc.string().map((s) => Buffer.from(`Secret: ${s}\r\n`)),
  );
  const jsonText = fc.oneof(
    fc.json(),
    fc.json().map((j) => JSON.stringify(j)),
    fc.json().map((j) => JSON.stringify(j, null, 2)),
  );

  it('redact is idempotent and never throws, also on typed arrays', () => {
    fc.assert(
      fc.property(fc.oneof(anyValue, byteViews, fc.array(byteViews), jsonText), (value) => {
        const once = redact(value);
        expect(redact(once)).toEqual(once);
      }),
      { numRuns: 1_000 },
    );
  });

  it('redactText is idempotent and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), jsonText), (text) => {
        const once = redactText(text);
        expect(typeof once).toBe('string');
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 2_000 },
    );
  });

  it('survives hostile proxies and deep JSON text', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const trap = new Proxy(new Map([['password', 'x']]), {});
    const angry = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    expect(redact({ proxy, trap, angry, ok: 'Secret: x' })).toEqual({
      proxy: '[Unreadable]',
      trap: '[Unreadable]',
      angry: '[Unreadable]',
      ok: `Secret: ${REDACTED}`,
    });
    // Too deep to redact by structure without truncating it: the text rules apply instead.
    const deep = (v: string) => `${'['.repeat(40)}{"password":"${v}"}${']'.repeat(40)}`;
    expect(redactText(deep('x'))).toBe(deep(REDACTED));
  });
});
