// Issue 17.14: a folder that opens but cannot be listed (as /proc/1/map_files does) is a per-folder message, not a
// crash; and a porter.json source outside the project is flagged, since that is usually a mistake.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scanSources } from '../../electron/core/collect/scan';
import { openProject } from '../../electron/core/project/open-project';
import { makeTempDir, writeTree } from '../support/temp-project';

afterEach(() => vi.restoreAllMocks());

describe('a folder that opens but cannot be listed', () => {
  it('is named in one problem, and the other folders are still walked', () => {
    const dir = writeTree(makeTempDir(), { 'a.css': 'a', 'locked/b.css': 'b', 'open/c.css': 'c' });
    const locked = path.join(dir, 'locked');
    const opendir = fs.opendirSync;
    vi.spyOn(fs, 'opendirSync').mockImplementation((target, options) => {
      const opened = opendir(target, options);
      if (path.resolve(target.toString()) !== locked) return opened;
      opened.readSync = () => {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
      };
      return opened;
    });
    const listing = scanSources({ sources: [{ dir, prefix: '' }], ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    expect(listing.problems).toEqual([`Cannot list the files in the folder ${locked}: permission denied.`]);
    expect(listing.files.map((file) => file.name).sort()).toEqual(['a.css', 'open/c.css']);
  });
});

describe('porter.json sources outside the project', () => {
  it('warns on a source reached with ".." or by an absolute path elsewhere, not on one inside', async () => {
    const base = makeTempDir('porter-outside-source-');
    const elsewhere = writeTree(path.join(base, 'elsewhere'), { 'x.css': 'x' });
    const root = writeTree(path.join(base, 'site'), {
      'assets/a.css': 'a',
      'shared/s.css': 's',
      'porter.json': JSON.stringify({ sources: ['assets', '../elsewhere', elsewhere, path.join(base, 'site/shared'), '..cache'] }),
    });
    const project = await openProject({ root, pythonConsent: 'deny' });
    const warnings = project.sources.map((source) => source.warning ?? null);
    expect(warnings[0]).toBeNull();
    expect(warnings[1]).toBe(`This folder is outside the project (${root}): porter.json names it as "../elsewhere". That is usually a mistake; check the folder, or move the files into the project.`);
    expect(warnings[2]).toMatch(/outside the project/);
    expect(warnings[3]).toBeNull();
    expect(warnings[4]).toBeNull();
  });
});
