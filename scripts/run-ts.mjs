#!/usr/bin/env node
// Runs a TypeScript entry point with Node 20, which cannot load .ts itself: esbuild bundles it
// (the workspace packages from their TypeScript, third-party packages stay imports) into
// node_modules/.cache and its exported `main(args)` runs; its resolved number is the exit code.
//   node scripts/run-ts.mjs <entry.ts> [args...]
import { mkdir, rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { workspaceFromSource } from './esbuild-workspace.mjs';

/** How entry points are bundled: for Node 20, workspace packages from their TypeScript. */
export const runTsBuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  ...workspaceFromSource,
};

/** Bundles `entry` and returns its module. */
export async function loadTs(entry) {
  const dir = resolve('node_modules/.cache/aipbx-run-ts');
  await mkdir(dir, { recursive: true });
  const outfile = `${dir}/${basename(entry, '.ts')}-${process.pid}.mjs`;
  await build({ entryPoints: [entry], outfile, ...runTsBuildOptions, logLevel: 'warning' });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(outfile, { force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
    process.exit(2);
  }
  const { main } = await loadTs(entry);
  process.exitCode = await main(args);
}
