import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validationErrorOf } from '../errors/validation-error-of.test-helper.js';
import {
  createSipUri,
  DEFAULT_CONTEXT,
  DEFAULT_SIP_DOMAIN,
  isValidAssistantId,
  isValidContext,
  isValidDomain,
  isValidPassword,
  isValidSipUser,
  type SipUriInput,
  sipAddress,
  validateSipUri,
} from './sip-uri.js';

const good: SipUriInput = { id: 'support-bot', password: 'Xk29-pq!', assistant: 'support' };

describe('createSipUri', () => {
  it('applies the seed defaults and gives the seed address', () => {
    const sipUri = createSipUri(good);
    expect(sipUri).toEqual({
      id: 'support-bot',
      password: 'Xk29-pq!',
      assistant: 'support',
      context: 'assistant-in',
      domain: 'sip.aipbx.com',
    });
    expect(DEFAULT_CONTEXT).toBe('assistant-in');
    expect(DEFAULT_SIP_DOMAIN).toBe('sip.aipbx.com');
    expect(sipAddress(sipUri)).toBe('sip:support-bot@sip.aipbx.com');
  });

  it('keeps given context, domain and comment, and drops unknown fields', () => {
    const input = {
      ...good,
      context: 'from-external',
      domain: '192.0.2.7',
      comment: 'Основная линия техподдержки',
      extra: 1,
    };
    const sipUri = createSipUri(input);
    expect(sipUri).toEqual({
      id: 'support-bot',
      password: 'Xk29-pq!',
      assistant: 'support',
      context: 'from-external',
      domain: '192.0.2.7',
      comment: 'Основная линия техподдержки',
    });
    expect(sipAddress(sipUri)).toBe('sip:support-bot@192.0.2.7');
  });

  it('returns a frozen object', () => {
    const sipUri = createSipUri(good);
    expect(Object.isFrozen(sipUri)).toBe(true);
    expect(() => {
      (sipUri as { id: string }).id = 'other';
    }).toThrow(TypeError);
  });

  it('throws one ValidationError listing every problem, without the password', () => {
    const error = validationErrorOf(() =>
      createSipUri({
        id: '.bot',
        password: 'hunter2;rest',
        assistant: 'a/b',
        context: 'bad context',
        domain: 'sip://x',
        comment: 'two\nlines',
      }),
    );
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.problems.map((p) => p.field)).toEqual([
      'id',
      'password',
      'assistant',
      'context',
      'domain',
      'comment',
    ]);
    expect(error.message).toMatch(/^Invalid SIP URI: id: /);
    expect(error.message).not.toContain('hunter2');
    expect(error.problems[1]?.message).toContain('start a comment');
  });
});

