/**
 * Small AMI streams for the bench's own unit tests (the benchmark itself only ever replays a real
 * recording). Frames follow Asterisk 22's wire format: `Name: value` lines ended by `\r\n`, an empty
 * line after each frame.
 */

const NAMES = ['Newchannel', 'VarSet', 'Newexten', 'Newstate', 'Hangup', 'BridgeEnter'] as const;

/** One event frame named `name`, numbered `n` (its `Uniqueid`), with a UTF-8 caller name. */
export function eventFrame(name: string, n: number): string {
  return [
    `Event: ${name}`,
    'Privilege: call,all',
    `Channel: PJSIP/sipp-${n.toString(16).padStart(8, '0')}`,
    'ChannelState: 6',
    'ChannelStateDesc: Up',
    'CallerIDNum: 201',
    'CallerIDName: Оператор Два',
    'AccountCode: ',
    'Context: assistant-in',
    'Exten: 100',
    `Uniqueid: 1700000000.${n}`,
    `Linkedid: 1700000000.${n}`,
    '',
    '',
  ].join('\r\n');
}

/** `count` events cycling through a few common names, and how many of each. */
export function syntheticStream(count: number): { bytes: Buffer; byName: Record<string, number> } {
  const parts: string[] = [];
  const byName: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const name = NAMES[i % NAMES.length] ?? 'VarSet';
    parts.push(eventFrame(name, i));
    byName[name] = (byName[name] ?? 0) + 1;
  }
  return { bytes: Buffer.from(parts.join(''), 'utf8'), byName };
}

/** Resolves once `condition()` holds, checking on every timer tick; rejects after `ms` naming `what`. */
export function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const check = (): void => {
      if (condition()) resolve();
      else if (performance.now() - started > ms)
        reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
      else setTimeout(check, 5);
    };
    check();
  });
}
