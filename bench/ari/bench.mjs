#!/usr/bin/env node
// The ARI benchmark's entry (run by bench/run.mjs, or directly: `node bench/ari/bench.mjs [flags]`).
// The orchestrator is TypeScript, loaded through scripts/run-ts.mjs; it bundles each peer's child
// process itself.
import { fileURLToPath } from 'node:url';
import { loadTs } from '../../scripts/run-ts.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
process.chdir(root);
const { main } = await loadTs('bench/ari/main.ts');
process.exitCode = await main(root, process.argv.slice(2));
