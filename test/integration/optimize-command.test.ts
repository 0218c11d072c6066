// `porter optimize` as CI runs it: a folder of assets in, one JSON record per file out, sources untouched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { rectsSvg } from '../support/optimize-worker-build';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';

interface OptimizeRecord {
  path: string;
  originalBytes: number;
  outputBytes: number | null;
  format: string | null;
  mode: string;
  quality: number | null;
  score: number | null;
  gzipBytes: number | null;
  brotliBytes: number | null;
  kept: boolean;
  overBudget: 'size' | 'time' | null;
  notes: string[];
  error: string | null;
}

async function makeAssets(dir: string): Promise<void> {
  fs.mkdirSync(path.join(dir, 'img'), { recursive: true });
  const width = 96;
  const height = 64;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7) % 256;
  // Written with the fastest zlib settings, so a best-effort lossless re-encode has room to save.
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toFile(path.join(dir, 'img/gradient.png'));
  fs.writeFileSync(path.join(dir, 'site.css'), 'body {\n  color : #ffffff ;\n  margin : 0px ;\n}\n\n/* a comment */\n');
  fs.writeFileSync(path.join(dir, 'app.js'), 'function add(first, second) {\n  // adds\n  return first + second;\n}\nconsole.log(add(1, 2));\n');
  fs.writeFileSync(path.join(dir, 'img/broken.png'), 'this is not an image');
}

