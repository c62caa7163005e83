#!/usr/bin/env node
// The AMI benchmark's entry (run by bench/run.mjs, or directly: `node bench/ami/bench.mjs [flags]`).
// Node 20 cannot run TypeScript, so the orchestrator is bundled with esbuild into
// node_modules/.cache/aipbx-bench and imported; it bundles each client's child process itself.
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = `${root}node_modules/.cache/aipbx-bench`;
await mkdir(outDir, { recursive: true });
const outfile = `${outDir}/main.mjs`;
await build({
  entryPoints: [fileURLToPath(new URL('./main.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(outfile);
process.exitCode = await main(root, process.argv.slice(2));
