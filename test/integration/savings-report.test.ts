import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SavingsModeSchema, SavingsSettingsSchema, type SavingsJobEvent, type SavingsJobState, type SavingsReport } from '../../electron/contract/porter';
import { optimizeAsset } from '../../electron/core/optimize/index';
import { runSavings, type SavingsFile, type SavingsRunProgress } from '../../electron/core/optimize/savings/index';
import { variantOptions } from '../../electron/core/optimize/savings/measure-asset';
import { createMeasureWorkers } from '../../electron/host/measure-workers';
import { createPorterHost } from '../../electron/host/porter-host';
import { buildOptimizeWorker } from '../support/optimize-worker-build';

const mode = SavingsModeSchema.parse({ lossyMode: 'lossy', quality: 60 });
const settings = SavingsSettingsSchema.parse({ monthlyRequests: 50_000 });
let workspace: string;
let site: string;
let workerFile: string;
let worker: Awaited<ReturnType<typeof buildOptimizeWorker>>;

async function png(file: string, size: number, seed: number): Promise<void> {
  const pixels = Buffer.alloc(size * size * 3);
  for (let index = 0; index < pixels.length; index += 1) pixels[index] = (index * seed + ((index / 97) | 0) * 31) & 0xff;
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp(pixels, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 0 }).toFile(file);
}

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** The files of the generated site in found order (the scan sorts names within a folder). */
function siteFiles(names: string[]): SavingsFile[] {
  return names.map((name) => {
    const sourcePath = path.join(site, 'assets', name);
    return { publicPath: name, sourcePath, bytes: readFileSync(sourcePath).length };
  });
}

/** What optimizeAsset itself says for each variant the report shows. */
async function direct(file: SavingsFile) {
  const bytes = readFileSync(file.sourcePath);
  const name = path.basename(file.publicPath);
  const kind = file.publicPath.endsWith('.png') ? 'image' : 'text';
  return Promise.all(
    variantOptions(kind, mode).map(async ({ kind: variant, options }) => {
      const { report, transfer } = await optimizeAsset(bytes, name, options);
      return { kind: variant, bytes: report.outputBytes, score: report.score, quality: report.quality, format: report.format, brotliBytes: transfer?.brotliBytes ?? null };
    }),
  );
}

function expectMatchesDirect(report: SavingsReport, expected: Map<string, Awaited<ReturnType<typeof direct>>>): void {
  for (const asset of report.assets) {
    if (asset.error) continue;
    const shown = asset.variants.map(({ kind, bytes, score, quality, format, brotliBytes }) => ({ kind, bytes, score, quality, format, brotliBytes }));
    expect(shown, asset.publicPath).toEqual(expected.get(asset.publicPath));
  }
}

const names = ['css/site.css', 'img/broken.png', 'img/hero.png', 'img/icon.png', 'js/app.js'];

beforeAll(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'porter-savings-'));
  site = path.join(workspace, 'site');
  write(path.join(site, 'porter.json'), JSON.stringify({ sources: [{ dir: 'assets' }] }));
  write(path.join(site, 'assets/css/site.css'), '.hero {\n  background: url("../img/hero.png");\n  margin: 0px 0px 0px 0px;\n}\n'.repeat(40));
  write(path.join(site, 'assets/js/app.js'), 'function greet(name) {\n  const message = "Hello, " + name;\n  return message;\n}\nconsole.log(greet("Porter"));\n'.repeat(30));
  write(path.join(site, 'assets/img/broken.png'), 'this is not an image');
  await png(path.join(site, 'assets/img/hero.png'), 96, 7);
  await png(path.join(site, 'assets/img/icon.png'), 32, 3);
  worker = await buildOptimizeWorker();
  workerFile = worker.workerFile;
});

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
  worker.remove();
});

