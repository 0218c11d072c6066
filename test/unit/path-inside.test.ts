import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isPathInside } from '../../electron/core/path-inside';

describe('isPathInside', () => {
  const root = path.resolve('/project');
  it('holds for the folder itself and anything below it, including names that start with ".."', () => {
    expect(isPathInside(root, root)).toBe(true);
    expect(isPathInside(root, path.join(root, 'assets', 'css'))).toBe(true);
    expect(isPathInside(root, path.join(root, '..cache'))).toBe(true);
  });
  it('fails for the parent, a sibling that shares the prefix, and anything reached through ..', () => {
    expect(isPathInside(root, path.dirname(root))).toBe(false);
    expect(isPathInside(root, path.resolve('/project-old'))).toBe(false);
    expect(isPathInside(root, path.join(root, '..', 'elsewhere'))).toBe(false);
  });
});
