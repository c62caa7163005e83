#!/usr/bin/env node
// `npm run bench [-- <name>…] [-- flags]`: runs every benchmark in bench/<name>/bench.mjs, one after
// another (never in parallel: the numbers need the CPU to themselves). Names pick benchmarks; flags
// (--…) are passed to each. Benchmarks are not tests: a table is the result, and the exit code is
// non-zero only when a benchmark could not run at all.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const available = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${here}${entry.name}/bench.mjs`))
  .map((entry) => entry.name)
  .sort();
const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
const unknown = names.filter((n) => !available.includes(n));
if (unknown.length > 0) {
  console.error(
    `bench: no benchmark named ${unknown.join(', ')}; available: ${available.join(', ') || 'none'}.`,
  );
  process.exit(1);
}
const selected = names.length > 0 ? names : available;
if (selected.length === 0) {
  console.error('bench: no benchmarks found (each lives in bench/<name>/bench.mjs).');
  process.exit(1);
}

const failed = [];
for (const name of selected) {
  console.log(`\n=== bench ${name} ===`);
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [`${here}${name}/bench.mjs`, ...flags], { stdio: 'inherit' });
    child.once('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
    child.once('error', () => resolve(1));
  });
  if (code !== 0) failed.push(`${name} (exit ${code})`);
}
if (failed.length > 0) {
  console.error(`\nbench: could not run: ${failed.join(', ')}`);
  process.exit(1);
}
