import { ValidationError } from '@aipbx/core';
import { describe, expect, it } from 'vitest';
import { type CallMediaOptions, resolveCallMediaOptions } from './call-media-options.js';

function problems(options: unknown): string[] {
  try {
    resolveCallMediaOptions(options as CallMediaOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => p.field);
  }
  return [];
}

describe('resolveCallMediaOptions', () => {
  it('defaults to slin16 over the WebSocket transport, 2 s of queue, 1 s of unread frames, no silence', () => {
    expect(resolveCallMediaOptions()).toEqual({
      format: 'slin16',
      transport: 'websocket',
      maxQueueMs: 2000,
      maxReadFrames: 50,
      sendSilence: false,
      connectTimeoutMs: 5000,
    });
  });

  it('reports every problem at once', () => {
    expect(
      problems({
        format: 'opus',
        transport: 'sctp',
        maxQueueMs: 5,
        maxReadFrames: 0.5,
        sendSilence: 'yes',
        connectTimeoutMs: -1,
      }),
    ).toEqual(['format', 'transport', 'maxQueueMs', 'maxReadFrames', 'connectTimeoutMs', 'sendSilence']);
    expect(problems(null)).toEqual(['options']);
  });

  it('needs where to listen for AudioSocket and RTP, with a sane port range and an address Asterisk can reach', () => {
    expect(problems({ transport: 'rtp', format: 'ulaw' })).toEqual(['listen']);
    expect(
      problems({ transport: 'audiosocket', listen: { host: '', portMin: 80, portMax: 70_000 } }),
    ).toEqual(['listen.host', 'listen.portMin', 'listen.portMax']);
    expect(
      problems({
        transport: 'rtp',
        format: 'ulaw',
        listen: { host: '127.0.0.1', portMin: 41_000, portMax: 40_000 },
      }),
    ).toEqual(['listen.portMax']);
    expect(
      problems({
        transport: 'rtp',
        format: 'alaw',
        listen: { host: '0.0.0.0', portMin: 41_000, portMax: 41_010 },
      }),
    ).toEqual(['listen.advertise']);
    expect(
      problems({
        transport: 'rtp',
        format: 'alaw',
        listen: { host: '0.0.0.0', advertise: '10.0.0.5', portMin: 41_000, portMax: 41_010 },
      }),
    ).toEqual([]);
  });

  it('refuses the combinations Asterisk cannot carry: G.711 over AudioSocket, 16 kHz PCM back over RTP', () => {
    const listen = { host: '127.0.0.1', portMin: 41_000, portMax: 41_010 };
    expect(problems({ transport: 'audiosocket', format: 'ulaw', listen })).toEqual(['format']);
    expect(problems({ transport: 'rtp', format: 'slin16', listen })).toEqual(['format']);
    expect(problems({ transport: 'rtp', format: 'slin', listen })).toEqual([]);
  });
});
