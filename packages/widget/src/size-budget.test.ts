import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * What a browser downloads, measured on the built files: the call button's loader every page with
 * the button loads and, once a call starts, its chunk; the softphone's loader and its chunk.
 */
const BROWSER_DIR = fileURLToPath(new URL('../dist/browser/', import.meta.url));
const LOADER = 'aipbx-widget.js';
const SOFTPHONE_LOADER = 'aipbx-softphone.js';
const LOADER_BUDGET = 8 * 1024;
const CALL_PATH_BUDGET = 65 * 1024;
const SOFTPHONE_LOADER_BUDGET = 8 * 1024;
/** Measured at 68.5 KB (7.0 KB loader + 61.6 KB chunk, of which sip.js and the engine ~54 KB). */
const SOFTPHONE_PATH_BUDGET = 72 * 1024;
const CALL_CHUNK = /^aipbx-call-[A-Za-z0-9_-]+\.js$/;
const SOFTPHONE_CHUNK = /^aipbx-softphone-[A-Za-z0-9_-]+\.js$/;

const gzipSize = (file: string) => gzipSync(readFileSync(join(BROWSER_DIR, file)), { level: 9 }).byteLength;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB (${bytes} bytes)`;
const read = (file: string) => readFileSync(join(BROWSER_DIR, file), 'utf8');
/** The chunk names a loader imports. */
const named = (loader: string, prefix: string) =>
  new Set([...loader.matchAll(new RegExp(`${prefix}-[A-Za-z0-9_-]+\\.js`, 'g'))].map((m) => m[0]));

let scripts: string[];
let loader: string;
let softphoneLoader: string;
let callChunk: string;
let softphoneChunk: string;

beforeAll(() => {
  for (const file of [LOADER, SOFTPHONE_LOADER]) {
    if (!existsSync(join(BROWSER_DIR, file))) {
      throw new Error(
        `${file} is missing from ${BROWSER_DIR}: run npm run build at the repository root, then the size budgets can be measured.`,
      );
    }
  }
  scripts = readdirSync(BROWSER_DIR)
    .filter((f) => f.endsWith('.js'))
    .sort();
  loader = read(LOADER);
  softphoneLoader = read(SOFTPHONE_LOADER);
  callChunk = scripts.find((f) => CALL_CHUNK.test(f)) ?? '';
  softphoneChunk = scripts.find((f) => SOFTPHONE_CHUNK.test(f)) ?? '';
});

function withinBudget(files: string[], budget: number, what: string): void {
  const sizes = files.map((f) => [f, gzipSize(f)] as const);
  const total = sizes.reduce((sum, [, size]) => sum + size, 0);
  const report = sizes.map(([f, size]) => `${f}: ${kb(size)}`).join(', ');
  expect(
    total,
    `${what} is ${kb(total)} gzipped (${report}); the budget is ${kb(budget)}`,
  ).toBeLessThanOrEqual(budget);
}

describe('widget size budgets (gzip, level 9)', () => {
  it('builds exactly the two loaders and their two chunks', () => {
    expect(scripts).toHaveLength(4);
    expect(callChunk).toMatch(CALL_CHUNK);
    expect(softphoneChunk).toMatch(SOFTPHONE_CHUNK);
  });

  it(`keeps the loader, ${LOADER}, within 8 KB`, () => {
    withinBudget([LOADER], LOADER_BUDGET, LOADER);
  });

  it('keeps the call path (aipbx-widget.js + the call chunk) within 65 KB', () => {
    withinBudget([LOADER, callChunk], CALL_PATH_BUDGET, 'the call path');
  });

  it(`keeps the softphone's loader, ${SOFTPHONE_LOADER}, within 8 KB`, () => {
    withinBudget([SOFTPHONE_LOADER], SOFTPHONE_LOADER_BUDGET, SOFTPHONE_LOADER);
  });

  it('keeps the softphone path (aipbx-softphone.js + the softphone chunk) within 72 KB', () => {
    withinBudget([SOFTPHONE_LOADER, softphoneChunk], SOFTPHONE_PATH_BUDGET, 'the softphone path');
  });
});

describe('the loader stays light', () => {
  it('does not contain the SIP stack, which loads on first intent', () => {
    expect(loader).not.toContain('SIP/2.0');
    expect(loader).not.toMatch(/sip\.js|SessionDescriptionHandler|UserAgentCore/);
  });

  it('loads the one call chunk that is on disk, by its hashed name', () => {
    expect(named(loader, 'aipbx-call'), 'the chunks the loader names').toEqual(new Set([callChunk]));
    expect(loader).not.toContain('__AIPBX_CALL_CHUNK__');
  });

  it('knows nothing of the softphone', () => {
    expect(loader).not.toContain('aipbx-softphone');
  });

  it('has the SIP stack in the chunk instead', () => {
    expect(read(callChunk)).toContain('SIP/2.0');
  });
});

describe("the softphone's loader stays light", () => {
  it('does not contain the SIP stack, which comes with the softphone chunk', () => {
    expect(softphoneLoader).not.toContain('SIP/2.0');
    expect(softphoneLoader).not.toMatch(/sip\.js|SessionDescriptionHandler|UserAgentCore/);
    expect(read(softphoneChunk)).toContain('SIP/2.0');
  });

  it('loads the one softphone chunk that is on disk, by its hashed name', () => {
    expect(named(softphoneLoader, 'aipbx-softphone'), 'the chunks the loader names').toEqual(
      new Set([softphoneChunk]),
    );
    expect(softphoneLoader).not.toContain('__AIPBX_SOFTPHONE_CHUNK__');
    expect(named(softphoneLoader, 'aipbx-call')).toEqual(new Set());
  });

  it('registers only <aipbx-softphone> and mounts nothing', () => {
    expect(softphoneLoader).toContain('"aipbx-softphone"');
    expect(softphoneLoader).not.toContain('aipbx-call"');
    expect(softphoneLoader).not.toMatch(/\.body\.append|DOMContentLoaded|currentScript\.dataset/);
  });
});
