import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { runTsBuildOptions } from '../../../scripts/run-ts.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Where `npm start -w @aipbx/example-ami-monitor` has scripts/run-ts.mjs put its bundle.
const outfile = join(packageDir, 'node_modules/.cache/aipbx-run-ts', `bundled-test-${process.pid}.mjs`);
const dirs: string[] = [];

afterAll(async () => {
  await rm(outfile, { force: true });
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('bundled like scripts/run-ts.mjs does it', () => {
  it('still finds the page folder and the SQLite WebAssembly', async () => {
    await build({
      stdin: {
        contents:
          "export { defaultPublicDir } from './src/public-files.ts';\n" +
          "export { openHistoryStore } from './src/history-store.ts';\n",
        resolveDir: packageDir,
        loader: 'ts',
      },
      ...runTsBuildOptions,
      outfile,
      logLevel: 'silent',
    });
    const bundled = (await import(pathToFileURL(outfile).href)) as typeof import('./public-files.js') &
      typeof import('./history-store.js');
    expect(bundled.defaultPublicDir()).toBe(join(packageDir, 'public'));

    const dir = await mkdtemp(join(tmpdir(), 'ami-monitor-bundle-'));
    dirs.push(dir);
    const store = await bundled.openHistoryStore(join(dir, 'calls.sqlite'));
    expect(store.recent()).toEqual([]);
    await store.close();
  });
});