describe('savings report on worker threads', () => {
  it('gives the numbers optimizeAsset gives, a per-file error for a broken file, and progress up to done = total', async () => {
    const files = siteFiles(names);
    const progress: SavingsRunProgress[] = [];
    const shown: Array<{ index: number; complete: boolean }> = [];
    const report = await runSavings({
      root: site,
      files,
      settings,
      mode,
      cacheDir: null,
      workerFile,
      poolSize: 2,
      onProgress: (update) => progress.push(update),
      onAsset: (index, asset) => shown.push({ index, complete: asset.complete }),
    });

    const expected = new Map(await Promise.all(files.filter((file) => !file.publicPath.includes('broken')).map(async (file) => [file.publicPath, await direct(file)] as const)));
    expectMatchesDirect(report, expected);
    expect(report.assets.map((asset) => asset.publicPath)).toEqual(names);
    expect(report.assets[1]!.error).toMatch(/broken\.png: not a PNG/);
    expect(report.totals).toMatchObject({ files: 5, errors: 1 });
    expect(report.totals.lossy.savedBytes).toBeGreaterThan(0);

    const last = progress.at(-1)!;
    expect(last).toMatchObject({ done: 5, total: 5, etaMs: 0 });
    expect(last.bytes).toBe(last.totalBytes);
    expect(last.quickDone).toBe(5);
    // Every file is shown with its quick numbers before any is refined; the broken one is complete at once.
    expect(shown.slice(0, 5).map((row) => row.index).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(shown.slice(0, 5).filter((row) => row.complete).map((row) => row.index)).toEqual([1]);
    expect(shown.slice(5).map((row) => row.complete)).toEqual([true, true, true, true]);
    expect(shown.slice(5).map((row) => row.index).sort()).toEqual([0, 2, 3, 4]);
    const refining = progress.findIndex((update) => update.done > 1);
    expect(progress[refining - 1]!.quickDone).toBe(5);
    expect(progress.map((update) => update.done)).toEqual([...progress.map((update) => update.done)].sort((a, b) => a - b));
  });

  it('stops when cancelled', async () => {
    const many = Array.from({ length: 12 }, (_, index) => `img/many-${index}.png`);
    await Promise.all(many.map((name, index) => png(path.join(site, 'assets', name), 160, index + 11)));
    const controller = new AbortController();
    let seen = 0;
    const running = runSavings({
      root: site,
      files: siteFiles(many),
      settings,
      mode: { ...mode, lossyMode: 'auto' },
      cacheDir: null,
      workerFile,
      poolSize: 2,
      signal: controller.signal,
      onProgress: ({ done }) => {
        seen = done;
        if (done === 1) controller.abort();
      },
    });
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toBeLessThan(many.length);
    for (const name of many) rmSync(path.join(site, 'assets', name));
  });
});

describe('savings report on kept, warm workers', () => {
  it('starts and prepares every worker when warmed, and the reports that follow start none', async () => {
    const workers = createMeasureWorkers({ workerFile, size: 2 });
    try {
      await workers.warm(names);
      expect(workers.pool?.started).toBe(2);
      const files = siteFiles(names);
      const first = await workers.use((pool) => runSavings({ root: site, files, settings, mode, cacheDir: null, pool }));
      const expected = new Map(await Promise.all(files.filter((file) => !file.publicPath.includes('broken')).map(async (file) => [file.publicPath, await direct(file)] as const)));
      expectMatchesDirect(first, expected);
      // The report leaves the pool running for the next one.
      const second = await workers.use((pool) => runSavings({ root: site, files, settings, mode, cacheDir: null, pool }));
      expect(second.assets).toEqual(first.assets);
      expect(workers.pool?.started).toBe(2);
    } finally {
      await workers.dispose();
    }
  });

  it('a cancelled measurement stops only its own worker: a fresh one takes its place and the pool keeps measuring', async () => {
    const workers = createMeasureWorkers({ workerFile, size: 2 });
    const large = path.join(site, 'assets/img/large.png');
    await png(large, 600, 17);
    try {
      await workers.warm(['large.png']);
      const pool = workers.pool!;
      const bytes = readFileSync(large);
      const auto = { ...mode, lossyMode: 'auto' as const };
      const quick = await pool.measure(bytes, 'large.png', auto);
      if (!quick.ok) throw new Error(quick.error);
      const controller = new AbortController();
      // The auto-quality search of a 600-pixel image runs far longer than this.
      const refining = pool.measure(bytes, 'large.png', auto, { quick, signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(refining).rejects.toMatchObject({ name: 'AbortError' });
      expect(pool.started).toBe(3);
      const again = await pool.measure(bytes, 'large.png', auto);
      expect(again).toEqual(quick);
      expect(pool.started).toBe(3);
    } finally {
      await workers.dispose();
      rmSync(large);
    }
  });

  it('opening a project in the host starts its workers, and its first report runs on them', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(workspace, 'warm-cache'));
    const measureWorkers = createMeasureWorkers({ workerFile, size: 2 });
    const host = createPorterHost({ configDir: path.join(workspace, 'warm-config'), hostInfo: { host: 'serve', canPickFolder: false, version: '0.0.0' }, measureWorkers });
    try {
      expect(measureWorkers.pool).toBeUndefined();
      const opened = await host.call('openProject', { path: site });
      expect(opened.ok).toBe(true);
      await vi.waitFor(() => expect(measureWorkers.pool?.started).toBe(2), { timeout: 10_000 });
      await measureWorkers.warm([]);
      const done = new Promise<string>((resolve) => host.onEvent((event) => event.type === 'savings' && event.job.state === 'done' && resolve(event.job.jobId)));
      const started = await host.call('startSavings', { root: site, settings, mode });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      const jobId = await done;
      const state = (await host.call('getSavings', { jobId })) as { ok: true; value: SavingsJobState };
      expect(state.value).toMatchObject({ state: 'done', report: { totals: { files: 5, errors: 1 } } });
      expect(measureWorkers.pool?.started).toBe(2);
    } finally {
      host.dispose();
      await measureWorkers.dispose();
      vi.unstubAllEnvs();
    }
  });
});

describe('savings report through the host', () => {
  it('runs from startSavings to getSavings with job events, and answers from the cache the second time', async () => {
    vi.stubEnv('PORTER_CACHE_DIR', path.join(workspace, 'cache'));
    const host = createPorterHost({ configDir: path.join(workspace, 'config'), hostInfo: { host: 'serve', canPickFolder: false, version: '0.0.0' } });
    try {
      const events: SavingsJobEvent[] = [];
      host.onEvent((event) => {
        if (event.type === 'savings') events.push(event.job);
      });
      const finished = async (jobId: string): Promise<SavingsReport> => {
        await vi.waitFor(() => expect(events.some((job) => job.jobId === jobId && job.state === 'done')).toBe(true), {
          timeout: 20_000,
        });
        const state = (await host.call('getSavings', { jobId })) as { ok: true; value: SavingsJobState };
        if (state.value.state !== 'done') throw new Error(`savings job ended ${state.value.state}`);
        return state.value.report;
      };
      const start = async () => {
        const started = await host.call('startSavings', { root: site, settings, mode });
        if (!started.ok) throw new Error(JSON.stringify(started.error));
        return (started.value as { jobId: string }).jobId;
      };

      const firstStarted = Date.now();
      const firstJob = await start();
      const first = await finished(firstJob);
      const firstMs = Date.now() - firstStarted;
      const secondStarted = Date.now();
      const second = await finished(await start());
      const secondMs = Date.now() - secondStarted;
      console.info(`savings report through the host: first ${firstMs} ms (report ${first.elapsedMs} ms), cached second ${secondMs} ms (report ${second.elapsedMs} ms)`);

      const expected = new Map(await Promise.all(siteFiles(names.filter((name) => !name.includes('broken'))).map(async (file) => [file.publicPath, await direct(file)] as const)));
      expectMatchesDirect(first, expected);
      // Django's found order, which is the file system's, not sorted.
      expect(first.assets.map((asset) => asset.publicPath).sort()).toEqual(names);
      expect(first.settings).toEqual(settings);
      expect(first.notes.join(' ')).toMatch(/estimate/);
      expect(second.totals.cached).toBe(5);
      expect(second.assets.map((asset) => ({ ...asset, cached: false }))).toEqual(first.assets);

      const progress = events.filter((job): job is Extract<SavingsJobEvent, { state: 'running' }> => job.jobId === firstJob && job.state === 'running');
      expect(progress.at(-1)!.progress).toMatchObject({ total: 5 });
      expect(events.filter((job) => job.jobId === firstJob && job.state === 'done')).toHaveLength(1);
      // getJob answers for collect jobs only; a savings job is read with getSavings.
      expect(await host.call('getJob', { jobId: firstJob })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(await host.call('cancelJob', { jobId: firstJob })).toEqual({ ok: true, value: { cancelled: false } });
      expect(await host.call('getSavings', { jobId: 'nope' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
      expect(await host.call('startSavings', { root: site, settings: { monthlyRequests: -1 } })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
    } finally {
      host.dispose();
      vi.unstubAllEnvs();
    }
  });
});
