import { describe, expect, it } from 'vitest';
import { censusAmiStream } from './stream-census.js';
import { eventFrame, syntheticStream } from './test-support/synthetic-stream.js';

describe('censusAmiStream', () => {
  it('counts every event frame and each name', () => {
    const { bytes, byName } = syntheticStream(600);
    const census = censusAmiStream(bytes);
    expect(census.events).toBe(600);
    expect(census.frames).toBe(600);
    expect(census.byName).toEqual(byName);
    expect(census.completeBytes).toBe(bytes.length);
  });

  it('counts the events that carry non-ASCII (UTF-8) text', () => {
    const ascii = eventFrame('Hangup', 1).replace('Оператор Два', 'Operator Two');
    const census = censusAmiStream(Buffer.from(eventFrame('Newchannel', 1) + ascii, 'utf8'));
    expect(census).toMatchObject({ events: 2, nonAsciiEvents: 1 });
  });

  it('counts frames without an Event header as frames, not events', () => {
    const stream = Buffer.from(
      `Response: Success\r\nActionID: 7\r\nPing: Pong\r\n\r\n${eventFrame('Hangup', 1)}`,
      'utf8',
    );
    const census = censusAmiStream(stream);
    expect(census).toMatchObject({ frames: 2, events: 1, byName: { Hangup: 1 } });
  });

  it('finds an Event header that is not the first line', () => {
    const stream = Buffer.from(
      'ActionID: 9\r\nEvent: CoreShowChannel\r\nChannel: PJSIP/201-1\r\n\r\n',
      'latin1',
    );
    expect(censusAmiStream(stream).byName).toEqual({ CoreShowChannel: 1 });
  });

  it('leaves a trailing partial frame out and says where the complete frames end', () => {
    const whole = eventFrame('Newchannel', 1) + eventFrame('Newstate', 2);
    const stream = Buffer.from(`${whole}Event: Hang`, 'utf8');
    const census = censusAmiStream(stream);
    expect(census.events).toBe(2);
    expect(census.completeBytes).toBe(Buffer.byteLength(whole));
  });

  it('skips extra empty lines between frames', () => {
    const stream = Buffer.from(
      `\r\n\r\n${eventFrame('VarSet', 1)}\r\n\r\n${eventFrame('VarSet', 2)}`,
      'utf8',
    );
    expect(censusAmiStream(stream)).toMatchObject({ frames: 2, events: 2, byName: { VarSet: 2 } });
  });

  it('reads a subarray without looking outside it', () => {
    const { bytes } = syntheticStream(10);
    const inner = bytes.subarray(0, censusAmiStream(syntheticStream(4).bytes).completeBytes);
    expect(censusAmiStream(inner).events).toBe(4);
  });
});
