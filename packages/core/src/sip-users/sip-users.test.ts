import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { validationErrorOf } from '../errors/validation-error-of.test-helper.js';
import { formatSipUsers, parseSipUsers, type SipUser, validateSipUsers } from './sip-users.js';

const secretChars = fc.stringMatching(/^[A-Za-z0-9!@$%^&*()_+=\-[\]{}|<>?/~.;#]{1,40}$/);
const user: fc.Arbitrary<SipUser> = fc
  .record({
    extension: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/),
    password: secretChars,
    username: fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,15}$/),
    displayName: fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
      .map((name) => name.replace(/[:,\p{Cc}\u2028\u2029]/gu, 'x').trim())
      .filter((name) => name !== ''),
    wsPassword: fc.option(secretChars, { nil: undefined }),
  })
  .map(({ wsPassword, ...rest }) => (wsPassword === undefined ? rest : { ...rest, wsPassword }));
const users = fc.uniqueArray(user, { selector: (u) => u.extension, maxLength: 6 });

describe('parseSipUsers', () => {
  it('reads the Yeastar doc examples', () => {
    expect(parseSipUsers('extension:password:extension:Display Name')).toEqual([
      { extension: 'extension', password: 'password', username: 'extension', displayName: 'Display Name' },
    ]);
    expect(parseSipUsers('extension:password:extension:Display Name:ws_password')).toEqual([
      {
        extension: 'extension',
        password: 'password',
        username: 'extension',
        displayName: 'Display Name',
        wsPassword: 'ws_password',
      },
    ]);
  });

  it('reads several entries, trimming whitespace around entries and names', () => {
    expect(parseSipUsers(' 101:pa55:101:Front Desk ,\n 102:s3c:auth102: Кухня  :wsS3c , ')).toEqual([
      { extension: '101', password: 'pa55', username: '101', displayName: 'Front Desk' },
      { extension: '102', password: 's3c', username: 'auth102', displayName: 'Кухня', wsPassword: 'wsS3c' },
    ]);
  });

  it('gives [] for an empty or blank string', () => {
    expect(parseSipUsers('')).toEqual([]);
    expect(parseSipUsers('  \n')).toEqual([]);
    expect(parseSipUsers(',')).toEqual([]);
  });

  it('names the entry and field, and never the password', () => {
    const error = validationErrorOf(() =>
      parseSipUsers('101:pa55:101:A,102:pa55:102:B,103::103:C,104:Sekr et1:104:D:Sekr et2'),
    );
    expect(error.problems).toEqual([
      { field: 'SIP_USERS[2].password', message: 'password must not be empty' },
      { field: 'SIP_USERS[3].password', message: expect.stringContaining('invisible character') },
      { field: 'SIP_USERS[3].wsPassword', message: expect.stringContaining('invisible character') },
    ]);
    expect(error.message).toContain('SIP_USERS[2].password: password must not be empty');
    expect(error.message).not.toMatch(/Sekr/);
  });

  it('explains a wrong number of fields without repeating the entry', () => {
    const error = validationErrorOf(() => parseSipUsers('101:pa:ss:101:Name:ws:extra,102:secretpw'));
    expect(error.problems).toEqual([
      {
        field: 'SIP_USERS[0]',
        message: expect.stringMatching(/^entry has 7 fields separated by ':' but needs 4 or 5/),
      },
      { field: 'SIP_USERS[1]', message: expect.stringMatching(/^entry has 2 fields/) },
    ]);
    expect(error.message).not.toContain('secretpw');
  });

  it('rejects empty entries in the middle, empty ws passwords and duplicate extensions', () => {
    const error = validationErrorOf(() => parseSipUsers('101:a:101:A,,102:b:102:B:,101:c:101:C'));
    expect(error.problems).toEqual([
      { field: 'SIP_USERS[1]', message: 'entry is empty; remove the extra comma' },
      { field: 'SIP_USERS[2].wsPassword', message: expect.stringContaining("remove the last ':'") },
      {
        field: 'SIP_USERS[3].extension',
        message: 'extension is already used by SIP_USERS[0]; each extension may appear only once',
      },
    ]);
  });

  it('checks extension, username and display name', () => {
    const fieldsOf = (text: string) =>
      validationErrorOf(() => parseSipUsers(text)).problems.map((p) => p.field);
    expect(fieldsOf('1 01:pw:101:A')).toEqual(['SIP_USERS[0].extension']);
    expect(fieldsOf('_101:pw:101:A')).toEqual(['SIP_USERS[0].extension']);
    expect(fieldsOf('101:pw:user name:A')).toEqual(['SIP_USERS[0].username']);
    expect(fieldsOf('101:pw:101:   ')).toEqual(['SIP_USERS[0].displayName']);
    expect(fieldsOf(':::')).toEqual([
      'SIP_USERS[0].extension',
      'SIP_USERS[0].password',
      'SIP_USERS[0].username',
      'SIP_USERS[0].displayName',
    ]);
  });

  it('refuses a value that is not a string', () => {
    expect(validationErrorOf(() => parseSipUsers(null as unknown as string)).problems).toEqual([
      { field: 'SIP_USERS', message: 'SIP_USERS must be a string, not null' },
    ]);
  });

  it('throws nothing but ValidationError for garbage', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .array(fc.constantFrom(':', ',', ' ', 'a', '1', 'ж', '\n', '\u0000', '_', '.'), { maxLength: 60 })
            .map((chars) => chars.join('')),
          fc.anything(),
        ),
        (input) => {
          try {
            const parsed = parseSipUsers(input as string);
            expect(validateSipUsers(parsed)).toEqual([]);
          } catch (error) {
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).problems.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });

  it('never puts a password into an error message', () => {
    fc.assert(
      fc.property(users, fc.nat(), fc.constantFrom(' ', '\t', ':', ','), (list, at, junk) => {
        fc.pre(list.length > 0);
        const target = list[at % list.length] as SipUser;
        const password = `Q7${target.password}`;
        const broken = list.map((u) => (u === target ? { ...u, password: `${password}${junk}` } : u));
        const text = broken
          .map((u) =>
            [u.extension, u.password, u.username, u.displayName, u.wsPassword]
              .filter((f) => f !== undefined)
              .join(':'),
          )
          .join(',');
        const error = validationErrorOf(() => parseSipUsers(text));
        expect(error.message).not.toContain(password);
      }),
    );
  });
});

