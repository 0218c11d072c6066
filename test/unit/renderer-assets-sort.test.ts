import { describe, expect, it } from 'vitest';
import type { Asset } from '../../electron/contract/porter';
import { defaultAssetSort, nextAssetSort, sortAssets, type AssetSortOrder } from '../../renderer/src/features/assets/assets-store';

const asset = (publicPath: string, sourceIndex: number, bytes: number, status: Asset['status'] = 'collected'): Asset => ({
  publicPath,
  sourcePath: `/p/${sourceIndex}/${publicPath}`,
  sourceIndex,
  bytes,
  status,
});

// In the core's order: by source, then as each source was walked.
const listed: Asset[] = [
  asset('js/app.js', 0, 900),
  asset('img/logo.svg', 0, 400),
  asset('backup.css~', 0, 0, 'ignored'),
  asset('img/hero.jpg', 1, 102_000),
  asset('img/logo.svg', 1, 400, 'duplicate'),
  asset('css/site.css', 2, 400),
];
const paths = (order: AssetSortOrder) => sortAssets(listed, order).map((each) => `${each.publicPath}@${each.sourceIndex}`);

describe('sortAssets', () => {
  it('by source ascending is the order the core listed, which is the default', () => {
    expect(sortAssets(listed, defaultAssetSort)).toEqual(listed);
    expect(paths({ key: 'source', direction: 'descending' })).toEqual(['css/site.css@2', 'img/hero.jpg@1', 'img/logo.svg@1', 'js/app.js@0', 'img/logo.svg@0', 'backup.css~@0']);
  });

  it('sorts paths alphabetically, ties in the listed order', () => {
    expect(paths({ key: 'path', direction: 'ascending' })).toEqual(['backup.css~@0', 'css/site.css@2', 'img/hero.jpg@1', 'img/logo.svg@0', 'img/logo.svg@1', 'js/app.js@0']);
    expect(paths({ key: 'path', direction: 'descending' })).toEqual(['js/app.js@0', 'img/logo.svg@0', 'img/logo.svg@1', 'img/hero.jpg@1', 'css/site.css@2', 'backup.css~@0']);
  });

  it('sorts by size with equal sizes in the listed order, and ignored files (size unknown) last either way', () => {
    expect(paths({ key: 'size', direction: 'descending' })).toEqual(['img/hero.jpg@1', 'js/app.js@0', 'img/logo.svg@0', 'img/logo.svg@1', 'css/site.css@2', 'backup.css~@0']);
    expect(paths({ key: 'size', direction: 'ascending' })).toEqual(['img/logo.svg@0', 'img/logo.svg@1', 'css/site.css@2', 'js/app.js@0', 'img/hero.jpg@1', 'backup.css~@0']);
  });

  it('sorts by status collected, duplicate, ignored', () => {
    expect(sortAssets(listed, { key: 'status', direction: 'ascending' }).map((each) => each.status)).toEqual(['collected', 'collected', 'collected', 'collected', 'duplicate', 'ignored']);
    expect(sortAssets(listed, { key: 'status', direction: 'descending' }).map((each) => each.status)).toEqual(['ignored', 'duplicate', 'collected', 'collected', 'collected', 'collected']);
  });

  it('leaves the list it was given as it was', () => {
    const before = [...listed];
    sortAssets(listed, { key: 'size', direction: 'descending' });
    expect(listed).toEqual(before);
  });
});

describe('nextAssetSort', () => {
  it('flips the sorted column, and starts another A–Z or biggest first, as the Savings table does', () => {
    expect(nextAssetSort(defaultAssetSort, 'source')).toEqual({ key: 'source', direction: 'descending' });
    expect(nextAssetSort({ key: 'source', direction: 'descending' }, 'source')).toEqual({ key: 'source', direction: 'ascending' });
    expect(nextAssetSort(defaultAssetSort, 'size')).toEqual({ key: 'size', direction: 'descending' });
    expect(nextAssetSort(defaultAssetSort, 'path')).toEqual({ key: 'path', direction: 'ascending' });
    expect(nextAssetSort({ key: 'size', direction: 'descending' }, 'status')).toEqual({ key: 'status', direction: 'ascending' });
  });
});
