import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

const names = { oldName: 'a', newName: 'b' };

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('x\ny\n', 'x\ny\n', names)).toBe('');
  });

  it('shows a change with its context', () => {
    expect(unifiedDiff('1\n2\n3\n', '1\nX\n3\n', names)).toBe(
      '--- a\n+++ b\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n',
    );
  });

  it('shows a new file as all additions', () => {
    expect(unifiedDiff('', 'a\nb\n', names)).toBe('--- a\n+++ b\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('splits distant changes into hunks with three lines of context', () => {
    const old = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n');
    const changed = old.replace('l1\n', 'L1\n').replace('l18', 'L18');
    const diff = unifiedDiff(old, changed, names);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain('@@ -1,5 +1,5 @@');
    expect(diff).toContain('@@ -16,5 +16,5 @@');
  });
});
