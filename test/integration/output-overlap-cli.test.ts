// Issue 17 points 2 and 3 as a user runs them: an output that overlaps the sources is refused, and no source byte changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePorterBuilt, readTree, repoRoot, runCommand, runPorterCollect } from '../support/run-porter';

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-overlap-')));
}

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

describe('an output folder that overlaps a source', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it('collect --out <project root> is refused, naming the overlap, and nothing changes', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'manage.py'), 'print("manage")\n');
    fs.mkdirSync(path.join(root, 'assets/css'), { recursive: true });
    fs.writeFileSync(path.join(root, 'assets/css/site.css'), 'a{color:red}');
    fs.mkdirSync(path.join(root, 'app/static'), { recursive: true });
    fs.writeFileSync(path.join(root, 'app/static/manage.py'), 'a static file that happens to share the name');
    const before = readTree(root);
    const result = await runPorterCollect({
      sources: [{ dir: path.join(root, 'assets'), prefix: '' }, { dir: path.join(root, 'app/static'), prefix: '' }],
      outDir: root,
      djangoVersion: '5.2',
      project: root,
      cacheDir: path.join(os.tmpdir(), 'porter-overlap-cache'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`The output folder ${root} contains the source folder ${path.join(root, 'assets')}`);
    expect(result.stderr).toContain(`holds the project's own manage.py`);
    expect(readTree(root)).toEqual(before);
  }, 120_000);

  it('collect --out <a symlink to a source folder> is refused', async () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'assets/css'), { recursive: true });
    fs.writeFileSync(path.join(root, 'assets/css/site.css'), 'a{color:red}');
    fs.symlinkSync(path.join(root, 'assets/css'), path.join(root, 'link'));
    const before = readTree(path.join(root, 'assets'));
    const result = await runPorterCollect({
      sources: [{ dir: path.join(root, 'assets'), prefix: '' }],
      outDir: path.join(root, 'link'),
      djangoVersion: '5.2',
      project: root,
      cacheDir: path.join(os.tmpdir(), 'porter-overlap-cache'),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`is inside the source folder ${path.join(root, 'assets')}`);
    expect(readTree(path.join(root, 'assets'))).toEqual(before);
  }, 120_000);

  it('optimize FILE --out <its own folder> is refused before any work, and the source keeps its bytes', async () => {
    const dir = tempDir();
    const photo = path.join(dir, 'photo.jpg');
    const pixels = Buffer.alloc(64 * 64 * 3);
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 13) % 256;
    await sharp(pixels, { raw: { width: 64, height: 64, channels: 3 } }).jpeg({ quality: 95 }).toFile(photo);
    fs.writeFileSync(path.join(dir, 'site.css'), 'body {\n  color : #ffffff ;\n}\n');
    const before = readTree(dir);
    const result = await porter(['optimize', photo, path.join(dir, 'site.css'), '--mode', 'lossy', '--quality', '5', '--out', dir], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`would write over its input ${photo}`);
    expect(readTree(dir)).toEqual(before);

    fs.symlinkSync(dir, path.join(dir, 'same'));
    const through = await porter(['optimize', path.join(dir, 'site.css'), '--out', path.join(dir, 'same')], dir);
    expect(through.code).toBe(2);
    expect(through.stderr).toContain(`would write over its input ${path.join(dir, 'site.css')}`);
    expect(fs.readFileSync(path.join(dir, 'site.css'))).toEqual(before.get('site.css'));
  }, 120_000);
});
