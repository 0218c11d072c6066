import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnmatchcase } from '../../electron/core/collect/py-fnmatch';
import { scanSources } from '../../electron/core/collect/scan';
import { finderLocations } from '../../electron/core/collect/walk-sources';
import { makeTempDir, writeTree } from '../support/temp-project';

describe('fnmatchcase (Python semantics)', () => {
  it.each([
    ['a/b.css', '*.css', true],
    ['a/B.CSS', '*.css', false],
    ['css/sub/c.css', 'css/*', true],
    ['x~', '*~', true],
    ['.hidden', '.*', true],
    ['b', '[abc]', true],
    ['d', '[!abc]', true],
    ['a', '[!abc]', false],
    ['-', '[a-]', true],
    [']', '[]]', true],
    ['[', '[', true],
    ['b', '[c-a]', false],
    ['x.js', '?.js', true],
    ['ab.js', '?.js', false],
    ['a+b(c)', 'a+b(c)', true],
  ])('%s matches %s: %s', (name, pattern, expected) => {
    expect(fnmatchcase(name, pattern)).toBe(expected);
  });
});

describe("Django's finder walk", () => {
  const tree = { 'a.txt': 'a', 'css/b.css': 'b', 'css/sub/c.css': 'c', 'css/sub/deep/d.css': 'd' };
  const collected = (ignorePatterns: string[], sources?: Array<{ dir: string; prefix: string }>) => {
    const dir = writeTree(makeTempDir(), tree);
    return scanSources({ sources: sources ?? [{ dir, prefix: '' }], ignorePatterns, useDefaultIgnore: true, djangoVersion: '5.2' })
      .files.map((file) => file.name)
      .sort();
  };

  it.each([
    [['css/sub'], ['a.txt', 'css/b.css', 'css/sub/c.css', 'css/sub/deep/d.css']],
    [['css/sub/*'], ['a.txt', 'css/b.css']],
    [['sub'], ['a.txt', 'css/b.css']],
    [['css/*'], ['a.txt']],
    [['deep'], ['a.txt', 'css/b.css', 'css/sub/c.css']],
    [['css/sub/'], ['a.txt', 'css/b.css', 'css/sub/c.css', 'css/sub/deep/d.css']],
  ])('--ignore %j collects %j (django-staticfiles.md §1.3)', (patterns, expected) => {
    expect(collected(patterns)).toEqual(expected);
  });

  it('matches ignore patterns without the source prefix', () => {
    const dir = writeTree(makeTempDir(), { 'lib.js': 'x' });
    expect(collected(['vendor/lib.js'], [{ dir, prefix: 'vendor' }])).toEqual(['vendor/lib.js']);
    expect(collected(['lib.js'], [{ dir, prefix: 'vendor' }])).toEqual([]);
  });

  it('skips CVS, dotfiles and backups by default, and reports them as ignored', () => {
    const dir = writeTree(makeTempDir(), { 'CVS/entries': 'x', '.hidden.css': 'x', 'x.css~': 'x', 'ok.css': 'x' });
    const scan = scanSources({ sources: [{ dir, prefix: '' }], ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    expect(scan.files.map((file) => file.name)).toEqual(['ok.css']);
    expect(scan.ignored.map((entry) => [entry.name, entry.pattern]).sort()).toEqual([['.hidden.css', '.*'], ['CVS', 'CVS'], ['x.css~', '*~']]);
    const all = scanSources({ sources: [{ dir, prefix: '' }], ignorePatterns: [], useDefaultIgnore: false, djangoVersion: '5.2' });
    expect(all.files).toHaveLength(4);
  });

  it('lists a folder in raw directory order, files before subfolders', () => {
    const dir = writeTree(makeTempDir(), { 'z/1.txt': '', 'b.txt': '', 'a/2.txt': '', 'c.txt': '' });
    const raw = fs.opendirSync(dir);
    const order: string[] = [];
    for (let entry = raw.readSync(); entry; entry = raw.readSync()) order.push(entry.name);
    raw.closeSync();
    const files = order.filter((name) => name.endsWith('.txt'));
    const folders = order.filter((name) => !name.endsWith('.txt'));
    const expected = [...files, ...folders.map((folder) => `${folder}/${folder === 'z' ? '1' : '2'}.txt`)];
    const scan = scanSources({ sources: [{ dir, prefix: '' }], ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    expect(scan.files.map((file) => file.name)).toEqual(expected);
  });

  it('keeps the first of two files with the same destination and lists the other with both paths', () => {
    const first = writeTree(makeTempDir(), { 'shared/dup.txt': 'one' });
    const second = writeTree(makeTempDir(), { 'shared/dup.txt': 'two' });
    const scan = scanSources({ sources: [{ dir: first, prefix: '' }, { dir: second, prefix: '' }], ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    expect(scan.files.map((file) => file.absPath)).toEqual([path.join(first, 'shared/dup.txt')]);
    expect(scan.duplicates).toEqual([expect.objectContaining({ file: expect.objectContaining({ absPath: path.join(second, 'shared/dup.txt') }) })]);
  });

  it('uses the last prefix for a root listed twice, like FileSystemFinder', () => {
    const locations = finderLocations([
      { dir: '/r', prefix: 'one' },
      { dir: '/r', prefix: 'two' },
      { dir: '/r', prefix: 'one' },
      { dir: '/app', prefix: '', kind: 'app' },
    ]);
    expect(locations.map((location) => [location.dir, location.prefix])).toEqual([
      ['/r', 'two'],
      ['/r', 'two'],
      ['/app', ''],
    ]);
  });

  it('stops on a missing source folder for 3.2 and skips it with W004 for 4.2+', () => {
    const sources = [{ dir: '/nonexistent/porter-test', prefix: '' }];
    const old = scanSources({ sources, ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '3.2' });
    expect(old.problems[0]).toContain('/nonexistent/porter-test does not exist');
    const modern = scanSources({ sources, ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    expect(modern.problems).toEqual([]);
    expect(modern.warnings).toEqual(["The directory '/nonexistent/porter-test' in the STATICFILES_DIRS setting does not exist. It was skipped."]);
  });
});
