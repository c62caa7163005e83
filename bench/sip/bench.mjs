#!/usr/bin/env node
// The SIP benchmark's entry (run by bench/run.mjs, or directly: `node bench/sip/bench.mjs [flags]`).
// The orchestrator is TypeScript, loaded through scripts/run-ts.mjs; it bundles the apps' child
// processes itself.
import { fileURLToPath } from 'node:url';
import { loadTs } from '../../scripts/run-ts.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
process.chdir(root);
const { main } = await loadTs('bench/sip/main.ts');
process.exitCode = await main(root, process.argv.slice(2));