describe('formatSipUsers', () => {
  it('writes entries joined by commas', () => {
    expect(
      formatSipUsers([
        { extension: '101', password: 'pa55', username: '101', displayName: 'Front Desk' },
        { extension: '102', password: 's3c', username: '102', displayName: 'Кухня', wsPassword: 'ws' },
      ]),
    ).toBe('101:pa55:101:Front Desk,102:s3c:102:Кухня:ws');
    expect(formatSipUsers([])).toBe('');
  });

  it("rejects values the format can't carry, saying so", () => {
    const error = validationErrorOf(() =>
      formatSipUsers([
        { extension: '101', password: 'a:b', username: '101', displayName: 'Smith, John', wsPassword: 'x,y' },
        { extension: '102', password: 'ok', username: '102', displayName: ' padded ' },
      ]),
    );
    expect(error.problems).toEqual([
      { field: 'SIP_USERS[0].password', message: expect.stringContaining('SIP_USERS separates fields with') },
      { field: 'SIP_USERS[0].displayName', message: expect.stringContaining("','") },
      { field: 'SIP_USERS[0].wsPassword', message: expect.stringContaining('cannot carry') },
      { field: 'SIP_USERS[1].displayName', message: expect.stringContaining('trim it') },
    ]);
  });

  it('rejects duplicates and empty ws passwords', () => {
    const error = validationErrorOf(() =>
      formatSipUsers([
        { extension: '101', password: 'a', username: '101', displayName: 'A', wsPassword: '' },
        { extension: '101', password: 'b', username: '101', displayName: 'B' },
      ]),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['SIP_USERS[0].wsPassword', 'SIP_USERS[1].extension']);
  });

  it('round-trips: parse(format(users)) equals users', () => {
    fc.assert(
      fc.property(users, (list) => {
        expect(parseSipUsers(formatSipUsers(list))).toEqual(list);
      }),
    );
  });

  it('round-trips: format(parse(text)) equals canonical text', () => {
    fc.assert(
      fc.property(users, (list) => {
        const text = formatSipUsers(list);
        expect(formatSipUsers(parseSipUsers(text))).toBe(text);
        expect(formatSipUsers(parseSipUsers(` ${text.split(',').join(' , ')} ,`))).toBe(text);
      }),
    );
  });
});

describe('validateSipUsers', () => {
  it('accepts valid users and reports non-arrays and non-objects', () => {
    expect(validateSipUsers([{ extension: '1', password: 'p', username: '1', displayName: 'N' }])).toEqual(
      [],
    );
    expect(validateSipUsers('101:p:101:N')).toEqual([
      { field: 'SIP_USERS', message: 'expected an array of SIP users, not a string' },
    ]);
    expect(validateSipUsers([null, 5])).toEqual([
      {
        field: 'SIP_USERS[0]',
        message: 'expected an object with extension, password, username and displayName, not null',
      },
      {
        field: 'SIP_USERS[1]',
        message: 'expected an object with extension, password, username and displayName, not a number',
      },
    ]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.array(fc.anything(), { maxLength: 5 }), (value, list) => {
        expect(Array.isArray(validateSipUsers(value))).toBe(true);
        expect(Array.isArray(validateSipUsers(list))).toBe(true);
      }),
    );
  });
});
