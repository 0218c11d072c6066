import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadCollectConfig, runCollect, saveCollectConfig, type CollectOptions } from '../../electron/core/collect/index';
import { whitenoiseSiblings } from '../../electron/core/optimize/text/index';
import { openProject } from '../../electron/core/project/open-project';
import { collectForPush, openEnvironment, planPush, runPush } from '../../electron/core/push/index';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

function options(dir: string, outDir: string, extra: Partial<CollectOptions> = {}): CollectOptions {
  return { sources: [{ dir, prefix: '' }], outDir, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, compress: true, ...extra };
}

const css = `body { background: url(../img/logo.png); }\n${'.rule { color: #123456; margin: 0 auto; }\n'.repeat(80)}`;
const page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page</title></head><body></body></html>';

/** The siblings WhiteNoise would write for the files in `out`, computed file by file from its rules. */
function expectedSiblings(out: string, names: string[]): string[] {
  return names.flatMap((name) => whitenoiseSiblings(name, fs.readFileSync(path.join(out, name))).map((sibling) => sibling.name));
}

function project() {
  const base = makeTempDir();
  const src = writeTree(path.join(base, 'src'), { 'css/app.css': css, 'img/logo.png': 'x'.repeat(4000), 'page.html': page, 'empty.txt': '' });
  fs.writeFileSync(path.join(src, 'noise.bin'), randomBytes(4096));
  return { src, out: path.join(base, 'out') };
}

describe('collect with WhiteNoise siblings', () => {
  process.env.PORTER_CACHE_DIR = makeTempDir('porter-cache-');

  it('compresses the originals and the hashed names, never the manifest, a skipped type or what does not pay', async () => {
    const { src, out } = project();
    const report = await runCollect(options(src, out));
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    const compressed = [...Object.keys(manifest.paths), ...Object.values(manifest.paths)].sort();
    const siblings = listFiles(out).filter((name) => /\.(br|gz)$/.test(name));
    expect(siblings.sort()).toEqual(expectedSiblings(out, compressed).sort());
    const hashedCss = manifest.paths['css/app.css']!;
    // The CSS gets both, the short page only .br (gzip's framing breaks the 95 % rule); the PNG is on the skip list
    // however well it compresses, random bytes and an empty file do not pay.
    expect(siblings).toEqual(expect.arrayContaining(['css/app.css.br', 'css/app.css.gz', `${hashedCss}.br`, `${hashedCss}.gz`, 'page.html.br']));
    expect(siblings.some((name) => /page\..*\.gz$|logo|noise|empty|staticfiles/.test(name))).toBe(false);
    for (const name of ['css/app.css', hashedCss]) {
      const original = fs.readFileSync(path.join(out, name));
      expect(brotliDecompressSync(fs.readFileSync(path.join(out, `${name}.br`)))).toEqual(original);
      expect(gunzipSync(fs.readFileSync(path.join(out, `${name}.gz`)))).toEqual(original);
    }
    // Every sibling counts as post-processed, as collectstatic counts WhiteNoise's.
    expect(report.counts.postProcessed).toBe(5 + siblings.length);
    expect(report.files.find((file) => file.name === 'css/app.css')?.compressedSiblings).toEqual(['css/app.css.br', 'css/app.css.gz', `${hashedCss}.br`, `${hashedCss}.gz`]);
    expect(report.files.find((file) => file.name === 'img/logo.png')?.compressedSiblings).toEqual([]);

    const again = await runCollect(options(src, out));
    expect(again.written).toBe(0);

    // A fresh output folder gets the same siblings from Porter's cache.
    const elsewhere = path.join(path.dirname(out), 'elsewhere');
    await runCollect(options(src, elsewhere));
    for (const name of siblings) expect(fs.readFileSync(path.join(elsewhere, name)).equals(fs.readFileSync(path.join(out, name))), name).toBe(true);
  });

  it('without hashing compresses every collected file; a dry run and compress off write none', async () => {
    const { src, out } = project();
    await runCollect(options(src, out, { hashing: false }));
    expect(listFiles(out).filter((name) => /\.(br|gz)$/.test(name)).sort()).toEqual(['css/app.css.br', 'css/app.css.gz', 'page.html.br']);

    const second = project();
    const dry = await runCollect(options(second.src, second.out, { dryRun: true }));
    expect(dry.files.every((file) => file.compressedSiblings === undefined)).toBe(true);
    await runCollect(options(second.src, second.out, { compress: false }));
    expect(listFiles(second.out).filter((name) => /\.(br|gz)$/.test(name))).toEqual([]);
  });

  it('reads and saves porter.json "collect": {"compress": …}, keeping the other keys', async () => {
    const root = makeTempDir();
    expect(await loadCollectConfig(root)).toMatchObject({ compress: false });
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], collect: { compress: true } }));
    expect(await loadCollectConfig(root)).toMatchObject({ compress: true });
    await saveCollectConfig(root, { compress: false });
    expect(JSON.parse(fs.readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual({ sources: ['assets'] });
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ collect: { compress: 'yes' } }));
    await expect(loadCollectConfig(root)).rejects.toThrow('collect.compress must be true or false');
  });

  it("Publish's collect follows porter.json, and a folder environment receives the siblings as they are", async () => {
    const root = makeTempDir();
    writeTree(path.join(root, 'assets'), { 'css/app.css': css, 'img/logo.png': 'png' });
    fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], collect: { compress: true }, environments: { local: { type: 'folder', path: 'public' } } }));
    const project = await openProject({ root, pythonConsent: 'deny' });
    const out = path.join(root, 'staticfiles');
    await collectForPush(project, out);
    const context = await openEnvironment(root, 'local');
    const plan = await planPush(context, out);
    expect(plan.files.map((file) => file.key)).toEqual(expect.arrayContaining(['css/app.css.br', 'css/app.css.gz']));
    await runPush(context, plan);
    expect(fs.readFileSync(path.join(root, 'public/css/app.css.br')).equals(fs.readFileSync(path.join(out, 'css/app.css.br')))).toBe(true);
  });
});
