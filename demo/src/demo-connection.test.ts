import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { connectionFromEnv, demoConnection } from './demo-connection.js';

const EXISTING = {
  AIPBX_ARI_URL: 'https://pbx.example.com:8089/',
  AIPBX_ARI_USERNAME: 'bot',
  AIPBX_ARI_PASSWORD: 'ari-secret',
  AIPBX_AMI_HOST: 'pbx.example.com',
  AIPBX_AMI_USERNAME: 'monitor',
  AIPBX_AMI_SECRET: 'ami-secret',
  AIPBX_WS_URL: 'wss://pbx.example.com:8089/ws',
};

describe('connectionFromEnv', () => {
  test('an AMI-only app needs only the AMI variables', () => {
    const ami = { AIPBX_AMI_HOST: 'yeastar.example.com', AIPBX_AMI_USERNAME: 'm', AIPBX_AMI_SECRET: 's' };
    expect(connectionFromEnv(ami, ['ami'])?.ami).toEqual({
      host: 'yeastar.example.com',
      port: 5038,
      username: 'm',
      secret: 's',
    });
    expect(() => connectionFromEnv(ami)).toThrow(/AIPBX_ARI_URL is not set/);
  });

  test('no AIPBX_ARI_URL nor AIPBX_AMI_HOST: not an existing PBX', () => {
    expect(connectionFromEnv({})).toBeUndefined();
  });

  test('an existing Asterisk with the defaults filled in', () => {
    expect(connectionFromEnv({ ...EXISTING, AIPBX_OPERATORS: '201:pw1, 202:p:w2' })).toEqual({
      ari: { url: 'https://pbx.example.com:8089', username: 'bot', password: 'ari-secret', app: 'aiPBXBot' },
      ami: { host: 'pbx.example.com', port: 5038, username: 'monitor', secret: 'ami-secret' },
      wsUrl: 'wss://pbx.example.com:8089/ws',
      widget: { user: 'demo-visitor', target: 'demo-assistant', assistantId: 'demo-assistant' },
      operators: [
        { extension: '201', password: 'pw1' },
        { extension: '202', password: 'p:w2' },
      ],
      embedded: false,
    });
  });

  test('every missing or bad variable is named at once, and no secret is in the message', () => {
    let message = '';
    try {
      connectionFromEnv({
        AIPBX_ARI_URL: 'http://x',
        AIPBX_ARI_PASSWORD: 'hunter2',
        AIPBX_AMI_PORT: 'abc',
        AIPBX_OPERATORS: 'nopass',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const name of [
      'AIPBX_ARI_USERNAME',
      'AIPBX_AMI_HOST',
      'AIPBX_AMI_USERNAME',
      'AIPBX_AMI_SECRET',
      'AIPBX_WS_URL',
    ]) {
      expect(message).toContain(`${name} is not set`);
    }
    expect(message).toContain('AIPBX_AMI_PORT must be a port number, not "abc"');
    expect(message).toContain('AIPBX_OPERATORS must list extension:password pairs');
    expect(message).not.toContain('hunter2');
  });
});

describe('demoConnection', () => {
  test('reads the file a running demo wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aipbx-demo-conn-'));
    const written = { ...connectionFromEnv(EXISTING), embedded: true };
    writeFileSync(join(dir, 'connection.json'), JSON.stringify(written));
    const prev = process.env.AIPBX_DEMO_DIR;
    process.env.AIPBX_DEMO_DIR = dir;
    try {
      expect(demoConnection({})).toEqual(written);
    } finally {
      if (prev === undefined) delete process.env.AIPBX_DEMO_DIR;
      else process.env.AIPBX_DEMO_DIR = prev;
    }
  });

  test('with no demo running and no variables, says how to start one', () => {
    const prev = process.env.AIPBX_DEMO_DIR;
    process.env.AIPBX_DEMO_DIR = mkdtempSync(join(tmpdir(), 'aipbx-demo-none-'));
    try {
      expect(() => demoConnection({})).toThrow(/npm run demo -- --pbx-only/);
    } finally {
      if (prev === undefined) delete process.env.AIPBX_DEMO_DIR;
      else process.env.AIPBX_DEMO_DIR = prev;
    }
  });
});
