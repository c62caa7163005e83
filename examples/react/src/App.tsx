import '@aipbx/widget';
import type { AipbxCall, CallState } from '@aipbx/widget';
import { type JSX, useRef, useState } from 'react';
import type { AipbxCallEventName } from './aipbx-call-jsx.js';
import { pbx } from './config.js';

/** One line of the event log. */
interface LogEntry {
  id: number;
  event: AipbxCallEventName;
  text: string;
}

/** The states in which a call exists, so there is something to hang up. */
const ACTIVE: ReadonlySet<CallState> = new Set<CallState>([
  'connecting',
  'ringing',
  'in-call',
  'reconnecting',
]);

/** The `code` of an `AipbxError` (`CALL_FAILED`, `CONNECTION_FAILED`…), when the error has one. */
function errorCode(error: Error): string | undefined {
  return 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/** The page: the call button, a hang-up button of the app's own, and every event the button fired. */
export function App(): JSX.Element {
  const callButton = useRef<AipbxCall>(null);
  const [state, setState] = useState<CallState>('idle');
  const [log, setLog] = useState<readonly LogEntry[]>([]);
  const record = (event: AipbxCallEventName, text: string): void =>
    setLog((entries) => [...entries, { id: entries.length, event, text }]);

  return (
    <main>
      <h1>Talk to our assistant</h1>
      <aipbx-call
        ref={callButton}
        server={pbx.server}
        target={pbx.target}
        user={pbx.user}
        assistant-id={pbx.assistantId}
        label="Call the assistant"
        lang="en"
        onaipbx-state-change={(event) => {
          const { from, to, reason, statusCode } = event.detail;
          setState(to);
          record(
            'aipbx-state-change',
            `state ${from} → ${to} (${reason}${statusCode === undefined ? '' : `, SIP ${statusCode}`})`,
          );
        }}
        onaipbx-call-start={(event) => record('aipbx-call-start', `connected to ${event.detail.target}`)}
        onaipbx-call-end={(event) => {
          const { state: end, reason, durationMs } = event.detail;
          record('aipbx-call-end', `${end} (${reason}) after ${(durationMs / 1000).toFixed(1)} s`);
        }}
        onaipbx-error={(event) => {
          const { reason, message, error } = event.detail;
          const code = errorCode(error);
          record('aipbx-error', `error ${reason}${code === undefined ? '' : ` [${code}]`}: ${message}`);
        }}
        onaipbx-quality-warning={(event) => {
          const { metric, active, value, threshold } = event.detail;
          record(
            'aipbx-quality-warning',
            `quality: ${metric} ${active ? 'over' : 'back under'} ${threshold} (${value})`,
          );
        }}
      />
      <p>
        State: <output aria-label="Call state">{state}</output>{' '}
        <button type="button" disabled={!ACTIVE.has(state)} onClick={() => void callButton.current?.hangup()}>
          End the call
        </button>
      </p>
      <h2 id="events">Events</h2>
      <ol aria-labelledby="events">
        {log.map((entry) => (
          <li key={entry.id} data-event={entry.event}>
            {entry.text}
          </li>
        ))}
      </ol>
    </main>
  );
}