describe('validateSipUri', () => {
  it('returns no problems for a valid input', () => {
    expect(validateSipUri(good)).toEqual([]);
    expect(validateSipUri({ ...good, comment: undefined })).toEqual([]);
  });

  it('reports missing required fields', () => {
    expect(validateSipUri({})).toEqual([
      { field: 'id', message: 'id is required' },
      { field: 'password', message: 'password is required' },
      { field: 'assistant', message: 'assistant is required' },
    ]);
  });

  it('reports a non-object input as one problem', () => {
    for (const input of [null, undefined, 'sip:x@y', 3, []]) {
      const problems = validateSipUri(input);
      expect(problems).toHaveLength(1);
      expect(problems[0]?.field).toBe('sipUri');
      expect(problems[0]?.message).toMatch(/^expected an object with id, password and assistant, not /);
    }
  });

  it('rejects an empty context and domain instead of defaulting them', () => {
    expect(validateSipUri({ ...good, context: '', domain: '' }).map((p) => p.field)).toEqual([
      'context',
      'domain',
    ]);
  });

  it('explains each password rule', () => {
    const messageFor = (password: unknown) => validateSipUri({ ...good, password })[0]?.message;
    expect(messageFor('')).toBe('password must not be empty');
    expect(messageFor('with space')).toContain('invisible character');
    expect(messageFor('semi;colon')).toContain("Asterisk .conf files start a comment at ';'");
    expect(messageFor('hash#tag')).toContain("'#'");
    expect(messageFor('x'.repeat(129))).toContain('128');
  });

  it('never throws and never echoes the password, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.anything(),
          assistant: fc.anything(),
          context: fc.anything(),
          domain: fc.anything(),
        }),
        fc.string({ unit: 'binary', maxLength: 150 }),
        (fields, tail) => {
          const password = `Pw7${tail}`;
          const problems = validateSipUri({ ...fields, password });
          for (const problem of problems) {
            expect(typeof problem.field).toBe('string');
            expect(problem.message).not.toContain(password);
          }
        },
      ),
    );
  });

  it('agrees with createSipUri', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            id: fc.stringMatching(/^[A-Za-z0-9._ -]{0,70}$/),
            password: fc.string({ maxLength: 130 }),
            assistant: fc.stringMatching(/^[A-Za-z0-9._-]{0,70}$/),
            context: fc.stringMatching(/^[A-Za-z0-9._-]{0,5}$/),
          },
          { requiredKeys: ['id', 'password', 'assistant'] },
        ),
        (input) => {
          const problems = validateSipUri(input);
          if (problems.length === 0) {
            expect(createSipUri(input).id).toBe(input.id);
          } else {
            expect(validationErrorOf(() => createSipUri(input)).problems).toEqual(problems);
          }
        },
      ),
    );
  });
});

describe('reusable checks', () => {
  it('isValidSipUser follows the SIP user rule', () => {
    for (const ok of ['support-bot', '100', 'a.b_c', 'A'.repeat(64)]) expect(isValidSipUser(ok)).toBe(true);
    for (const bad of ['', '_x', '.x', '-x', 'a b', 'a@b', 'a:b', 'a;b', 'ж', 'A'.repeat(65), 5, null]) {
      expect(isValidSipUser(bad)).toBe(false);
    }
  });

  it('isValidAssistantId allows "_" inside but not first (the id is a dialled extension), no . anywhere nor a leading -', () => {
    expect(isValidAssistantId('_internal')).toBe(false);
    expect(isValidAssistantId('support_v2')).toBe(true);
    expect(isValidAssistantId('support.v2')).toBe(false);
    expect(isValidAssistantId('..')).toBe(false);
    expect(isValidAssistantId('a/b')).toBe(false);
    expect(isValidAssistantId('-a')).toBe(false);
  });

  it('isValidContext, isValidPassword and isValidDomain', () => {
    expect(isValidContext('assistant-in')).toBe(true);
    expect(isValidContext('_hidden')).toBe(false);
    expect(isValidContext('-x')).toBe(false);
    expect(isValidContext('assistant in')).toBe(false);
    expect(isValidPassword('s3cr3t!')).toBe(true);
    expect(isValidPassword('s3c;r3t')).toBe(false);
    expect(isValidDomain('sip.aipbx.com')).toBe(true);
    expect(isValidDomain('sip.aipbx.com:5060')).toBe(false);
  });

  it('accept only strings made of the allowed characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (value) => {
        if (isValidSipUser(value)) expect(value).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
        if (isValidAssistantId(value)) expect(value).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/);
        if (isValidContext(value)) expect(value).toMatch(/^[A-Za-z0-9_-]{1,79}$/);
      }),
    );
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/), (value) => {
        expect(isValidSipUser(value)).toBe(true);
        expect(isValidAssistantId(value)).toBe(!value.includes('.'));
      }),
    );
  });
});

describe('sipAddress', () => {
  it('builds sip:{id}@{domain}', () => {
    expect(sipAddress({ id: 'pizza-order', domain: 'sip.aipbx.com' })).toBe('sip:pizza-order@sip.aipbx.com');
  });

  it('refuses parts that would not make an address', () => {
    const error = validationErrorOf(() => sipAddress({ id: 'a b', domain: 'x.com/y' }));
    expect(error.problems.map((p) => p.field)).toEqual(['id', 'domain']);
    expect(error.message).toMatch(/^Invalid SIP address: /);
  });
});
