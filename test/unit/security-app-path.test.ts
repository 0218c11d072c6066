import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppAsset } from '../../electron/main/security/app-path';

const root = path.resolve('/srv/porter/out/renderer');

const staysInside = (resolved: string | null): boolean =>
  resolved === null || path.relative(root, resolved).split(path.sep)[0] !== '..';

describe('resolveAppAsset', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'app://porter/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://porter/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppAsset(root, 'app://porter/assets/index-x1.js?v=2#f')).toBe(path.join(root, 'assets', 'index-x1.js'));
    expect(resolveAppAsset(root, 'app://porter/assets/a%20b.png')).toBe(path.join(root, 'assets', 'a b.png'));
    expect(resolveAppAsset(root, 'app://porter/..not-a-parent.txt')).toBe(path.join(root, '..not-a-parent.txt'));
  });

  it.each([
    'app://porter/..%2F..%2Fetc%2Fpasswd',
    'app://porter/assets/..%2F..%2F..%2Fsecret',
    'app://porter/%2e%2e%2f%2e%2e%2fsecret',
    'app://porter/index.html%00.png',
    'app://porter/%E0%A4%A',
    'app://other/index.html',
    'app://user@porter/index.html',
    'file:///srv/porter/out/renderer/index.html',
    'https://porter/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it.each([
    // The URL parser already folds literal and %2e dot segments at the root.
    'app://porter/../../etc/passwd',
    'app://porter/%2e%2e/%2e%2e/etc/passwd',
    // A separator on Windows, an ordinary name character elsewhere.
    'app://porter/..%5C..%5Csecret',
  ])('never leaves the folder for %s', (url) => {
    expect(staysInside(resolveAppAsset(root, url))).toBe(true);
  });
});
