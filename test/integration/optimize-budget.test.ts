// Issue 17 point 11: a pathological file (svgo's mergePaths on thousands of shapes took minutes) must not block a
// batch. Every file gets a time and size budget; over it, the file is kept as it is with the reason, the worker
// holding it is stopped and replaced, and the files after it are optimised as usual. Small budgets keep this quick.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SavingsModeSchema } from '../../electron/contract/porter';
import { scanSources } from '../../electron/core/collect/index';
import { DEFAULT_BUDGET, type OptimizeBudget } from '../../electron/core/optimize/budget';
import { createOptimizePool } from '../../electron/core/optimize/worker/optimize-pool';
import { applyRecipes } from '../../electron/core/recipes/apply-recipes';
import { buildOptimizeWorker, rectsSvg } from '../support/optimize-worker-build';
import { makeTempDir, writeTree } from '../support/temp-project';

let worker: Awaited<ReturnType<typeof buildOptimizeWorker>>;
// Far more shapes than the mergePaths cut-off: even without merging, svgo needs many seconds for these.
const pathological = Buffer.from(rectsSvg(100_000));
const css = Buffer.from('body {\n  color : #ffffff ;\n  margin : 0px ;\n}\n'.repeat(20));
const js = Buffer.from('function add(first, second) {\n  return first + second;\n}\nconsole.log(add(1, 2));\n'.repeat(20));
const icon = Buffer.from(rectsSvg(3));
const tight: OptimizeBudget = { maxBytes: null, baseMs: 4000, msPerMegabyte: 0 };

beforeAll(async () => {
  worker = await buildOptimizeWorker();
}, 120_000);

afterAll(() => worker.remove());

describe('optimiser budgets', () => {
  it('keeps a file that runs over its time as it is, with the reason, and optimises the files after it on a fresh worker', async () => {
    // One worker: every file after the pathological one must be handled by its replacement.
    const pool = createOptimizePool({ size: 1, workerFile: worker.workerFile, budget: tight });
    try {
      const batch = [
        ['site.css', css],
        ['rects.svg', pathological],
        ['app.js', js],
        ['icon.svg', icon],
      ] as const;
      const results = await Promise.all(batch.map(([name, bytes]) => pool.optimize(bytes, name, { mode: 'lossless' })));
      const [site, rects, app, small] = results;

      expect(rects!.report).toMatchObject({ kept: true, overBudget: 'time', outputBytes: pathological.length, format: 'svg' });
      expect(rects!.bytes.equals(pathological)).toBe(true);
      expect(rects!.report.notes.join(' ')).toMatch(/Kept as it is: optimising it took longer than the 4 s .*"timeLimitSeconds"/);

      for (const result of [site, app, small]) {
        expect(result!.report.overBudget, result!.report.notes.join(' ')).toBeUndefined();
        expect(result!.report.outputBytes).toBeLessThan(result!.report.originalBytes);
      }

      // The replacement keeps working for later batches too, and measurements get the same budget.
      const again = await pool.optimize(css, 'again.css', { mode: 'lossless' });
      expect(again.report.outputBytes).toBeLessThan(css.length);
      const measured = await pool.measure(pathological, 'rects.svg', SavingsModeSchema.parse({ lossyMode: 'lossy' }));
      expect(measured).toMatchObject({ ok: false, lasting: false });
      expect(measured.ok ? '' : measured.error).toMatch(/Kept as it is: optimising it took longer/);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('keeps a file over its size budget as it is without trying it, and optimises the rest', async () => {
    const pool = createOptimizePool({ size: 1, workerFile: worker.workerFile, budget: { ...DEFAULT_BUDGET, maxBytes: 500 } });
    try {
      const large = await pool.optimize(css, 'site.css', { mode: 'lossless' });
      expect(large.report).toMatchObject({ kept: true, overBudget: 'size', outputBytes: css.length });
      expect(large.bytes.equals(css)).toBe(true);
      expect(large.report.notes.join(' ')).toMatch(/Kept as it is: at 0\.9 KB it is over the 0\.5 KB Porter optimises per file.*"maxFileMegabytes"/);
      const small = await pool.optimize(icon, 'icon.svg', { mode: 'lossless' });
      expect(small.report.overBudget).toBeUndefined();
      expect(small.report.outputBytes).toBeLessThan(icon.length);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('collects a recipe file that runs over its time as it is, with a warning, and does not remember it as kept', async () => {
    const base = makeTempDir('porter-recipe-budget-');
    const src = writeTree(path.join(base, 'src'), { 'img/rects.svg': pathological, 'img/icon.svg': icon, 'css/site.css': css });
    const scan = scanSources({ sources: [{ dir: src, prefix: '' }], ignorePatterns: [], useDefaultIgnore: true, djangoVersion: '5.2' });
    const cacheDir = path.join(base, 'cache');
    const applied = await applyRecipes(scan, [{ match: '**/*', mode: 'minify' }], { cacheDir, budget: tight, workerFile: worker.workerFile, concurrency: 1 });
    const outcomes = new Map(applied.outcomes.map((outcome) => [outcome.name, outcome]));
    expect(outcomes.get('img/rects.svg')).toMatchObject({ kept: true, outputBytes: pathological.length });
    expect(outcomes.get('img/icon.svg')!.kept).toBe(false);
    expect(outcomes.get('css/site.css')!.kept).toBe(false);
    expect(applied.warnings).toEqual([expect.stringMatching(/^Recipe "\*\*\/\*": img\/rects\.svg: Kept as it is: optimising it took longer than the 4 s/)]);
    // Collected from its source, and not marked as kept: a later run may have the time.
    expect(applied.scan.files.find((file) => file.name === 'img/rects.svg')!.absPath).toBe(path.join(src, 'img/rects.svg'));
    const cached = existsSync(path.join(cacheDir, 'recipes')) ? readdirSync(path.join(cacheDir, 'recipes')) : [];
    expect(cached.filter((name) => name.endsWith('.kept'))).toEqual([]);
  }, 120_000);
});
