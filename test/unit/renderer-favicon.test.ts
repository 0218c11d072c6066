import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryUrl } from '../../electron/main/security/app-origin';
import { resolveAppAsset } from '../../electron/main/security/app-path';

const renderer = path.resolve(import.meta.dirname, '../../renderer');

describe('the favicon', () => {
  const html = readFileSync(path.join(renderer, 'index.html'), 'utf8');
  const href = /<link rel="icon" type="image\/svg\+xml" href="\/([^"]+)"/.exec(html)?.[1];

  it('is linked from index.html and kept in renderer/public, which Vite copies beside the built index.html', () => {
    expect(href).toBe('favicon.svg');
    const svg = readFileSync(path.join(renderer, 'public', href!), 'utf8');
    expect(svg.trimStart()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // The app icon's tile and parcel, so the tab shows the same mark as the dock.
    const icon = readFileSync(path.resolve(renderer, '../build/icon.svg'), 'utf8');
    for (const shape of ['<rect x="64" y="64" width="896" height="896" rx="200" fill="url(#tile)"/>', 'M512 236 L764 364 L764 660 L512 788 L260 660 L260 364 Z']) {
      expect(icon).toContain(shape);
      expect(svg).toContain(shape);
    }
  });

  it('resolves under app:// to the file beside index.html, as the desktop app serves it', () => {
    const root = path.resolve('/srv/porter/out/renderer');
    expect(resolveAppAsset(root, new URL(`./${href}`, appEntryUrl).href)).toBe(path.join(root, 'favicon.svg'));
  });
});
