import { describe, expect, it } from 'vitest';
import type { Asset } from '../../electron/contract/porter';
import { countAssets, filterAssets } from '../../renderer/src/features/assets/assets-store';
import { formatBytes, plural } from '../../renderer/src/lib/format';
import { createRecentProjects } from '../../renderer/src/lib/recent-projects';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 10', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1.0 KB');
    expect(formatBytes(1530)).toBe('1.5 KB');
    expect(formatBytes(48_200)).toBe('48 KB');
    expect(formatBytes(999_999)).toBe('1.0 MB');
    expect(formatBytes(2_500_000_000)).toBe('2.5 GB');
  });

  it('pluralises with thousands separators', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(1200, 'file')).toBe('1,200 files');
  });
});

const assets: Asset[] = [
  { publicPath: 'css/site.css', sourcePath: '/p/assets/css/site.css', sourceIndex: 0, bytes: 100, status: 'collected' },
  { publicPath: 'shared/dup.txt', sourcePath: '/p/assets/shared/dup.txt', sourceIndex: 0, bytes: 5, status: 'collected' },
  { publicPath: 'shared/dup.txt', sourcePath: '/p/app/static/shared/dup.txt', sourceIndex: 1, bytes: 7, status: 'duplicate', reason: '/p/assets/shared/dup.txt' },
  { publicPath: 'css/backup.css~', sourcePath: '/p/assets/css/backup.css~', sourceIndex: 0, bytes: 9, status: 'ignored', reason: '*~' },
];

describe('assets table helpers', () => {
  it('counts by status and sums only collected bytes', () => {
    expect(countAssets(assets)).toEqual({ all: 4, collected: 2, duplicate: 1, ignored: 1, collectedBytes: 105 });
  });

  it('filters by path, source, reason and status, ignoring case', () => {
    expect(filterAssets(assets, 'CSS/', 'all').map((asset) => asset.publicPath)).toEqual(['css/site.css', 'css/backup.css~']);
    expect(filterAssets(assets, '/p/app/', 'all')).toHaveLength(1);
    expect(filterAssets(assets, '*~', 'all')).toHaveLength(1);
    expect(filterAssets(assets, 'dup', 'duplicate').map((asset) => asset.status)).toEqual(['duplicate']);
    expect(filterAssets(assets, '  ', 'ignored')).toHaveLength(1);
  });
});

describe('recent projects', () => {
  it('keeps the latest first, without repeats, and survives bad stored data', () => {
    const data = new Map<string, string>();
    const storage = { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value) };
    const recent = createRecentProjects(storage);
    recent.add('/a');
    recent.add('/b');
    recent.add('/a');
    expect(recent.list()).toEqual(['/a', '/b']);
    data.set('porter.recentProjects', '{not json');
    expect(recent.list()).toEqual([]);
  });
});
