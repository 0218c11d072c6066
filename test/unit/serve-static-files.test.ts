import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../electron/serve/static-files';

const root = path.resolve('/srv/porter/renderer');

describe('resolveStaticPath', () => {
  it('serves index.html for / and files under the renderer folder', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/index-abc.js')).toBe(path.join(root, 'assets/index-abc.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.css')).toBe(path.join(root, 'assets/a b.css'));
  });

  it('refuses anything that would leave the renderer folder', () => {
    for (const attempt of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%00index.html',
      '/%E0%A4%A',
      'relative.txt',
    ]) {
      expect(resolveStaticPath(root, attempt), attempt).toBeUndefined();
    }
  });

  it('keeps a sibling folder with the same name prefix out', () => {
    expect(resolveStaticPath(root, '/../renderer-secrets/key.txt')).toBeUndefined();
  });
});
