#!/usr/bin/env node
// The test bed from the command line: `npm run testbed -- <command>`.
//   setup     install Debian packages (chromium, sip-tester, debootstrap, openssl) and provision the chroot
//   start     start an instance and keep it running until Ctrl-C; prints where it is and how to log in
//   config    print the generated Asterisk configuration the bed uses
//   status    say whether the chroot is provisioned and which Asterisk it holds
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const outfile = `${here}../node_modules/.cache/aipbx-testbed/bed.mjs`;
await mkdir(`${here}../node_modules/.cache/aipbx-testbed`, { recursive: true });
await build({
  entryPoints: [`${here}cli-commands.ts`],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(outfile);
process.exitCode = await main(process.argv.slice(2));
