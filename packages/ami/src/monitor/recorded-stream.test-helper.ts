import { readFileSync } from 'node:fs';
import { AmiDecoder } from '../parser/ami-decoder.js';
import type { AmiEvent } from '../parser/ami-event.js';
import type { AmiMessage } from '../parser/ami-message.js';

/** Every message of a stream recorded from the test bed (test/fixtures/recorded), decoded. */
export function recorded(name: string): AmiMessage[] {
  const bytes = readFileSync(new URL(`../../test/fixtures/recorded/${name}`, import.meta.url));
  const messages: AmiMessage[] = [];
  const decoder = new AmiDecoder({
    onMessage: (m) => messages.push(m),
    onError: (e) => {
      throw e;
    },
  });
  decoder.write(bytes);
  return messages;
}

/** The events of a recorded stream. */
export function recordedEvents(name: string): AmiEvent[] {
  return recorded(name).filter((m): m is AmiEvent => m.type === 'event');
}

/** A clock that moves one second each time it is read. */
export function steppingClock(start = Date.UTC(2026, 10, 23, 12, 0, 0)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}
