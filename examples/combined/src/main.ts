/**
 * `npm start -w @aipbx/example-combined [-- --port N]`: the assistant, the AMI monitor and the page
 * for the running demo's PBX (start it with `npm run demo -- --pbx-only`).
 */
import { join } from 'node:path';
import { demoConnection, demoStateDir } from '@aipbx/demo/demo-connection.js';
import { portOption, untilStopped } from '@aipbx/demo/example-run.js';
import { startCombinedApp } from './combined-app.js';

export async function main(args: string[]): Promise<number> {
  const port = portOption(args, 4402);
  if (typeof port === 'string') {
    console.error(port);
    return 2;
  }
  const app = await startCombinedApp({
    connection: demoConnection(),
    port,
    monitorPort: port === 0 ? 0 : port - 1,
    dbFile: join(demoStateDir(), 'ami-monitor.sqlite'),
    log: (line) => console.log(line),
  });
  console.log(`Page: ${app.url}\nAMI monitor: ${app.monitor.url}\n(Ctrl-C stops it)`);
  await untilStopped();
  await app.close();
  return 0;
}
