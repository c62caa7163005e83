import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import { validationErrorOf } from '../errors/validation-error-of.test-helper.js';
import {
  createWidget,
  DEFAULT_WIDGET_BASE_URL,
  type EmbedCodeOptions,
  validateWidget,
  type WidgetInput,
  widgetEmbedCode,
} from './widget.js';

const good: WidgetInput = {
  id: 'widget-abc123',
  name: 'Виджет для сайта ТехноМастер',
  assistant: 'support',
  sipUri: 'support-webrtc',
};

const sha256 = `sha256-${'A'.repeat(43)}=`;
const sha384 = `sha384-${'oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC'}`;
const sha512 = `sha512-${'z'.repeat(86)}==`;

describe('createWidget', () => {
  it('returns a frozen widget with the model fields only', () => {
    const widget = createWidget({
      ...good,
      comment: 'Для главной страницы сайта',
      extra: true,
    } as WidgetInput);
    expect(widget).toEqual({ ...good, comment: 'Для главной страницы сайта' });
    expect(Object.isFrozen(widget)).toBe(true);
  });

  it('lists every problem in one ValidationError', () => {
    const error = validationErrorOf(() =>
      createWidget({ id: 'my widget', name: '', assistant: '.x', sipUri: '_pattern', comment: 'a\nb' }),
    );
    expect(error.problems.map((p) => p.field)).toEqual(['id', 'name', 'assistant', 'sipUri', 'comment']);
    expect(error.problems[0]?.message).toContain('embed script URL');
    expect(error.problems[3]?.message).toContain('dialplan pattern');
    expect(error.message).toMatch(/^Invalid widget: id: /);
  });
});

describe('validateWidget', () => {
  it('accepts the seed widget and names of any script up to 200 characters', () => {
    expect(validateWidget(good)).toEqual([]);
    expect(validateWidget({ ...good, name: 'ж'.repeat(200) })).toEqual([]);
  });

  it('rejects long names and non-objects', () => {
    expect(validateWidget({ ...good, name: 'ж'.repeat(201) })[0]?.field).toBe('name');
    expect(validateWidget(null)).toEqual([
      { field: 'widget', message: 'expected an object with id, name, assistant and sipUri, not null' },
    ]);
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const problems = validateWidget(value);
        expect(Array.isArray(problems)).toBe(true);
      }),
    );
  });
});

