import { describe, expect, it } from 'vitest';
import type { AmiEvent } from '../parser/ami-event.js';
import { AmiMessage } from '../parser/ami-message.js';
import { ExtensionTracker } from './extension-tracker.js';
import { recordedEvents } from './recorded-stream.test-helper.js';

const event = (fields: Record<string, string>) =>
  AmiMessage.from(Object.entries({ Event: fields.Event ?? '', ...fields })) as AmiEvent;

describe('ExtensionTracker', () => {
  it('follows hints from the recorded stream: unavailable → idle on register → ringing → in use → idle → unavailable', () => {
    const tracker = new ExtensionTracker();
    const states: string[] = [];
    for (const e of recordedEvents('click-to-call.ami')) {
      for (const s of tracker.apply(e)) if (s.extension === '301') states.push(s.state);
    }
    expect(states).toEqual(['unavailable', 'idle', 'ringing', 'in-use', 'idle']);
    expect(tracker.list().map((s) => s.extension)).toEqual(['201', '202', '301', '302']);
    expect(tracker.get('301')).toMatchObject({
      context: 'aipbx-operators',
      device: 'PJSIP/301',
      state: 'idle',
    });
    const after = new ExtensionTracker();
    for (const e of recordedEvents('click-to-call-busy.ami')) after.apply(e);
    expect(after.get('301')?.state).toBe('unavailable');
  });

  it('maps every hint state bit', () => {
    const tracker = new ExtensionTracker();
    const cases: [string, string][] = [
      ['0', 'idle'],
      ['1', 'in-use'],
      ['2', 'busy'],
      ['4', 'unavailable'],
      ['8', 'ringing'],
      ['9', 'in-use-ringing'],
      ['16', 'on-hold'],
      ['17', 'on-hold'],
    ];
    for (const [status, state] of cases) {
      tracker.apply(event({ Event: 'ExtensionStatus', Exten: '100', Context: 'c', Status: status }));
      expect(tracker.get('100')?.state, `Status ${status}`).toBe(state);
    }
    tracker.apply(event({ Event: 'ExtensionStatus', Exten: '100', Context: 'c', Status: '-1' }));
    expect(tracker.get('100')).toBeUndefined();
  });

  it('reports a change only when the state changed', () => {
    const tracker = new ExtensionTracker();
    const e = event({
      Event: 'ExtensionStatus',
      Exten: '100',
      Context: 'c',
      Status: '0',
      StatusText: 'Idle',
    });
    expect(tracker.apply(e)).toHaveLength(1);
    expect(tracker.apply(e)).toHaveLength(0);
  });

  it('falls back to device states and PJSIP endpoints on PBXs without hints', () => {
    const devices = new ExtensionTracker();
    devices.reset('devices', [
      event({ Event: 'DeviceStateChange', Device: 'PJSIP/101', State: 'NOT_INUSE' }),
    ]);
    devices.apply(event({ Event: 'DeviceStateChange', Device: 'PJSIP/101', State: 'RINGING' }));
    expect(devices.get('101')).toMatchObject({ device: 'PJSIP/101', state: 'ringing' });
    // Hint events don't mix in once the PBX answered with devices.
    expect(
      devices.apply(event({ Event: 'ExtensionStatus', Exten: '101', Context: 'c', Status: '0' })),
    ).toEqual([]);

    const endpoints = new ExtensionTracker();
    endpoints.reset('endpoints', [
      event({ Event: 'EndpointList', ObjectName: '102', DeviceState: 'Unavailable' }),
    ]);
    expect(endpoints.get('102')?.state).toBe('unavailable');
    endpoints.apply(event({ Event: 'DeviceStateChange', Device: 'PJSIP/102', State: 'NOT_INUSE' }));
    expect(endpoints.get('102')?.state).toBe('idle');
  });
});
