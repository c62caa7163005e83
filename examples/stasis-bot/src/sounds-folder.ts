/**
 * Finding the folder Asterisk reads one language's sounds from, as this machine sees it.
 */
import { lstat, mkdir, readlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, parse, resolve } from 'node:path';

/** Most links followed from one language folder before giving up (a loop, or a very odd install). */
const MAX_LINKS = 16;

/**
 * The folder `soundsDir/<language>` as a path this machine can write to, made when it does not
 * exist yet.
 *
 * Debian links `sounds/en` to `/etc/alternatives/asterisk-prompt-en`, which links on to the
 * installed voice, and both links are absolute. When `soundsDir` is the sounds folder of an
 * Asterisk in a chroot or a container, seen from the host, such a link points outside it. So an
 * absolute link is resolved against the nearest folder above `soundsDir` in which its target
 * exists (the chroot's root); for an Asterisk installed on this machine that is `/` itself.
 *
 * @throws Error when the language's path is a file, or a link that leads to no folder from here.
 */
export async function languageFolder(soundsDir: string, language: string): Promise<string> {
  const path = join(resolve(soundsDir), language);
  const entry = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entry === undefined) {
    await mkdir(path, { recursive: true });
    return path;
  }
  if (entry.isDirectory()) return path;
  if (!entry.isSymbolicLink()) {
    throw new Error(`${path} is not a folder: Asterisk expects the ${language} sounds in a folder there.`);
  }
  for (const root of rootsAbove(path)) {
    const folder = await followLinks(root, path);
    if (folder !== undefined) return folder;
  }
  const target = await readlink(path);
  throw new Error(
    `${path} links to ${target}, which leads to no folder from here. If Asterisk runs in a chroot or ` +
      `a container, pass the sounds folder as this machine sees it; otherwise repair the link.`,
  );
}

/** The folders above `path`, nearest first, ending with the file system's root. */
function rootsAbove(path: string): string[] {
  const roots: string[] = [];
  const top = parse(path).root;
  for (let dir = dirname(dirname(path)); ; dir = dirname(dir)) {
    roots.push(dir);
    if (dir === top) return roots;
  }
}

/**
 * Follows the links from `path`, reading absolute targets as paths under `root`. Resolves with the
 * folder they end at, or `undefined` when they end anywhere else.
 */
async function followLinks(root: string, path: string): Promise<string | undefined> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    const entry = await lstat(current).catch(() => undefined);
    if (entry === undefined) return undefined;
    if (!entry.isSymbolicLink()) return entry.isDirectory() ? current : undefined;
    const target = await readlink(current);
    current = isAbsolute(target) ? join(root, target) : resolve(dirname(current), target);
  }
  return undefined;
}
