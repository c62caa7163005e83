import { describe, expect, it } from 'vitest';
import { maskSecretLine, maskSecrets } from './mask-secrets.js';

describe('maskSecretLine', () => {
  it.each([
    ['secret = hunter2', 'secret = ***'],
    ['password = p@ss word', 'password = ***'],
    ['ws_password=abc', 'ws_password=***'],
    ['  md5_cred => 0123', '  md5_cred => ***'],
    [';secret = x', ';secret = ***'],
  ])('%s → %s', (line, masked) => {
    expect(maskSecretLine(line)).toBe(masked);
  });

  it('leaves other lines and certificate paths alone', () => {
    for (const line of [
      'username = app',
      'cert_file = /etc/asterisk/keys/a.pem',
      'priv_key_file = /k.key',
      '[crm]',
      '; comment',
      '',
    ])
      expect(maskSecretLine(line)).toBe(line);
  });

  it('masks every secret line of a file', () => {
    expect(maskSecrets('[crm]\nsecret = a\nread = call\n[ari]\npassword = b\n')).toBe(
      '[crm]\nsecret = ***\nread = call\n[ari]\npassword = ***\n',
    );
  });
});
