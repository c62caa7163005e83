#!/usr/bin/env node
// `npm run demo`: the whole product on this machine — the embedded Asterisk, the demo assistant, the
// AMI monitor, the operator's page and a static site with the call button. Ctrl-C stops everything.
//   npm run demo                 start it all and print the URLs
//   npm run demo -- --check      place one call headless through Chromium, print a report, stop
//   npm run demo -- --pbx-only   only the PBX, for running the examples/ against it
// See docs/demo.md.
import { fileURLToPath } from 'node:url';
import { loadTs } from './run-ts.mjs';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const { main } = await loadTs('demo/src/demo-cli.ts');
// Everything the demo started is stopped when main resolves; exit even if a library left a timer.
process.exit(await main(process.argv.slice(2)));
