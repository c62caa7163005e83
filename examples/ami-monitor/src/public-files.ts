/**
 * The page's files (`public/`): found from the package folder whether this module runs from its
 * source or bundled elsewhere, and served by exact name only. The request path is never decoded,
 * joined or normalised into a file path: it is looked up in the list of files the folder held at
 * start, so `..`, `%2e%2e`, encoded slashes or backslashes can only miss.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Content types of the files the page is made of, by extension. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** A name a served file may have: letters, digits, `.`, `_`, `-`, not starting with a dot. */
const SERVABLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The package's `public/` folder: beside `src/` when running from source, or found through the
 * package's own name when this module was bundled elsewhere (`node_modules/.cache/aipbx-run-ts`).
 *
 * @throws Error when neither place has `index.html`
 */
export function defaultPublicDir(): string {
  const candidates: string[] = [];
  try {
    candidates.push(fileURLToPath(new URL('../public/', import.meta.url)));
  } catch {
    // import.meta.url is not a file URL: only the package lookup is left.
  }
  try {
    const pkg = createRequire(import.meta.url).resolve('@aipbx/example-ami-monitor/package.json');
    candidates.push(join(dirname(pkg), 'public'));
  } catch {
    // Not installed as a workspace package: only the path beside the source is left.
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) {
    throw new Error(
      `The monitor's page (public/index.html) was not found; looked in ${candidates.join(' and ')}. ` +
        'Pass publicDir, or run from the repository.',
    );
  }
  return found;
}

/** One file that may be served. */
export interface PublicFile {
  path: string;
  contentType: string;
}

/**
 * The servable files of `dir` by URL path (`/index.html`, also `/` for it): regular files directly
 * in the folder with a known extension and a plain name. Subfolders and dot files are never served.
 *
 * @throws Error naming the folder when it cannot be read or has no index.html
 */
export async function listPublicFiles(dir: string): Promise<Map<string, PublicFile>> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw new Error(`Cannot read the page's folder ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const files = new Map<string, PublicFile>();
  for (const entry of entries) {
    const contentType = CONTENT_TYPES[extname(entry.name).toLowerCase()];
    if (!entry.isFile() || !contentType || !SERVABLE_NAME.test(entry.name)) continue;
    files.set(`/${entry.name}`, { path: join(dir, entry.name), contentType });
  }
  const index = files.get('/index.html');
  if (!index) throw new Error(`The page's folder ${dir} has no index.html.`);
  files.set('/', index);
  return files;
}

/** Reads a listed file's bytes. */
export function readPublicFile(file: PublicFile): Promise<Buffer> {
  return readFile(file.path);
}
