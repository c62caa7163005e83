import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What a visitor downloads, measured on the built files: the loader every page with the button
 * loads, and everything together once a call starts.
 */
const BROWSER_DIR = fileURLToPath(new URL('../dist/browser/', import.meta.url));
const LOADER = 'aipbx-widget.js';
const LOADER_BUDGET = 8 * 1024;
const TOTAL_BUDGET = 65 * 1024;

const gzipSize = (file: string) => gzipSync(readFileSync(join(BROWSER_DIR, file)), { level: 9 }).byteLength;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB (${bytes} bytes)`;

let scripts: string[];
let loader: string;

beforeAll(() => {
  if (!existsSync(join(BROWSER_DIR, LOADER))) {
    throw new Error(
      `${LOADER} is missing from ${BROWSER_DIR}: run npm run build at the repository root, then the size budgets can be measured.`,
    );
  }
  scripts = readdirSync(BROWSER_DIR)
    .filter((f) => f.endsWith('.js'))
    .sort();
  loader = readFileSync(join(BROWSER_DIR, LOADER), 'utf8');
});

describe('widget size budgets (gzip, level 9)', () => {
  it(`keeps the loader, ${LOADER}, within 8 KB`, () => {
    const size = gzipSize(LOADER);
    expect(size, `${LOADER} is ${kb(size)} gzipped; the budget is ${kb(LOADER_BUDGET)}`).toBeLessThanOrEqual(
      LOADER_BUDGET,
    );
  });

  it('keeps every script together within 65 KB', () => {
    const sizes = scripts.map((f) => [f, gzipSize(f)] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    const report = sizes.map(([f, size]) => `${f}: ${kb(size)}`).join(', ');
    expect(
      total,
      `all scripts are ${kb(total)} gzipped (${report}); the budget is ${kb(TOTAL_BUDGET)}`,
    ).toBeLessThanOrEqual(TOTAL_BUDGET);
  });
});

describe('the loader stays light', () => {
  it('does not contain the SIP stack, which loads on first intent', () => {
    expect(loader).not.toContain('SIP/2.0');
    expect(loader).not.toMatch(/sip\.js|SessionDescriptionHandler|UserAgentCore/);
  });

  it('loads the one call chunk that is on disk, by its hashed name', () => {
    const chunks = scripts.filter((f) => f !== LOADER);
    expect(chunks).toHaveLength(1);
    const [chunk] = chunks as [string];
    expect(chunk).toMatch(/^aipbx-call-[A-Za-z0-9_-]+\.js$/);
    const named = [...loader.matchAll(/aipbx-call-[A-Za-z0-9_-]+\.js/g)].map((m) => m[0]);
    expect(new Set(named), `the loader names ${named.join(', ')}`).toEqual(new Set([chunk]));
    expect(loader).not.toContain('__AIPBX_CALL_CHUNK__');
  });

  it('has the SIP stack in the chunk instead', () => {
    const chunk = scripts.find((f) => f !== LOADER) as string;
    expect(readFileSync(join(BROWSER_DIR, chunk), 'utf8')).toContain('SIP/2.0');
  });
});
