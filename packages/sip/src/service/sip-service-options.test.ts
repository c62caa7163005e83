import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { resolveSipServiceOptions, sipServiceOptionsFromEnv } from './sip-service-options.js';

const user = { extension: '301', password: 'pa55word', username: '301', displayName: 'Desk' };

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected a ValidationError');
}

describe('resolveSipServiceOptions', () => {
  it('fills the guide’s defaults: UDP 5060, RTP 5700–5750, 300 s registrations', () => {
    const o = resolveSipServiceOptions({ server: 'pbx.example.com', users: [user] });
    expect(o).toMatchObject({
      server: 'pbx.example.com',
      port: 5060,
      transport: 'udp',
      rtp: { host: '0.0.0.0', advertise: undefined, portMin: 5700, portMax: 5750 },
      registerExpiresSeconds: 300,
    });
    expect(resolveSipServiceOptions({ server: '10.0.0.1', transport: 'tls', users: [user] }).port).toBe(5061);
  });

  it('reports every problem at once and never repeats a password', () => {
    const problems = problemsOf(() =>
      resolveSipServiceOptions({
        server: 'sip:pbx.example.com:5060',
        port: 70_000,
        transport: 'ws' as 'udp',
        users: [user, { ...user, password: '' }],
        rtp: { host: 'localhost', portMin: 80, portMax: 5700 },
        registerExpiresSeconds: 5,
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^server: .*without sip: or a port/),
      expect.stringMatching(/^transport: must be udp, tcp or tls/),
      expect.stringMatching(/^port: /),
      expect.stringMatching(/^users\[1\]\.password: is required/),
      expect.stringMatching(/^users\[1\]\.extension: 301 is listed twice/),
      expect.stringMatching(/^rtp\.host: must be an IP address/),
      expect.stringMatching(/^rtp\.portMin: /),
      expect.stringMatching(/^registerExpiresSeconds: /),
    ]);
    expect(problems.join('\n')).not.toContain('pa55word');
  });

  it('needs at least one extension and two RTP ports', () => {
    expect(problemsOf(() => resolveSipServiceOptions({ server: 'pbx', users: [] }))).toEqual([
      expect.stringMatching(/^users: needs at least one extension/),
    ]);
    expect(
      problemsOf(() =>
        resolveSipServiceOptions({ server: 'pbx', users: [user], rtp: { portMin: 6000, portMax: 6000 } }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^rtp\.portMax: leaves no even port .* above rtp\.portMin \(6000\): each call needs two ports/,
      ),
    ]);
  });
});

describe('sipServiceOptionsFromEnv', () => {
  it('reads the guide’s variables', () => {
    const o = sipServiceOptionsFromEnv({
      SIP_SERVER: ' 192.168.1.10 ',
      SIP_PORT: '5080',
      SIP_TRANSPORT: 'TCP',
      SIP_USERS: '301:pa55word:301:Desk One, 302:s3cret:302:Кухня',
      RTP_PORT_MIN: '10000',
      RTP_PORT_MAX: '10100',
      RTP_ADVERTISE: '203.0.113.7',
    });
    expect(o).toMatchObject({
      server: '192.168.1.10',
      port: 5080,
      transport: 'tcp',
      rtp: { portMin: 10_000, portMax: 10_100, advertise: '203.0.113.7' },
    });
    expect(o.users.map((u) => [u.extension, u.displayName])).toEqual([
      ['301', 'Desk One'],
      ['302', 'Кухня'],
    ]);
  });

  it('names every bad or missing variable by its name, all at once', () => {
    const problems = problemsOf(() =>
      sipServiceOptionsFromEnv({
        SIP_PORT: 'five',
        SIP_TRANSPORT: 'wss',
        SIP_USERS: '301:pa55word',
        RTP_PORT_MIN: '-1',
      }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^SIP_SERVER: is not set/),
      expect.stringMatching(/^SIP_PORT: must be a port number, not "five"/),
      expect.stringMatching(/^SIP_TRANSPORT: .*WebSocket is for browsers/),
      expect.stringMatching(/^SIP_USERS\[0\]/),
      expect.stringMatching(/^RTP_PORT_MIN: must be a port number/),
    ]);
    expect(problems.join('\n')).not.toContain('pa55word');
  });

  it('reports a bad variable and an out-of-range one in the same error', () => {
    expect(
      problemsOf(() =>
        sipServiceOptionsFromEnv({ SIP_SERVER: 'sip:pbx', SIP_PORT: 'x', SIP_USERS: '301:p:301:D' }),
      ),
    ).toEqual([
      expect.stringMatching(/^SIP_PORT: must be a port number/),
      expect.stringMatching(/^SIP_SERVER: /),
    ]);
  });

  it('refuses a range with no even port and the next one in it (5701–5702)', () => {
    expect(
      problemsOf(() =>
        resolveSipServiceOptions({ server: 'pbx', users: [user], rtp: { portMin: 5701, portMax: 5702 } }),
      ),
    ).toEqual([expect.stringMatching(/^rtp\.portMax: leaves no even port/)]);
    expect(
      resolveSipServiceOptions({ server: 'pbx', users: [user], rtp: { portMin: 5701, portMax: 5703 } }).rtp,
    ).toMatchObject({ portMin: 5701, portMax: 5703 });
  });

  it('names the variable when a value parses but is out of range', () => {
    expect(
      problemsOf(() =>
        sipServiceOptionsFromEnv({
          SIP_SERVER: 'pbx',
          SIP_USERS: '301:p:301:D',
          RTP_PORT_MIN: '6000',
          RTP_PORT_MAX: '5000',
        }),
      ),
    ).toEqual([expect.stringMatching(/^RTP_PORT_MAX: leaves no even port .* above RTP_PORT_MIN \(6000\)/)]);
  });
});
