// Import must never write through a link: neither a temporary-file name planted as a link in the source folder,
// nor a link already at the destination name (refused, so whatever it points at stays as it was).
import { lstatSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planImport, runImport } from '../../electron/core/project/import-assets';
import { incomingContent } from '../../electron/core/project/import-content';
import { openProject } from '../../electron/core/project/open-project';
import { makeTempDir, writeTree } from '../support/temp-project';

async function projectWithOutside() {
  const base = makeTempDir('porter-import-links-');
  const root = writeTree(path.join(base, 'site'), { 'porter.json': JSON.stringify({ sources: ['assets'] }), 'assets/img/.keep': '' });
  const outside = writeTree(path.join(base, 'outside'), { 'secret.txt': 'outside, untouched\n' });
  const project = await openProject({ root, pythonConsent: 'deny' });
  return { project, img: path.join(root, 'assets/img'), outsideFile: path.join(outside, 'secret.txt'), target: { sourceIndex: 0, folder: 'img' } };
}

describe('import and links', () => {
  it('does not write through a link planted at the temporary file name', async () => {
    const { project, img, outsideFile, target } = await projectWithOutside();
    // Every name a predictable temporary file could take for this process.
    symlinkSync(outsideFile, path.join(img, `new.txt.porter-${process.pid}.tmp`));
    const result = await runImport(project, target, [{ relativePath: 'new.txt', bytes: Buffer.from('dropped\n') }]);
    expect(result.problems).toEqual([]);
    expect(readFileSync(path.join(img, 'new.txt'), 'utf8')).toBe('dropped\n');
    expect(readFileSync(outsideFile, 'utf8')).toBe('outside, untouched\n');
    expect(readdirSync(img).filter((name) => name.endsWith('.tmp') && !name.includes(`porter-${process.pid}.tmp`))).toEqual([]);
  });

  it('refuses a destination name that is a link, wherever it leads, and leaves the link and its target alone', async () => {
    const { project, img, outsideFile, target } = await projectWithOutside();
    writeTree(img, { 'shared.css': 'a{}\n' });
    symlinkSync(path.join(img, 'shared.css'), path.join(img, 'inside.css'));
    symlinkSync(path.join(img, 'gone.css'), path.join(img, 'dangling.css'));
    symlinkSync(outsideFile, path.join(img, 'outside.css'));
    const names = ['inside.css', 'dangling.css', 'outside.css'];
    const plan = await planImport(project, target, names.map((relativePath) => ({ relativePath, incoming: incomingContent(Buffer.from('b{}\n')) })));
    for (const entry of plan) expect(entry.problem, entry.relativePath).toMatch(/is a link/);
    const decisions = Object.fromEntries(names.map((name) => [name, 'replace' as const]));
    const result = await runImport(project, target, names.map((relativePath) => ({ relativePath, bytes: Buffer.from('b{}\n') })), decisions);
    expect(result.written).toEqual([]);
    expect(result.problems.map((problem) => problem.relativePath)).toEqual(names);
    for (const name of names) expect(lstatSync(path.join(img, name)).isSymbolicLink()).toBe(true);
    expect(readFileSync(path.join(img, 'shared.css'), 'utf8')).toBe('a{}\n');
    expect(readFileSync(outsideFile, 'utf8')).toBe('outside, untouched\n');
  });

  it('refuses a folder that leads out of the source through a link', async () => {
    const { project, img, outsideFile, target } = await projectWithOutside();
    symlinkSync(path.dirname(outsideFile), path.join(img, 'linked'));
    const result = await runImport(project, target, [{ relativePath: 'linked/secret.txt', bytes: Buffer.from('overwritten\n') }], { 'linked/secret.txt': 'replace' });
    expect(result.written).toEqual([]);
    expect(readFileSync(outsideFile, 'utf8')).toBe('outside, untouched\n');
  });
});