describe('widgetEmbedCode', () => {
  it('produces exactly the seed embed code by default', () => {
    expect(widgetEmbedCode({ id: 'widget-abc123' })).toBe(
      '<script src="https://aipbx.com/widget/widget-abc123.js"></script>',
    );
    expect(DEFAULT_WIDGET_BASE_URL).toBe('https://aipbx.com/widget/');
  });

  it('takes a base URL with or without the trailing slash', () => {
    const expected = '<script src="https://cdn.example.com/aipbx/w/widget-abc123.js"></script>';
    expect(widgetEmbedCode(good, { baseUrl: 'https://cdn.example.com/aipbx/w' })).toBe(expected);
    expect(widgetEmbedCode(good, { baseUrl: 'https://cdn.example.com/aipbx/w/' })).toBe(expected);
    expect(widgetEmbedCode(good, { baseUrl: 'https://cdn.example.com' })).toBe(
      '<script src="https://cdn.example.com/widget-abc123.js"></script>',
    );
  });

  it('allows http only on localhost', () => {
    expect(widgetEmbedCode(good, { baseUrl: 'http://localhost:5173/widget' })).toBe(
      '<script src="http://localhost:5173/widget/widget-abc123.js"></script>',
    );
    expect(widgetEmbedCode(good, { baseUrl: 'http://127.0.0.1:8080/' })).toContain('http://127.0.0.1:8080/');
    expect(widgetEmbedCode(good, { baseUrl: 'http://[::1]/' })).toContain('http://[::1]/');
    expect(widgetEmbedCode(good, { baseUrl: 'http://app.localhost/' })).toContain('http://app.localhost/');
    expect(
      validationErrorOf(() => widgetEmbedCode(good, { baseUrl: 'http://example.com/' })).problems,
    ).toEqual([{ field: 'baseUrl', message: expect.stringContaining('must use https://') }]);
  });

  it('refuses base URLs it cannot append a file name to', () => {
    const messageFor = (baseUrl: string) =>
      validationErrorOf(() => widgetEmbedCode(good, { baseUrl })).problems[0]?.message;
    expect(messageFor('cdn.example.com/widget')).toContain('not an absolute URL');
    expect(messageFor('ftp://cdn.example.com/')).toContain('https://');
    expect(messageFor('javascript:alert(1)')).toContain('https://');
    expect(messageFor('https://cdn.example.com/w?v=1')).toContain('query');
    expect(messageFor('https://cdn.example.com/w#x')).toContain('fragment');
    expect(messageFor('https://cdn.example.com/w?')).toContain('query');
    expect(messageFor('https://user:pw@cdn.example.com/')).toContain('user name or password');
    expect(messageFor(' https://cdn.example.com/')).toContain('whitespace');
  });

  it('adds integrity with crossorigin anonymous by default', () => {
    expect(widgetEmbedCode(good, { integrity: sha384 })).toBe(
      `<script src="https://aipbx.com/widget/widget-abc123.js" integrity="${sha384}" crossorigin="anonymous"></script>`,
    );
    expect(widgetEmbedCode(good, { integrity: `${sha256} ${sha512}`, crossorigin: 'use-credentials' })).toBe(
      `<script src="https://aipbx.com/widget/widget-abc123.js" integrity="${sha256} ${sha512}" crossorigin="use-credentials"></script>`,
    );
  });

  it('adds crossorigin, async and defer on request', () => {
    expect(widgetEmbedCode(good, { crossorigin: 'anonymous', async: true, defer: true })).toBe(
      '<script src="https://aipbx.com/widget/widget-abc123.js" crossorigin="anonymous" async defer></script>',
    );
    expect(widgetEmbedCode(good, { async: false, defer: false })).toBe(widgetEmbedCode(good));
  });

  it('rejects malformed integrity values', () => {
    const messageFor = (integrity: string) =>
      validationErrorOf(() => widgetEmbedCode(good, { integrity })).problems[0]?.message;
    expect(messageFor('')).toContain('must not be empty');
    expect(messageFor('md5-abc')).toContain('sha256-, sha384- or sha512-');
    expect(messageFor(`sha384-${'A'.repeat(63)}`)).toBe(
      "integrity's sha384 digest must be 64 base64 characters (A–Z, a–z, 0–9, '+', '/', '=' padding); check that you copied the whole value",
    );
    expect(messageFor(`sha256-${'A'.repeat(44)}`)).toContain('44 base64');
    expect(messageFor(`${sha384}  ${sha256}`)).toContain('single spaces');
    expect(messageFor(`${sha384}"><script>alert(1)</script>`)).toContain('sha384 digest');
  });

  it('reports every bad option at once', () => {
    const options = { crossorigin: 'maybe', async: 'yes', defer: 1 } as unknown as EmbedCodeOptions;
    const error = validationErrorOf(() => widgetEmbedCode({ id: '' }, options));
    expect(error.problems.map((p) => p.field)).toEqual(['id', 'crossorigin', 'async', 'defer']);
    expect(error.message).toMatch(/^Invalid widget embed code: /);
    expect(
      validationErrorOf(() => widgetEmbedCode(good, null as unknown as EmbedCodeOptions)).problems,
    ).toEqual([{ field: 'options', message: 'options must be an object, not null' }]);
  });

  it('escapes the attribute and URL-encodes nothing a valid id needs', () => {
    const code = widgetEmbedCode({ id: 'a.b_c-1' }, { baseUrl: "https://cdn.example.com/it's&<w>/" });
    expect(code).toBe('<script src="https://cdn.example.com/it&#39;s&amp;%3Cw%3E/a.b_c-1.js"></script>');
  });

  it('never lets a quote or angle bracket through, for any id and base path', () => {
    let built = 0;
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (id, path) => {
        let code: string;
        try {
          code = widgetEmbedCode({ id }, { baseUrl: `https://cdn.example.com/${path}` });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return;
        }
        const inner = code.slice('<script src="'.length, -'"></script>'.length);
        expect(inner).not.toMatch(/["<>']/);
        expect(code.endsWith(`/${encodeURIComponent(id)}.js"></script>`)).toBe(true);
        built += 1;
      }),
    );
    expect(built, 'some generated ids and paths should be valid').toBeGreaterThan(0);
  });
});
