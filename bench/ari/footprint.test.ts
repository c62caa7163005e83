import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dependencyClosure, folderBytes, type PackageLock } from './footprint.js';

const lock: PackageLock = {
  packages: {
    '': {},
    'node_modules/app-lib': { dependencies: { request: '^2', ws: '^6' } },
    'node_modules/app-lib/node_modules/ws': { version: '6.2.3' },
    'node_modules/ws': { version: '8.23.0' },
    'node_modules/request': { dependencies: { 'tough-cookie': '^2', qs: '^6' } },
    'node_modules/request/node_modules/qs': { version: '6.5.3' },
    'node_modules/qs': { version: '6.14.0' },
    'node_modules/tough-cookie': { dependencies: { punycode: '^2' } },
    'node_modules/punycode': {},
    'node_modules/@scope/linked': { link: true, resolved: 'packages/linked' },
    'packages/linked': { dependencies: { ws: '^8', '@scope/core': '0.1.0' } },
    'node_modules/@scope/core': { link: true, resolved: 'packages/core' },
    'packages/core': { dependencies: { punycode: '^2' }, optionalDependencies: { missing: '1' } },
  },
};

describe('dependencyClosure', () => {
  it('follows npm resolution: a nested copy first, then the top level', () => {
    expect(dependencyClosure(lock, 'node_modules/app-lib').sort()).toEqual([
      'node_modules/app-lib',
      'node_modules/app-lib/node_modules/ws',
      'node_modules/punycode',
      'node_modules/request',
      'node_modules/request/node_modules/qs',
      'node_modules/tough-cookie',
    ]);
  });

  it('follows workspace links to their folders and counts shared packages once', () => {
    expect(dependencyClosure(lock, 'node_modules/@scope/linked').sort()).toEqual([
      'node_modules/punycode',
      'node_modules/ws',
      'packages/core',
      'packages/linked',
    ]);
  });

  it('is empty for a package that is not installed', () => {
    expect(dependencyClosure(lock, 'node_modules/nothing')).toEqual([]);
  });
});

describe('folderBytes', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds file sizes, skipping nested node_modules', () => {
    dir = mkdtempSync(join(tmpdir(), 'footprint-'));
    writeFileSync(join(dir, 'index.js'), 'x'.repeat(100));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'lib', 'a.js'), 'y'.repeat(50));
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'big.js'), 'z'.repeat(1000));
    expect(folderBytes(dir)).toBe(150);
  });
});
