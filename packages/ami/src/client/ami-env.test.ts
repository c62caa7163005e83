import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { amiOptionsFromEnv } from './ami-env.js';

describe('amiOptionsFromEnv', () => {
  it('reads the YEASTAR_* variables of the Yeastar integration guide', () => {
    expect(
      amiOptionsFromEnv({
        YEASTAR_HOST: 'www.it005.ru',
        YEASTAR_PORT: '5038',
        YEASTAR_USERNAME: 'ami_user',
        YEASTAR_PASSWORD: 'ami_password',
      }),
    ).toEqual({ host: 'www.it005.ru', port: 5038, username: 'ami_user', secret: 'ami_password' });
  });

  it('lets AMI_* win over YEASTAR_* and leaves the port out when unset', () => {
    expect(
      amiOptionsFromEnv({
        YEASTAR_HOST: 'old.example.com',
        AMI_HOST: 'pbx.example.com',
        YEASTAR_USERNAME: 'old',
        AMI_USERNAME: 'aipbx',
        YEASTAR_PASSWORD: 'old-pw',
        AMI_SECRET: 'new-pw',
      }),
    ).toEqual({ host: 'pbx.example.com', username: 'aipbx', secret: 'new-pw' });
  });

  it('names every missing variable', () => {
    let error: unknown;
    try {
      amiOptionsFromEnv({ AMI_HOST: 'pbx', AMI_USERNAME: '  ' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.problems.map((p) => p.field)).toEqual(['YEASTAR_USERNAME', 'YEASTAR_PASSWORD']);
    expect(v.message).toContain('AMI_USERNAME');
    expect(v.message).toContain('AMI_SECRET');
  });

  it('rejects a malformed port without ever printing the secret', () => {
    let error: unknown;
    try {
      amiOptionsFromEnv({
        AMI_HOST: 'pbx',
        AMI_PORT: '50x8',
        AMI_USERNAME: 'u',
        AMI_SECRET: 'top-secret-value',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { field: 'AMI_PORT', message: 'must be a port number from 1 to 65535, e.g. 5038; got "50x8".' },
    ]);
    expect((error as Error).message).not.toContain('top-secret-value');
  });
});
