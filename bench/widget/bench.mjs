#!/usr/bin/env node
// The widget benchmark's entry (run by bench/run.mjs, or directly: `node bench/widget/bench.mjs [flags]`).
// The orchestrator is TypeScript, loaded through scripts/run-ts.mjs; it bundles the bench's page
// scripts itself.
import { fileURLToPath } from 'node:url';
import { loadTs } from '../../scripts/run-ts.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
process.chdir(root);
const { main } = await loadTs('bench/widget/main.ts');
process.exitCode = await main(root, process.argv.slice(2));
