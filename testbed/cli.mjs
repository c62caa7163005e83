#!/usr/bin/env node
// The test bed from the command line: `npm run testbed -- <command>`.
//   setup     install Debian packages (chromium, sip-tester, debootstrap, openssl, haproxy, espeak-ng, sox) and provision the chroot
//   start     start an instance and keep it running until Ctrl-C; prints where it is, writes the
//             fresh credentials to node_modules/.cache/aipbx-testbed/bed.json (owner-only)
//   config    print the generated Asterisk configuration the bed uses
//   status    say whether the chroot is provisioned and which Asterisk it holds
import { fileURLToPath } from 'node:url';
import { loadTs } from '../scripts/run-ts.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const { main } = await loadTs('testbed/cli-commands.ts');
process.exitCode = await main(process.argv.slice(2));
