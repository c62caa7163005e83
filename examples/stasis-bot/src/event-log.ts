/** The demo assistant's events as one line each, for a terminal or a log. */
import type { DemoAssistant } from './demo-assistant.js';

/** Writes a line to `log` for every step of every call; errors go to `logError`. */
export function logDemoEvents(
  assistant: DemoAssistant,
  log: (line: string) => void,
  logError: (line: string) => void = log,
): void {
  assistant.on('call', ({ callId, assistantId, caller, language }) =>
    log(`call ${callId}: from ${caller.number || 'unknown'} for ${assistantId}, in ${language}`),
  );
  assistant.on('choice', ({ callId, digit }) => log(`call ${callId}: pressed ${digit}`));
  assistant.on('listening', ({ callId, mode }) => log(`call ${callId}: listening (${mode})`));
  assistant.on('echo', ({ callId, framesIn, framesOut, rmsIn, durationMs, endedBy }) =>
    log(
      `call ${callId}: echo ${(durationMs / 1000).toFixed(1)} s, ${framesIn} frames in (RMS ${Math.round(rmsIn)}), ` +
        `${framesOut} out, ended by ${endedBy}`,
    ),
  );
  assistant.on('recorded', ({ callId, name, url, durationMs }) =>
    log(`call ${callId}: message ${name} (${(durationMs / 1000).toFixed(1)} s): ${url}`),
  );
  assistant.on('transferred', ({ callId, extension }) => log(`call ${callId}: talking to ${extension}`));
  assistant.on('end', ({ callId, reason }) => log(`call ${callId}: ended (${reason})`));
  assistant.on('error', ({ callId, error }) =>
    logError(`${callId === undefined ? '' : `call ${callId}: `}error: ${error.message}`),
  );
}
