import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sizeOf } from './bundles.js';

describe('sizeOf', () => {
  it('counts the bytes as they are, and gzipped', () => {
    const text = 'export const a = 1;\n'.repeat(500);
    const size = sizeOf(text);
    expect(size.minified).toBe(Buffer.byteLength(text));
    expect(size.gzip).toBeLessThan(size.minified / 20);
    expect(size).toEqual(sizeOf(Buffer.from(text)));
  });

  it('counts bytes, not characters', () => {
    expect(sizeOf('звонок').minified).toBe(12);
  });

  it('gzips at level 9, not at the default level', () => {
    const bytes = Buffer.from(
      Array.from({ length: 20_000 }, (_, i) => `k${i % 97}:${(i * 31) % 17};`).join(''),
    );
    expect(sizeOf(bytes).gzip).toBe(gzipSync(bytes, { level: 9 }).byteLength);
    expect(sizeOf(bytes).gzip).toBeLessThan(gzipSync(bytes, { level: 1 }).byteLength);
  });
});
