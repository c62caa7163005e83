import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { isIpv4 } from '../rules/ip-address.js';
import {
  bareHostProblem,
  codePointLength,
  commentProblem,
  contextProblem,
  describeChar,
  describeValue,
  hostNameProblem,
  hostPortProblem,
  identifierProblem,
  nameProblem,
  SIP_USER_RULE,
  secretProblem,
  throwIfProblems,
} from './problems.js';

describe('describeValue', () => {
  it('names the kind of value without its content', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ secret: 'x' })).toBe('an object');
    expect(describeValue(42)).toBe('a number');
    expect(describeValue('hunter2')).toBe('a string');
    expect(describeValue(10n)).toBe('a bigint');
  });
});

describe('describeChar', () => {
  it('quotes printable ASCII, adds the code point for other scripts and names invisible characters', () => {
    expect(describeChar('/')).toBe("'/'");
    expect(describeChar("'")).toBe(`"'"`);
    expect(describeChar('ж')).toBe("'ж' (U+0436)");
    expect(describeChar('😀')).toBe("'😀' (U+1F600)");
    expect(describeChar(' ')).toBe('a space');
    expect(describeChar('\t')).toBe('an invisible character (U+0009)');
    expect(describeChar('\u200b')).toBe('an invisible character (U+200B)');
  });
});

describe('codePointLength', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('Кухня')).toBe(5);
    expect(codePointLength('😀😀')).toBe(2);
  });
});

