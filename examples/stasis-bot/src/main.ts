/**
 * `npm start -w @aipbx/example-stasis-bot`: the demo assistant on the demo's Asterisk (or the one
 * the `AIPBX_*` variables name), until Ctrl-C.
 */
import { join } from 'node:path';
import { type DemoConnection, demoConnection, demoStateDir } from '@aipbx/demo/demo-connection.js';
import { untilStopped } from '@aipbx/demo/example-run.js';
import { type DemoAssistant, startDemoAssistant } from './demo-assistant.js';
import { logDemoEvents } from './event-log.js';
import { makePrompts } from './prompts.js';

const USAGE = `usage: npm start -w @aipbx/example-stasis-bot

Answers the demo's assistant on the demo's Asterisk (start it first: npm run demo -- --pbx-only),
or on the Asterisk named by the AIPBX_* variables (docs/demo.md), until Ctrl-C.`;

/** Runs the demo assistant until SIGINT or SIGTERM; resolves with the exit code. */
export async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (args.length > 0) {
    console.error(`unknown argument ${JSON.stringify(args[0])}\n\n${USAGE}`);
    return 2;
  }
  let connection: DemoConnection;
  try {
    connection = demoConnection(process.env, ['ari']);
    await preparePrompts(connection);
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }

  const stopped = untilStopped();
  let assistant: DemoAssistant;
  try {
    assistant = await startDemoAssistant({
      ari: connection.ari,
      app: connection.ari.app,
      assistants: [connection.widget.assistantId],
      operators: connection.operators.map((operator) => operator.extension),
      messageUrl: (name) => `${connection.ari.url}/ari/recordings/stored/${encodeURIComponent(name)}/file`,
      log: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`Could not start the demo assistant: ${(error as Error).message}`);
    return 1;
  }
  logDemoEvents(assistant, console.log, console.error);
  console.log(
    `Ready: call the assistant "${connection.widget.assistantId}" (the demo page's call button, or a ` +
      `phone of the PBX). Recorded messages are at ARI's stored-recording URLs (GET with the ARI ` +
      `credentials). Ctrl-C stops.`,
  );
  const signal = await stopped;
  console.log(`${signal}: stopping`);
  await assistant.close();
  return 0;
}

/** Makes the prompts in the PBX's sounds folder, or locally with a note where they must go. */
async function preparePrompts(connection: DemoConnection): Promise<void> {
  const log = (line: string) => console.log(line);
  if (connection.soundsDir !== undefined) {
    await makePrompts({ soundsDir: connection.soundsDir, log });
    return;
  }
  const local = join(demoStateDir(), 'stasis-bot-sounds');
  const prompts = await makePrompts({ soundsDir: local, log });
  console.log(
    `The PBX's sounds folder is not on this machine: copy ${prompts.folders.en} and ${prompts.folders.ru} ` +
      `into its sounds folder as en/aipbx-demo and ru/aipbx-demo (/usr/share/asterisk/sounds on Debian).`,
  );
}
