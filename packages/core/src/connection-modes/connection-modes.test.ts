import { describe, expect, expectTypeOf, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  CONNECTION_MODES,
  type ConnectionMode,
  DEFAULT_PORTS,
  isSipTransport,
  parseSipTransport,
  SIP_TRANSPORTS,
  type SipTransport,
} from './connection-modes.js';

describe('DEFAULT_PORTS', () => {
  it("matches the Yeastar guide's default ports table, plus AMI over TLS", () => {
    expect(DEFAULT_PORTS).toEqual({
      sipUdp: 5060,
      sipTcp: 5060,
      sipTls: 5061,
      ami: 5038,
      amiTls: 5039,
      ws: 8088,
      wss: 8089,
      rtp: { min: 5700, max: 5750 },
    });
  });
});

describe('SIP_TRANSPORTS', () => {
  it('lists the five transports with their ports and security', () => {
    expect(Object.keys(SIP_TRANSPORTS)).toEqual(['udp', 'tcp', 'tls', 'ws', 'wss']);
    expect(SIP_TRANSPORTS.udp).toEqual({ secure: false, websocket: false, defaultPort: 5060 });
    expect(SIP_TRANSPORTS.tls).toEqual({ secure: true, websocket: false, defaultPort: 5061 });
    expect(SIP_TRANSPORTS.wss).toEqual({ secure: true, websocket: true, defaultPort: 8089 });
    expectTypeOf<SipTransport>().toEqualTypeOf<'udp' | 'tcp' | 'tls' | 'ws' | 'wss'>();
  });

  it('reads transport names in any case, as SIP_TRANSPORT writes them', () => {
    expect(parseSipTransport('UDP')).toBe('udp');
    expect(parseSipTransport(' Wss ')).toBe('wss');
    expect(isSipTransport('ws')).toBe(true);
    expect(isSipTransport('WS')).toBe(false);
    expect(isSipTransport('toString')).toBe(false);
    expect(isSipTransport(5060)).toBe(false);
  });

  it('throws a ValidationError for an unknown transport', () => {
    expect(() => parseSipTransport('sctp')).toThrow(ValidationError);
    expect(() => parseSipTransport('sctp')).toThrow('transport must be one of UDP, TCP, TLS, WS or WSS');
    expect(() => parseSipTransport(undefined as unknown as string)).toThrow(', not undefined');
  });
});

describe('CONNECTION_MODES', () => {
  it("follows the guide's comparison table", () => {
    expect(Object.keys(CONNECTION_MODES)).toEqual(['ami', 'pjsip', 'websocket']);
    const row = (mode: ConnectionMode) => {
      const { needsRtp, browserClient, recording, audioProcessing } = CONNECTION_MODES[mode];
      return { needsRtp, browserClient, recording, audioProcessing };
    };
    expect(row('ami')).toEqual({
      needsRtp: false,
      browserClient: false,
      recording: false,
      audioProcessing: 'pbx',
    });
    expect(row('pjsip')).toEqual({
      needsRtp: true,
      browserClient: false,
      recording: true,
      audioProcessing: 'server',
    });
    expect(row('websocket')).toEqual({
      needsRtp: false,
      browserClient: true,
      recording: false,
      audioProcessing: 'browser',
    });
    for (const mode of Object.values(CONNECTION_MODES)) {
      expect([mode.monitoring, mode.clickToCall, mode.callControl]).toEqual([true, true, true]);
    }
  });

  it('names the transports and ports each mode needs', () => {
    expect(CONNECTION_MODES.ami.transports).toEqual([]);
    expect(CONNECTION_MODES.ami.ports).toEqual([5038]);
    expect(CONNECTION_MODES.pjsip.transports).toEqual(['udp', 'tcp', 'tls']);
    expect(CONNECTION_MODES.pjsip.ports).toEqual([5060, 5061]);
    expect(CONNECTION_MODES.websocket.transports).toEqual(['ws', 'wss']);
    expect(CONNECTION_MODES.websocket.ports).toEqual([8088, 8089]);
    for (const mode of Object.values(CONNECTION_MODES)) {
      for (const transport of mode.transports) expect(isSipTransport(transport)).toBe(true);
    }
  });

  it('keeps literal types for narrowing', () => {
    expectTypeOf<ConnectionMode>().toEqualTypeOf<'ami' | 'pjsip' | 'websocket'>();
    expectTypeOf(CONNECTION_MODES.pjsip.needsRtp).toEqualTypeOf<true>();
    expectTypeOf(DEFAULT_PORTS.rtp.min).toEqualTypeOf<5700>();
  });
});