describe('throwIfProblems', () => {
  it('does nothing without problems', () => {
    expect(() => throwIfProblems('thing', [])).not.toThrow();
  });

  it('throws a ValidationError carrying every problem', () => {
    const problems = [
      { field: 'a', message: 'a is wrong' },
      { field: 'b', message: 'b is wrong' },
    ];
    try {
      throwIfProblems('thing', problems);
      expect.unreachable('throwIfProblems should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).code).toBe('INVALID_INPUT');
      expect((error as ValidationError).problems).toEqual(problems);
      expect((error as ValidationError).message).toBe('Invalid thing: a: a is wrong; b: b is wrong');
    }
  });
});

describe('identifierProblem', () => {
  it('accepts ids made of the allowed characters', () => {
    for (const id of ['support-bot', 'a', 'A1.b_c-d', '100', 'x'.repeat(64)]) {
      expect(identifierProblem(id, 'id', SIP_USER_RULE)).toBeUndefined();
    }
  });

  it('explains each kind of mistake', () => {
    expect(identifierProblem(undefined, 'id', SIP_USER_RULE)).toBe('id is required');
    expect(identifierProblem(7, 'id', SIP_USER_RULE)).toBe('id must be a string, not a number');
    expect(identifierProblem('', 'id', SIP_USER_RULE)).toMatch(
      /^id must not be empty: enter an id such as support-bot/,
    );
    expect(identifierProblem('a b', 'id', SIP_USER_RULE)).toMatch(
      /^id contains a space; use only Latin letters/,
    );
    expect(identifierProblem('бот', 'id', SIP_USER_RULE)).toContain("'б' (U+0431)");
    expect(identifierProblem('.a', 'id', SIP_USER_RULE)).toBe(
      "id starts with '.'; start it with a letter or a digit",
    );
    expect(identifierProblem('-a', 'id', SIP_USER_RULE)).toBe(
      "id starts with '-'; start it with a letter or a digit",
    );
    expect(identifierProblem('_a', 'id', SIP_USER_RULE)).toContain('dialplan pattern');
    expect(identifierProblem('_a', 'id', { ...SIP_USER_RULE, leadingUnderscore: true })).toBeUndefined();
    expect(identifierProblem('x'.repeat(65), 'id', SIP_USER_RULE)).toBe(
      'id is 65 characters long; shorten it to at most 64',
    );
  });
});

describe('contextProblem', () => {
  it('accepts Asterisk context names up to 79 characters', () => {
    expect(contextProblem('assistant-in', 'context')).toBeUndefined();
    expect(contextProblem('from_external-2', 'context')).toBeUndefined();
    expect(contextProblem('c'.repeat(79), 'context')).toBeUndefined();
  });

  it('rejects empty, long and out-of-charset names', () => {
    expect(contextProblem('', 'context')).toContain('leave it out to use assistant-in');
    expect(contextProblem('c'.repeat(80), 'context')).toContain('at most 79');
    expect(contextProblem('a.b', 'context')).toContain("contains '.'");
    expect(contextProblem('[x]', 'context')).toContain("contains '['");
  });
});

describe('secretProblem', () => {
  const conf = { conf: true, sipUsers: false };
  const sipUsers = { conf: false, sipUsers: true };

  it('accepts ordinary passwords', () => {
    expect(secretProblem('Tr0ub4dor&3', 'password', conf)).toBeUndefined();
    expect(secretProblem('пароль-123', 'password', conf)).toBeUndefined();
    expect(secretProblem('p'.repeat(128), 'password', conf)).toBeUndefined();
  });

  it('rejects missing, empty, long, whitespace and control characters', () => {
    expect(secretProblem(undefined, 'password', conf)).toBe('password is required');
    expect(secretProblem('', 'password', conf)).toBe('password must not be empty');
    expect(secretProblem('p'.repeat(129), 'password', conf)).toBe(
      'password is longer than 128 characters; choose a shorter one',
    );
    for (const bad of ['a b', 'a\tb', 'a\nb', 'a\u0000b', 'a\u200bb', 'a\ud800b']) {
      expect(secretProblem(bad, 'password', conf)).toMatch(/invisible character/);
    }
  });

  it('explains why ; and # break a .conf line, only when the rule asks', () => {
    expect(secretProblem('abc;def', 'password', conf)).toContain('start a comment');
    expect(secretProblem('abc#def', 'password', conf)).toContain('start a comment');
    expect(secretProblem('abc;def', 'password', sipUsers)).toBeUndefined();
  });

  it('rejects : and , for SIP_USERS only', () => {
    expect(secretProblem('a:b', 'password', sipUsers)).toContain('SIP_USERS separates fields');
    expect(secretProblem('a,b', 'password', sipUsers)).toContain('SIP_USERS separates fields');
    expect(secretProblem('a:b', 'password', conf)).toBeUndefined();
  });

  it('never repeats the secret in its message', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 0, maxLength: 200 }), (tail) => {
        const secret = `Zq9x${tail}`;
        const message = secretProblem(secret, 'password', { conf: true, sipUsers: true });
        if (message !== undefined) expect(message).not.toContain(secret);
      }),
    );
  });
});

describe('nameProblem and commentProblem', () => {
  it('accept any script in names and comments', () => {
    expect(nameProblem('Виджет для сайта ТехноМастер', 'name')).toBeUndefined();
    expect(nameProblem('客服 😀', 'name')).toBeUndefined();
    expect(commentProblem('Основная линия техподдержки\tдоб. 1', 'comment')).toBeUndefined();
    expect(commentProblem(undefined, 'comment')).toBeUndefined();
  });

  it('reject blank, multi-line, control characters and length over the limit', () => {
    expect(nameProblem('   ', 'name')).toContain('must not be empty');
    expect(nameProblem('a\nb', 'name')).toBe('name must be a single line: remove the line breaks');
    expect(nameProblem('a\u0007b', 'name')).toContain('U+0007');
    expect(nameProblem('ж'.repeat(200), 'name')).toBeUndefined();
    expect(nameProblem('ж'.repeat(201), 'name')).toBe(
      'name is 201 characters long; shorten it to at most 200',
    );
    expect(nameProblem('a:b', 'name', { chars: /^[^:]$/, reason: 'no colons' })).toBe(
      "name contains ':', no colons",
    );
    expect(commentProblem('a\r\nb', 'comment')).toContain('single line');
    expect(commentProblem('a\u2028b', 'comment')).toContain('single line');
    expect(commentProblem(5, 'comment')).toBe('comment must be a string, not a number');
    expect(commentProblem('c'.repeat(500), 'comment')).toBeUndefined();
    expect(commentProblem('c'.repeat(501), 'comment')).toContain('at most 500');
  });
});

