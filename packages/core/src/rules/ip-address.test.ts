import { describe, expect, it } from 'vitest';
import { hostPort, isIp, isIpv6, isLoopback, isNetwork } from './ip-address.js';

describe('ip-address', () => {
  it('accepts IPv6 literals in their usual forms', () => {
    for (const ok of [
      '::',
      '::1',
      '1::',
      'fd00::2',
      '2001:db8::5',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7::',
      '::ffff:10.0.0.1',
      'FE80::1',
    ]) {
      expect(isIpv6(ok), ok).toBe(true);
    }
  });

  it('rejects what only looks like IPv6', () => {
    for (const bad of [
      ':',
      ':1',
      '1:',
      '1::2:',
      ':1::',
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3',
      'g::1',
      '12345::',
      '[::1]',
      '::1%eth0',
      '::1/128',
      '',
    ]) {
      expect(isIpv6(bad), bad).toBe(false);
    }
  });

  it('takes IPv4 and IPv6 networks with masks in range', () => {
    for (const ok of [
      '10.0.0.5',
      '10.0.0.0/8',
      '10.0.0.0/255.0.0.0',
      '0.0.0.0/0',
      '::/0',
      '::1/128',
      'fd00::/64',
    ]) {
      expect(isNetwork(ok), ok).toBe(true);
    }
    for (const bad of [
      '10.0.0.0/33',
      '::1/129',
      '10.0.0.0/8/8',
      'fd00::/255.0.0.0',
      'localhost',
      '10.0.0.256',
    ]) {
      expect(isNetwork(bad), bad).toBe(false);
    }
  });

  it('writes host:port with IPv6 in brackets, and knows loopback', () => {
    expect(hostPort('0.0.0.0', 5060)).toBe('0.0.0.0:5060');
    expect(hostPort('::', 5060)).toBe('[::]:5060');
    expect(isIp('127.0.0.1') && isIp('::1') && !isIp('example.com')).toBe(true);
    expect(['127.0.0.1', '127.1.2.3', '::1'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.1', '127.0.0.256'].some(isLoopback)).toBe(false);
  });
});
