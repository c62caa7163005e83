/**
 * Install footprint of a package from the root `package-lock.json`: the packages it brings in
 * (itself included, each counted once) and their size on disk.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a lockfile (v2/v3 `packages`) this reads. */
export interface PackageLock {
  packages: Record<
    string,
    {
      version?: string;
      link?: boolean;
      resolved?: string;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
    }
  >;
}

/** Where npm's resolution finds `name` for the package installed at `from` (nearest node_modules upwards). */
function resolveDependency(lock: PackageLock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base}/node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    const cut = base.lastIndexOf('/node_modules/');
    if (cut < 0) break;
    base = base.slice(0, cut);
  }
  const top = `node_modules/${name}`;
  return lock.packages[top] === undefined ? undefined : top;
}

/**
 * Lockfile paths of `start` (e.g. `node_modules/ari-client`) and everything it depends on,
 * transitively; workspace links are followed and counted once, at their real folder.
 */
export function dependencyClosure(lock: PackageLock, start: string): string[] {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    let path = queue.shift()!;
    let entry = lock.packages[path];
    if (entry?.link && entry.resolved !== undefined) {
      path = entry.resolved;
      entry = lock.packages[path];
    }
    if (entry === undefined || seen.has(path)) continue;
    seen.add(path);
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveDependency(lock, path, name);
      if (found !== undefined) queue.push(found);
    }
  }
  return [...seen];
}

/** Bytes of the files under `dir`, not counting nested `node_modules` (those are packages of their own). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') total += folderBytes(path);
    } else if (entry.isFile()) {
      total += statSync(path).size;
    }
  }
  return total;
}