describe('porter optimize', () => {
  let assets: string;
  beforeAll(async () => {
    ensurePorterBuilt();
    assets = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-optimize-')), 'assets');
    await makeAssets(assets);
  }, 120_000);

  it('reports every file, minifies text, optimises images, and names the bad file without stopping', async () => {
    const before = fs.readFileSync(path.join(assets, 'site.css'));
    const result = await runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), 'optimize', assets, '--json'], cwd: path.dirname(assets) });
    expect(result.code).toBe(1);
    const records = JSON.parse(result.stdout) as OptimizeRecord[];
    const byPath = new Map(records.map((record) => [record.path, record]));
    expect([...byPath.keys()].sort()).toEqual(['assets/app.js', 'assets/img/broken.png', 'assets/img/gradient.png', 'assets/site.css']);

    const css = byPath.get('assets/site.css')!;
    expect(css.error).toBeNull();
    expect(css.outputBytes).toBeLessThan(css.originalBytes);
    expect(css.gzipBytes).toBeGreaterThan(0);
    expect(css.brotliBytes).toBeGreaterThan(0);

    const png = byPath.get('assets/img/gradient.png')!;
    expect(png).toMatchObject({ error: null, format: 'png', mode: 'lossless', gzipBytes: null });
    expect(png.outputBytes).toBeLessThan(png.originalBytes);

    expect(byPath.get('assets/img/broken.png')!.error).toMatch(/broken\.png/);
    expect(fs.readFileSync(path.join(assets, 'site.css')).equals(before)).toBe(true);
  }, 120_000);

  it('writes the optimised files under --out with their relative paths', async () => {
    const out = path.join(path.dirname(assets), 'out');
    const result = await runCommand({
      command: process.execPath,
      args: [path.join(repoRoot, 'bin/porter.js'), 'optimize', path.join(assets, 'site.css'), path.join(assets, 'img'), '--out', out],
      cwd: path.dirname(assets),
    });
    expect(result.stdout).toContain(`Written to ${out}`);
    expect(fs.readFileSync(path.join(out, 'site.css'), 'utf8').length).toBeLessThan(fs.readFileSync(path.join(assets, 'site.css'), 'utf8').length);
    expect(fs.existsSync(path.join(out, 'img/gradient.png'))).toBe(true);
    expect(fs.existsSync(path.join(out, 'img/broken.png'))).toBe(false);
  }, 120_000);
  it('skips a pipe, a symlink loop and a dangling link with an error each, and optimises the rest', async () => {
    const hostile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-optimize-hostile-')), 'hostile');
    fs.mkdirSync(path.join(hostile, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(hostile, 'ok.css'), 'body {\n  color : #ffffff ;\n}\n');
    // A reader opening a FIFO waits forever for a writer.
    execFileSync('mkfifo', [path.join(hostile, 'x.css')]);
    fs.symlinkSync('self.css', path.join(hostile, 'self.css'));
    fs.symlinkSync('missing.css', path.join(hostile, 'gone.css'));
    fs.symlinkSync('..', path.join(hostile, 'sub/up'));
    // `timeout` stands in for a CI job's limit: a hang ends as exit 124 rather than stalling the suite.
    const result = await runCommand({
      command: 'timeout',
      args: ['30', process.execPath, path.join(repoRoot, 'bin/porter.js'), 'optimize', hostile, '--json'],
      cwd: path.dirname(hostile),
    });
    expect(result.code, result.stderr).toBe(1);
    const byPath = new Map((JSON.parse(result.stdout) as OptimizeRecord[]).map((record) => [record.path, record]));
    expect([...byPath.keys()].sort()).toEqual(['hostile/gone.css', 'hostile/ok.css', 'hostile/self.css', 'hostile/sub/up', 'hostile/x.css']);
    expect(byPath.get('hostile/ok.css')!.error).toBeNull();
    expect(byPath.get('hostile/x.css')!.error).toMatch(/not a regular file/);
    expect(byPath.get('hostile/self.css')!.error).toMatch(/symlink loop/);
    expect(byPath.get('hostile/gone.css')!.error).toMatch(/does not exist/);
    expect(byPath.get('hostile/sub/up')!.error).toMatch(/symlink loop/);
    expect(result.ms).toBeLessThan(20_000);
  }, 60_000);

  it('keeps a file that runs over its time budget as it is, with the reason, and optimises the others', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'porter-optimize-budget-'));
    // A small budget so the test is quick; the default gives any file at least a minute.
    fs.writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ optimize: { timeLimitSeconds: 4, secondsPerMegabyte: 0 } }));
    const assets = path.join(project, 'assets');
    fs.mkdirSync(assets);
    // Even without mergePaths (left out above 2,000 shapes), 100,000 shapes take svgo well past a 4 s budget on an idle machine.
    const pathological = rectsSvg(100_000);
    fs.writeFileSync(path.join(assets, 'rects.svg'), pathological);
    for (const name of ['a.css', 'b.css', 'c.css', 'd.css']) fs.writeFileSync(path.join(assets, name), 'body {\n  color : #ffffff ;\n  margin : 0px ;\n}\n');
    fs.writeFileSync(path.join(assets, 'icon.svg'), rectsSvg(3));
    const out = path.join(project, 'out');
    const run = (...extra: string[]) =>
      runCommand({ command: 'timeout', args: ['120', process.execPath, path.join(repoRoot, 'bin/porter.js'), 'optimize', 'assets', '--out', out, ...extra], cwd: project });

    const result = await run('--json');
    expect(result.code, result.stderr).toBe(0);
    const byPath = new Map((JSON.parse(result.stdout) as OptimizeRecord[]).map((record) => [record.path, record]));
    expect(byPath.get('assets/rects.svg')).toMatchObject({ kept: true, overBudget: 'time', error: null, outputBytes: pathological.length });
    expect(byPath.get('assets/rects.svg')!.notes.join(' ')).toMatch(/Kept as it is: optimising it took longer than the 4 s/);
    expect(fs.readFileSync(path.join(out, 'assets/rects.svg'), 'utf8')).toBe(pathological);
    for (const name of ['a.css', 'b.css', 'c.css', 'd.css', 'icon.svg']) {
      const record = byPath.get(`assets/${name}`)!;
      expect(record, name).toMatchObject({ overBudget: null, error: null });
      expect(record.outputBytes!, name).toBeLessThan(record.originalBytes);
    }

    const text = await run();
    expect(text.stdout).toMatch(/assets\/rects\.svg \([\d.]+ MB\): Kept as it is: optimising it took longer than the 4 s/);
    expect(text.stdout).toMatch(/6 files: .* saved; 1 kept as it is, over its budget \(listed above\)\./);
  }, 300_000);

  it('refuses a bad "optimize" section in porter.json with a message that says how to fix it', async () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'porter-optimize-badbudget-'));
    fs.writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ optimize: { timeLimitSeconds: 'soon' } }));
    fs.writeFileSync(path.join(project, 'a.css'), 'body { color: red }');
    const result = await runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), 'optimize', 'a.css'], cwd: project });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('porter.json: "optimize"."timeLimitSeconds" must be a number of at least 0.1 (got "soon").');
  }, 60_000);
});