describe('hosts', () => {
  it('recognises dotted-quad IPv4 only', () => {
    expect(isIpv4('192.0.2.10')).toBe(true);
    expect(isIpv4('0.0.0.0')).toBe(true);
    expect(isIpv4('256.0.0.1')).toBe(false);
    expect(isIpv4('01.2.3.4')).toBe(false);
    expect(isIpv4('1.2.3')).toBe(false);
  });

  it('accepts host names and IPv4 addresses', () => {
    for (const host of ['sip.aipbx.com', 'localhost', 'xn--80ak6aa92e.com', '192.0.2.10', 'a-b.c1']) {
      expect(hostNameProblem(host, 'domain')).toBeUndefined();
    }
  });

  it('explains bad host names', () => {
    expect(hostNameProblem('пример.рф', 'domain')).toContain('xn--');
    expect(hostNameProblem('a_b.com', 'domain')).toContain("contains '_'");
    expect(hostNameProblem('a..b', 'domain')).toContain('empty part');
    expect(hostNameProblem('example.com.', 'domain')).toContain('empty part');
    expect(hostNameProblem('-a.com', 'domain')).toContain("'-'");
    expect(hostNameProblem(`${'a'.repeat(64)}.com`, 'domain')).toContain('63');
    expect(hostNameProblem('999.1.1.1', 'domain')).toContain('IPv4');
    expect(hostNameProblem(`${'a.'.repeat(127)}com`, 'domain')).toContain('at most 253');
  });

  it('names a scheme, path, user or port in a bare host', () => {
    expect(bareHostProblem('https://sip.example.com', 'domain')).toContain('without a scheme');
    expect(bareHostProblem('sip:sip.example.com', 'domain')).toContain('without a scheme');
    expect(bareHostProblem('sip.example.com/x', 'domain')).toContain('without a path');
    expect(bareHostProblem('bob@sip.example.com', 'domain')).toContain('without a user part');
    expect(bareHostProblem('sip.example.com:5060', 'domain')).toContain('without a port');
    expect(bareHostProblem('', 'domain')).toContain('must not be empty');
  });

  it('accepts host[:port] with IPv6 in brackets', () => {
    for (const address of [
      'pbx.example.com',
      'pbx.example.com:8443',
      '192.0.2.1:1',
      '[::1]',
      '[2001:db8::1]:65535',
    ]) {
      expect(hostPortProblem(address, 'pbxAddress')).toBeUndefined();
    }
  });

  it('rejects bad host[:port] values with a reason', () => {
    expect(hostPortProblem('https://pbx', 'pbxAddress')).toContain('without a scheme');
    expect(hostPortProblem('pbx/records', 'pbxAddress')).toContain('without a path');
    expect(hostPortProblem('pbx:0', 'pbxAddress')).toContain('invalid port');
    expect(hostPortProblem('pbx:65536', 'pbxAddress')).toContain('invalid port');
    expect(hostPortProblem('pbx:', 'pbxAddress')).toContain('invalid port');
    expect(hostPortProblem(':80', 'pbxAddress')).toContain('no host');
    expect(hostPortProblem('::1', 'pbxAddress')).toContain('more than one');
    expect(hostPortProblem('[zz::1]', 'pbxAddress')).toContain('IPv6');
    expect(hostPortProblem('[1:2:3:4:5:6:7:8:9]', 'pbxAddress')).toContain('IPv6');
    expect(hostPortProblem('u:p@pbx', 'pbxAddress')).toContain('user part');
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), fc.string({ unit: 'binary' }), (value, text) => {
        for (const input of [value, text]) {
          const results = [hostPortProblem(input, 'h'), bareHostProblem(input, 'h')];
          for (const result of results) expect(result === undefined || typeof result === 'string').toBe(true);
        }
      }),
    );
  });
});
