import { describe, expect, it } from 'vitest';
import type { AmiEvent } from '../parser/ami-event.js';
import type { CompletedCall } from './call.js';
import { type CallChange, CallTracker } from './call-tracker.js';
import { ExtensionTracker } from './extension-tracker.js';
import { recordedEvents, steppingClock } from './recorded-stream.test-helper.js';

function run(tracker: CallTracker, events: readonly AmiEvent[]): CallChange[] {
  return events.flatMap((e) => tracker.apply(e));
}

const ended = (changes: CallChange[]) =>
  changes.filter((c): c is { type: 'end'; call: CompletedCall } => c.type === 'end').map((c) => c.call);

describe('CallTracker on streams recorded from the test bed', () => {
  it('follows a call to an assistant from ringing to answered to history', () => {
    const tracker = new CallTracker({ now: steppingClock() });
    const changes = run(tracker, recordedEvents('assistant-call.ami'));
    const starts = changes.filter((c) => c.type === 'start');
    expect(starts).toHaveLength(1);
    const started = starts[0]!.call;
    expect(started.caller).toEqual({ number: 'sipp', name: 'sipp' });
    expect(started.callee.number).toBe('100');
    expect(started.direction).toBe('inbound');
    expect(started.state).toBe('ringing');
    const states = changes.filter((c) => c.type === 'update').map((c) => (c.call as { state: string }).state);
    expect(states).toContain('up');
    const [done] = ended(changes);
    expect(done).toMatchObject({
      id: started.id,
      assistant: 'support-bot',
      disposition: 'answered',
      hangupCause: 16,
      hangupCauseText: 'Normal Clearing',
      endedWhileDisconnected: false,
    });
    expect(done!.durationSec).toBeGreaterThanOrEqual(done!.billableSec);
    expect(done!.billableSec).toBeGreaterThan(0);
    // The record keeps the channels that took part, though each is gone by the end.
    expect(done!.channels.map((ch) => ch.id)).toEqual(started.channels.map((ch) => ch.id));
    expect(done!.channels.length).toBeGreaterThan(0);
    expect(tracker.list()).toEqual([]);
  });

  it('reads a click-to-call as from → to, internal, answered when the second leg answers', () => {
    const extensions = new ExtensionTracker();
    const tracker = new CallTracker({ now: steppingClock(), isExtension: (n) => extensions.has(n) });
    tracker.expectClickToCall('c2c-recorded-1', '301', '302');
    const changes: CallChange[] = [];
    let answeredWhenBridged: boolean | undefined;
    for (const e of recordedEvents('click-to-call.ami')) {
      extensions.apply(e);
      changes.push(...tracker.apply(e));
      if (e.name === 'BridgeEnter' && e.fields.BridgeNumChannels === '2') {
        answeredWhenBridged = tracker.get('c2c-recorded-1')?.state === 'up';
      }
    }
    expect(answeredWhenBridged).toBe(true);
    // Before 302 answered, 301 was up but the call was not: the first leg's answer connects nobody.
    const firstLegUp = changes.find(
      (c) =>
        c.type === 'update' && c.call.channels.some((ch) => ch.id === 'c2c-recorded-1' && ch.state === 'Up'),
    );
    expect(firstLegUp?.type === 'update' && firstLegUp.call.state).not.toBe('up');
    const [done] = ended(changes);
    expect(done).toMatchObject({
      id: 'c2c-recorded-1',
      origin: 'click-to-call',
      caller: { number: '301' },
      callee: { number: '302' },
      direction: 'internal',
      disposition: 'answered',
    });
  });

  it('records a click-to-call to a busy phone as busy, never answered', () => {
    const tracker = new CallTracker({ now: steppingClock() });
    tracker.expectClickToCall('c2c-recorded-2', '301', '302');
    const changes = run(tracker, recordedEvents('click-to-call-busy.ami'));
    const [done] = ended(changes);
    expect(done).toMatchObject({
      id: 'c2c-recorded-2',
      disposition: 'busy',
      billableSec: 0,
      answeredAt: undefined,
    });
  });

  it('rebuilds from a CoreShowChannels list: same call kept, unknown call started, missing call ended', () => {
    const events = recordedEvents('assistant-call.ami');
    const list = events.filter((e) => e.name === 'CoreShowChannel');
    expect(list).toHaveLength(1);
    const listAt = events.indexOf(list[0]!);

    // A monitor that saw everything up to the list: the call survives the resync as the same call.
    const seen = new CallTracker({ now: steppingClock() });
    run(seen, events.slice(0, listAt));
    const before = seen.list();
    const kept = seen.resync(list);
    expect(kept.map((c) => c.type)).toEqual(['update']);
    expect(seen.list().map((c) => c.id)).toEqual(before.map((c) => c.id));

    // A monitor that connected mid-call: the call appears, answered, with a start time from Duration.
    const late = new CallTracker({ now: steppingClock() });
    const found = late.resync(list);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'start', call: { state: 'up', caller: { number: 'sipp' } } });

    // A monitor that remembers a call the PBX no longer has: it ends, flagged, no phantom remains.
    const stale = new CallTracker({ now: steppingClock() });
    run(stale, events.slice(0, listAt));
    const gone = stale.resync([]);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({ type: 'end', call: { endedWhileDisconnected: true } });
    expect(stale.list()).toEqual([]);
  });

  it('ignores events of channels it never saw (it started mid-call) without throwing', () => {
    const events = recordedEvents('click-to-call.ami');
    const tail = events.slice(events.findIndex((e) => e.name === 'BridgeEnter'));
    const tracker = new CallTracker();
    expect(run(tracker, tail).filter((c) => c.type !== 'update')).toEqual([]);
  });
});
