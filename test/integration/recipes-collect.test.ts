import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { RecipeRule } from '../../electron/contract/porter';
import { runCollect } from '../../electron/core/collect/index';
import * as optimize from '../../electron/core/optimize/index';
import { fontDifference } from '../../electron/core/optimize/fonts/index';
import { decompress } from 'woff2-encoder';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

async function photo(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let index = 0; index < pixels.length; index += 1) pixels[index] = (index * 37 + Math.floor(index / (width * 3)) * 11) % 200;
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer();
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

async function site() {
  const base = makeTempDir('porter-recipes-');
  const src = writeTree(path.join(base, 'src'), {
    'img/hero.png': await photo(200, 120),
    'img/icon.png': await photo(16, 16),
    'css/site.css': 'body {\n  background: url("../img/hero.png");\n}\n',
    'js/app.js': 'function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n',
  });
  const collect = (rules: RecipeRule[], out = path.join(base, 'out')) =>
    runCollect({ sources: [{ dir: src, prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, recipes: rules });
  return { base, src, collect };
}

describe('recipes applied by collect', () => {
  it('optimises matched files from their source before hashing, so names, references and the manifest follow', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
    const { base, src, collect } = await site();
    const report = await collect([
      { match: 'img/*.png', mode: 'lossy', quality: 50 },
      { match: 'img/icon.png', mode: 'none' },
      { match: '**/*.js', mode: 'minify' },
      { match: '**/*.css', mode: 'auto' },
    ]);
    const out = path.join(base, 'out');
    const manifest = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    const hero = readFileSync(path.join(out, manifest.paths['img/hero.png']!));
    const source = readFileSync(path.join(src, 'img/hero.png'));
    expect(hero.length).toBeLessThan(source.length);
    expect(manifest.paths['img/hero.png']).toBe(`img/hero.${md5(hero).slice(0, 12)}.png`);
    expect(readFileSync(path.join(out, 'img/hero.png'))).toEqual(hero);
    expect(readFileSync(path.join(out, manifest.paths['css/site.css']!), 'utf8')).toContain(`url("../img/${path.basename(manifest.paths['img/hero.png']!)}")`);
    // 'none' for one file overrides the glob; the icon is collected as it is.
    expect(readFileSync(path.join(out, 'img/icon.png'))).toEqual(readFileSync(path.join(src, 'img/icon.png')));
    expect(readFileSync(path.join(out, 'js/app.js'), 'utf8')).not.toContain('first + second');
    // The source is never touched, and the report names it, not the optimised stand-in.
    expect(readFileSync(path.join(src, 'img/hero.png'))).toEqual(source);
    expect(report.files.find((file) => file.name === 'img/hero.png')?.source).toBe(path.join(src, 'img/hero.png'));
    expect(report.recipes.map((outcome) => [outcome.name, outcome.kept])).toEqual([['img/hero.png', false], ['js/app.js', false]]);
    expect(report.warnings).toEqual([
      'Recipe "**/*.css" (Lossy, auto quality) leaves css/site.css as it is: Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images; the matched file is CSS. Use Minify.',
    ]);
    expect(report.summary).toMatch(/Recipes changed 2 files \(\d+ bytes saved\)\./);
    vi.unstubAllEnvs();
  });

  it('is deterministic, never re-compresses its own output, and answers a re-run from its cache', async () => {
    const cacheDir = path.join(makeTempDir(), 'cache');
    vi.stubEnv('PORTER_CACHE_DIR', cacheDir);
    const { base, collect } = await site();
    const rules: RecipeRule[] = [{ match: '**/*.png', mode: 'auto' }];
    await collect(rules, path.join(base, 'first'));
    rmSync(cacheDir, { recursive: true, force: true });
    const spy = vi.spyOn(optimize, 'optimizeAsset');
    await collect(rules, path.join(base, 'second'));
    const encodes = spy.mock.calls.length;
    expect(encodes).toBeGreaterThan(0);
    // Collect ships bytes and shows no score or transfer size: it asks for neither.
    expect(spy.mock.calls.map(([, , options]) => options.measure)).toEqual(Array(encodes).fill(false));
    const again = await collect(rules, path.join(base, 'second'));
    expect(spy.mock.calls.length).toBe(encodes);
    spy.mockRestore();
    expect(again.written).toBe(0);
    const files = listFiles(path.join(base, 'first'));
    expect(listFiles(path.join(base, 'second'))).toEqual(files);
    for (const file of files) expect(readFileSync(path.join(base, 'second', file)), file).toEqual(readFileSync(path.join(base, 'first', file)));
    vi.unstubAllEnvs();
  });

  it('adds a WebP sibling beside the original and leaves references to the original alone', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
    const { base, collect } = await site();
    const report = await collect([{ match: 'img/hero.png', mode: 'lossless', format: 'webp' }]);
    const manifest = JSON.parse(readFileSync(path.join(base, 'out/staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    expect(Object.keys(manifest.paths)).toEqual(expect.arrayContaining(['img/hero.png', 'img/hero.webp']));
    const webp = readFileSync(path.join(base, 'out', manifest.paths['img/hero.webp']!));
    expect((await sharp(webp).metadata()).format).toBe('webp');
    expect(readFileSync(path.join(base, 'out', manifest.paths['css/site.css']!), 'utf8')).toContain('hero.');
    expect(readFileSync(path.join(base, 'out', manifest.paths['css/site.css']!), 'utf8')).toMatch(/hero\.[0-9a-f]{12}\.png/);
    expect(report.recipes.find((outcome) => outcome.sibling)?.name).toBe('img/hero.webp');
    vi.unstubAllEnvs();
  });

  it('lists the original once when a sibling is not made (a GIF stays GIF under a lossless WebP rule)', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
    const base = makeTempDir('porter-recipes-gif-');
    const gif = await sharp(await photo(40, 30)).gif().toBuffer();
    const src = writeTree(path.join(base, 'src'), { 'img/spinner.gif': gif });
    const report = await runCollect({ sources: [{ dir: src, prefix: '' }], outDir: path.join(base, 'out'), djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, recipes: [{ match: 'img/*', mode: 'lossless', format: 'webp' }] });
    expect(report.files.filter((file) => file.name === 'img/spinner.gif')).toHaveLength(1);
    expect(report.files.map((file) => file.name)).not.toContain('img/spinner.webp');
    expect(report.recipes.find((outcome) => outcome.name === 'img/spinner.webp')).toMatchObject({ kept: true, sibling: true });
  });

  it('adds a WOFF2 sibling beside a font, which hashed names, references and the manifest include', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
    const base = makeTempDir('porter-recipes-');
    const font = readFileSync(path.join(import.meta.dirname, '../fixtures/fonts/dejavu-sans-subset.ttf'));
    const src = writeTree(path.join(base, 'src'), {
      'fonts/brand.ttf': font,
      'css/fonts.css': '@font-face {\n  font-family: Brand;\n  src: url("../fonts/brand.woff2") format("woff2"), url("../fonts/brand.ttf") format("truetype");\n}\n',
    });
    const out = path.join(base, 'out');
    const report = await runCollect({
      sources: [{ dir: src, prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false,
      recipes: [{ match: 'fonts/*', mode: 'lossless' }],
    });
    const manifest = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    const woff2 = readFileSync(path.join(out, manifest.paths['fonts/brand.woff2']!));
    expect(manifest.paths['fonts/brand.woff2']).toBe(`fonts/brand.${md5(woff2).slice(0, 12)}.woff2`);
    expect(fontDifference(font, Buffer.from(await decompress(woff2)))).toBeNull();
    // The font itself is collected as it is, and both URLs of the src now name hashed files.
    expect(readFileSync(path.join(out, manifest.paths['fonts/brand.ttf']!))).toEqual(font);
    const css = readFileSync(path.join(out, manifest.paths['css/fonts.css']!), 'utf8');
    expect(css).toContain(`url("../fonts/${path.basename(manifest.paths['fonts/brand.woff2']!)}") format("woff2")`);
    expect(css).toContain(`url("../fonts/${path.basename(manifest.paths['fonts/brand.ttf']!)}") format("truetype")`);
    expect(report.recipes).toEqual([{ name: 'fonts/brand.woff2', match: 'fonts/*', mode: 'lossless', originalBytes: font.length, outputBytes: woff2.length, kept: false, sibling: true }]);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatch(/ Recipes added 1 converted copy\.$/);
    vi.unstubAllEnvs();
  });

  it('never writes a lossy file larger than the lossless one: the demo banner, whose lossy PNG misses the target, ships lossless', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
    const banner = readFileSync(path.join(import.meta.dirname, '../../demo/shop/static/shop/img/banner.png'));
    const base = makeTempDir('porter-recipes-banner-');
    const src = writeTree(path.join(base, 'src'), { 'img/auto.png': banner, 'img/fixed.png': banner });
    const report = await runCollect({
      sources: [{ dir: src, prefix: '' }],
      outDir: path.join(base, 'out'),
      djangoVersion: '5.2',
      hashing: false,
      ignorePatterns: [],
      useDefaultIgnore: true,
      dryRun: false,
      recipes: [
        { match: 'img/auto.png', mode: 'auto' },
        { match: 'img/fixed.png', mode: 'lossy', quality: 95 },
      ],
    });
    const lossless = await optimize.optimizeAsset(banner, 'banner.png', { mode: 'lossless' });
    const lossy = await optimize.optimizeAsset(banner, 'banner.png', { mode: 'lossy', quality: 95, compareLossless: false, measure: false });
    expect(lossy.bytes.length).toBeGreaterThan(lossless.bytes.length * 4);
    for (const name of ['img/auto.png', 'img/fixed.png']) expect(readFileSync(path.join(base, 'out', name))).toEqual(lossless.bytes);
    expect(report.recipes.map((outcome) => [outcome.name, outcome.outputBytes]).sort()).toEqual([
      ['img/auto.png', lossless.bytes.length],
      ['img/fixed.png', lossless.bytes.length],
    ]);
    vi.unstubAllEnvs();
  }, 60_000);
});
