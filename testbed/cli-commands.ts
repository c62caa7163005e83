import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generateAsteriskConfig } from '../packages/core/src/index.js';
import { chrootDir, ensureHostPackages, provision, startTestbed, TestbedError } from './bed.js';
import { testbedConfigInput, testbedPorts } from './testbed-config.js';

const USAGE = 'usage: npm run testbed -- setup | start | config | status';

/** Runs one CLI command; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    switch (args[0]) {
      case 'setup':
        await ensureHostPackages();
        await provision();
        return 0;
      case 'start': {
        const bed = await startTestbed();
        const { info } = bed;
        // The fresh credentials go to a file only its owner can read, never to the terminal.
        const file = resolve('node_modules/.cache/aipbx-testbed/bed.json');
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
        console.log(
          `ARI ${info.ari.url}, AMI ${info.ami.host}:${info.ami.port}, WSS ${info.wssUrl}, SIP udp ${info.sip.port}`,
        );
        console.log(`Credentials and the certificate: ${file}`);
        console.log('Running; Ctrl-C stops it.');
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await bed.stop();
        return 0;
      }
      case 'config': {
        const placeholder = {
          ariPassword: '<ari-password>',
          amiSecret: '<ami-secret>',
          monitorSecret: '<ami-monitor-secret>',
          operatorPasswords: ['<op1>', '<op2>', '<op3>', '<op4>'] as const,
        };
        const files = generateAsteriskConfig(
          testbedConfigInput(testbedPorts(0), placeholder, '/usr/records/assistants'),
        );
        for (const [name, text] of Object.entries(files)) console.log(`==> ${name} <==\n${text}`);
        return 0;
      }
      case 'status': {
        const stamp = join(chrootDir(), '.aipbx-provisioned');
        console.log(
          existsSync(stamp)
            ? `provisioned: ${(await readFile(stamp, 'utf8')).trim()} at ${chrootDir()}`
            : `not provisioned (${chrootDir()})`,
        );
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (err) {
    if (err instanceof TestbedError) {
      console.error(`testbed: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
