/**
 * The call button's browser files come from the build. A clean clone has none, and a pulled change
 * makes them stale: build once when any widget or core source is newer than the built script.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const BUILT = 'packages/widget/dist/browser/aipbx-widget.js';
const SOURCES = ['packages/widget/src', 'packages/core/src', 'rollup.config.mjs'];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Whether the widget must be (re)built, from the repository root. */
export function widgetBuildNeeded(root = '.'): boolean {
  const built = join(root, BUILT);
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(root, s)) > builtAt);
}

/** Runs `npm run build` when needed (about half a minute, once). */
export async function ensureWidgetBuilt(log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  if (!widgetBuildNeeded()) return;
  log('build: the call button is not built yet (or its sources changed): npm run build (about 30 s, once)');
  const child = spawn('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`npm run build failed (exit ${code}):\n${output.split('\n').slice(-15).join('\n')}`);
  }
}
