import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectError, runCollect, type CollectOptions } from '../../electron/core/collect/index';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

function options(dir: string, outDir: string, extra: Partial<CollectOptions> = {}): CollectOptions {
  return { sources: [{ dir, prefix: '' }], outDir, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, ...extra };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), 'base64')]));
}

async function failure(run: Promise<unknown>): Promise<CollectError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CollectError) return error;
    throw error;
  }
  throw new Error('expected collect to fail');
}

describe('collect output', () => {
  process.env.PORTER_CACHE_DIR = makeTempDir('porter-cache-');

  it('writes nothing on an unchanged second run, then only what a change needs', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'css/app.css': 'a{b:url(../img/x.png)}', 'img/x.png': 'one', 'img/y.png': 'y' });
    const out = path.join(base, 'out');
    const first = await runCollect(options(src, out));
    expect(first.written).toBe(7);
    const second = await runCollect(options(src, out));
    expect(second.written).toBe(0);
    expect(second.summary).toBe(`0 static files copied to '${out}', 3 unmodified, 1 post-processed.`);

    fs.writeFileSync(path.join(src, 'img/x.png'), 'two');
    const third = await runCollect(options(src, out));
    // x.png, its new hashed copy, the CSS's new hashed copy, and the manifest.
    expect(third.written).toBe(4);
    expect(third.counts.copied).toBe(1);
  });

  it('rewrites an output file whose content was changed by hand, even with an older mtime', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'a.txt': 'original' });
    const out = path.join(base, 'out');
    await runCollect(options(src, out));
    fs.writeFileSync(path.join(out, 'a.txt'), 'tampered');
    fs.utimesSync(path.join(out, 'a.txt'), new Date(2000, 1, 1), new Date(2000, 1, 1));
    const again = await runCollect(options(src, out));
    expect(again.written).toBe(1);
    expect(fs.readFileSync(path.join(out, 'a.txt'), 'utf8')).toBe('original');
  });

  it('leaves the previous output untouched when a reference is broken', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'css/app.css': 'a{}', 'img/x.png': 'x' });
    const out = path.join(base, 'out');
    await runCollect(options(src, out));
    const before = snapshot(out);
    fs.writeFileSync(path.join(src, 'css/app.css'), 'a{b:url(missing.png)}\nc{d:url(../img/gone.png)}');
    fs.writeFileSync(path.join(src, 'img/x.png'), 'changed');
    const error = await failure(runCollect(options(src, out)));
    expect(error.brokenReferences.map((reference) => [reference.file, reference.line, reference.resolvedTo])).toEqual([
      [path.join(src, 'css/app.css'), 1, 'css/missing.png'],
      [path.join(src, 'css/app.css'), 2, 'img/gone.png'],
    ]);
    expect(snapshot(out)).toEqual(before);
  });

  it('writes nothing in a dry run and says what would change', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'a.txt': 'a' });
    const out = path.join(base, 'out');
    const report = await runCollect(options(src, out, { dryRun: true }));
    expect(report.counts.copied).toBe(1);
    expect(report.written).toBe(3);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('copies only, with no hashed names or manifest, for --no-hash', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'css/app.css': 'a{b:url(missing.png)}' });
    const out = path.join(base, 'out');
    await runCollect(options(src, out, { hashing: false }));
    expect(listFiles(out)).toEqual(['css/app.css']);
  });
});

describe('collect refuses bad input with a clear message and writes nothing', () => {
  async function refused(tree: Record<string, string>, prepare: (src: string, base: string) => void) {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), tree);
    prepare(src, base);
    const out = path.join(base, 'out');
    const error = await failure(runCollect(options(src, out)));
    expect(fs.existsSync(out)).toBe(false);
    return error.problems.join('\n');
  }

  it('a symlink loop', async () => {
    const message = await refused({ 'a/b.txt': 'b' }, (src) => fs.symlinkSync('..', path.join(src, 'a/loop')));
    expect(message).toMatch(/a\/loop leads back to .*a symlink loop/);
  });

  it('a dangling symlink', async () => {
    const message = await refused({ 'a.txt': 'a' }, (src) => fs.symlinkSync('nowhere.png', path.join(src, 'ghost.png')));
    expect(message).toMatch(/Cannot read \S+\/src\/ghost\.png: it points to something that does not exist/);
  });

  it('a pipe instead of a file', async () => {
    const message = await refused({ 'a.txt': 'a' }, (src) => execFileSync('mkfifo', [path.join(src, 'pipe.css')]));
    expect(message).toContain('pipe.css is not a regular file');
  });

  it('a file name that is not valid UTF-8', async () => {
    const message = await refused({ 'a.txt': 'a' }, (src) => fs.writeFileSync(Buffer.concat([Buffer.from(src + '/bad-'), Buffer.from([0xff, 0xfe]), Buffer.from('.png')]), 'x'));
    expect(message).toContain('bad-\\xff\\xfe.png is not valid UTF-8');
  });

  it('an output folder inside a source folder', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'a.txt': 'a' });
    const error = await failure(runCollect(options(src, path.join(src, 'static'))));
    expect(error.problems[0]).toContain('is inside the source folder');
    expect(fs.existsSync(path.join(src, 'static'))).toBe(false);
  });

  it('a source folder that does not exist (3.2)', async () => {
    const base = makeTempDir();
    const error = await failure(runCollect(options(path.join(base, 'nope'), path.join(base, 'out'), { djangoVersion: '3.2' })));
    expect(error.problems[0]).toContain(`${path.join(base, 'nope')} does not exist`);
  });

  it('follows a symlink out of its source folder with a warning, as Django does', async () => {
    const base = makeTempDir();
    const elsewhere = writeTree(path.join(base, 'elsewhere'), { 'logo.png': 'logo' });
    const src = writeTree(path.join(base, 'src'), { 'a.txt': 'a' });
    fs.symlinkSync(elsewhere, path.join(src, 'linked'));
    const report = await runCollect(options(src, path.join(base, 'out')));
    expect(report.files.map((file) => file.name)).toContain('linked/logo.png');
    expect(report.warnings[0]).toContain(`${path.join(src, 'linked')} is a symlink to ${elsewhere}, outside its source folder`);
  });

  it('never writes through a symlink planted in the output folder', async () => {
    const base = makeTempDir();
    const src = writeTree(path.join(base, 'src'), { 'css/app.css': 'a{}', 'b.txt': 'b' });
    const out = path.join(base, 'out');
    const victim = fs.mkdirSync(path.join(base, 'victim'), { recursive: true })!;
    fs.mkdirSync(out);
    fs.symlinkSync(victim, path.join(out, 'css'));
    fs.symlinkSync(path.join(victim, 'b.txt'), path.join(out, 'b.txt'));
    const error = await failure(runCollect(options(src, out)));
    expect(error.message).toContain(`${path.join(out, 'css')} is a symlink where the output needs a folder`);
    expect(fs.readdirSync(victim)).toEqual([]);
  });
});
