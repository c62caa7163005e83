import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { startDemoAssistant } from './demo-assistant.js';

const ari = { url: 'http://127.0.0.1:1', username: 'aipbx', password: 's3cret-pw' };

describe('startDemoAssistant', () => {
  it('refuses bad options before connecting, listing every problem', async () => {
    const error = await startDemoAssistant({
      ari,
      app: 'aiPBXBot',
      assistants: ['support', ''],
      // An extension must never smuggle a second endpoint or dialplan syntax into the dial string.
      operators: ['201', '201&PJSIP/999', 'Local/1@ctx', '', 'a,b'],
      messageUrl: 'https://example.test/' as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toEqual([
      'operators.1',
      'operators.2',
      'operators.3',
      'operators.4',
      'assistants.1',
      'messageUrl',
    ]);
  });

  it('passes on the ARI client’s own refusal of a bad URL, without the password', async () => {
    const error = await startDemoAssistant({
      ari: { ...ari, url: 'ftp://pbx.example.test' },
      app: 'aiPBXBot',
      operators: [],
      messageUrl: (name) => name,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).not.toContain(ari.password);
  });
});
