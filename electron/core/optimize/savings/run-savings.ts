// A savings report for a set of assets, in two passes so the first look comes fast: every file first gets its quick
// numbers (lossless images, minified text; read, looked up in the cache by content, the misses measured on the
// worker pool), cheapest first beside the costliest (quick-order), and only then are the slow ones added (the lossy
// search, brotli sizes), and last the videos, one at a time (each encode already keeps FFmpeg busy), so a video
// never holds back an image row. Each row is priced with the settings and handed to `onAsset` as soon as it has numbers, and
// again when it is complete. One bad file gives that row an error; only cancelling stops the batch.
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { SavingsAsset, SavingsMode, SavingsReport, SavingsSettings } from '../../../contract/porter';
import { pricingNotes, savingsTotals } from '../../../contract/savings-pricing';
import type { OptimizeBudget } from '../budget';
import { loadOptimizeBudget } from '../load-budget';
import { createOptimizePool, type OptimizePool } from '../worker/optimize-pool';
import { bundledWorkerFile } from '../worker/worker-file';
import type { Measurement } from './measurement';
import { pricedAsset, type SavingsFile } from './price-asset';
import { quickOrder } from './quick-order';
import { estimateRemainingMs } from './remaining-time';
import { measurementKey, SavingsCache } from './savings-cache';
import { findVideoTools, type FindVideoToolsOptions } from '../../video/find-video-tools';
import { videoSavings } from '../../video/video-savings';
import { failedVideoRow, isSavingsVideo, measuredVideoRow, pendingVideoRow, unavailableVideoRow } from './video-rows';

export interface SavingsRunProgress {
  /** Files with every number measured. */
  done: number;
  /** Files with at least their quick numbers. */
  quickDone: number;
  total: number;
  /** Bytes of the files done so far, out of `totalBytes`. */
  bytes: number;
  totalBytes: number;
  /** Estimated milliseconds left; null until there is enough to go on (estimateRemainingMs). */
  etaMs: number | null;
  /** The video being encoded and compared now, if any. */
  video?: { publicPath: string; step: number; steps: number; percent: number } | null;
}

export interface RunSavingsOptions {
  root: string;
  files: readonly SavingsFile[];
  settings: SavingsSettings;
  mode: SavingsMode;
  /** Where measurements are remembered (a `savings-v*` folder is made in it); null remembers nothing. */
  cacheDir: string | null;
  /**
   * A pool kept by the caller (the host's, warmed when the project opened): used, never closed. Without one the
   * run starts its own from `workerFile` and `poolSize` and closes it when done.
   */
  pool?: OptimizePool;
  /** The built worker; null measures on this thread. Default: the worker bundle next to this bundle, if there is one. */
  workerFile?: string | null;
  /** Default: one worker per core. */
  poolSize?: number;
  /** Each file's size and time budget; default: the "optimize" section of the project's porter.json. */
  budget?: OptimizeBudget;
  signal?: AbortSignal;
  onProgress?: (progress: SavingsRunProgress) => void;
  /** A row with its quick numbers (`complete` false), or complete; `index` is its place in `files`. */
  onAsset?: (index: number, asset: SavingsAsset) => void;
  /** Where FFmpeg is looked for besides the project's porter.json (the app's bundled copy, the environment). */
  video?: Omit<FindVideoToolsOptions, 'projectRoot'>;
}

type QuickMeasurement = Extract<Measurement, { ok: true }>;

interface Refinement {
  index: number;
  quick: QuickMeasurement;
  /** The content's key when the quick numbers were measured: a file changed since is measured afresh. */
  key: string;
}

export async function runSavings(options: RunSavingsOptions): Promise<SavingsReport> {
  const started = Date.now();
  const { files, signal, settings, mode } = options;
  signal?.throwIfAborted();
  const budget = options.budget ?? (await loadOptimizeBudget(options.root));
  const pool =
    options.pool ?? createOptimizePool({ size: options.poolSize ?? os.availableParallelism(), workerFile: options.workerFile === undefined ? bundledWorkerFile() : options.workerFile, budget });
  // Every measurement gets the project's budget and the run's signal: a borrowed pool was made for neither.
  const measure = (bytes: Buffer, filename: string, quick?: QuickMeasurement): Promise<Measurement> => pool.measure(bytes, filename, mode, { quick, signal, budget });

  const cache = SavingsCache.under(options.cacheDir);
  const assets: SavingsAsset[] = new Array(files.length);
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  let done = 0;
  let quickDone = 0;
  let bytesDone = 0;
  let videoNow: SavingsRunProgress['video'] = null;
  const report = (): void => {
    const sample = { elapsedMs: Date.now() - started, done, total: files.length, bytes: bytesDone, totalBytes };
    options.onProgress?.({ done, quickDone, total: files.length, bytes: bytesDone, totalBytes, etaMs: estimateRemainingMs(sample), video: videoNow });
  };
  const show = (index: number, asset: SavingsAsset): void => {
    if (assets[index] === undefined) quickDone += 1;
    assets[index] = asset;
    if (asset.complete) {
      done += 1;
      bytesDone += files[index]!.bytes;
    }
    options.onAsset?.(index, asset);
    report();
  };

  const refinements: Refinement[] = [];
  /** The file's bytes as they are now and their cache key; an unreadable file gets its error row instead. */
  const readCurrent = async (index: number): Promise<{ file: SavingsFile; bytes: Buffer; filename: string; key: string } | undefined> => {
    const file = files[index]!;
    let bytes: Buffer;
    try {
      bytes = await readFile(file.sourcePath);
    } catch (error) {
      const message = `${file.publicPath}: cannot be read (${error instanceof Error ? error.message : String(error)}).`;
      show(index, pricedAsset(file, file.bytes, { ok: false, error: message, lasting: false }, false, settings));
      return undefined;
    }
    const filename = path.basename(file.publicPath);
    return { file, bytes, filename, key: measurementKey(bytes, filename, mode) };
  };

  const videos: number[] = [];
  const quickStep = async (index: number): Promise<void> => {
    if (isSavingsVideo(files[index]!.publicPath)) {
      videos.push(index);
      return show(index, pendingVideoRow(files[index]!));
    }
    const current = await readCurrent(index);
    if (!current) return;
    const { file, bytes, filename, key } = current;
    const remembered = await cache.get(key);
    if (remembered) return show(index, pricedAsset(file, bytes.length, remembered, true, settings));
    const quick = await measureCached(measure, cache, bytes, filename, mode);
    show(index, pricedAsset(file, bytes.length, quick.measurement, quick.cached, settings));
    if (quick.measurement.ok && !quick.measurement.complete) refinements.push({ index, quick: quick.measurement, key });
  };

  const refineStep = async ({ index, quick, key }: Refinement): Promise<void> => {
    const current = await readCurrent(index);
    if (!current) return;
    const { file, bytes, filename, key: currentKey } = current;
    const base = currentKey === key ? quick : (await measureCached(measure, cache, bytes, filename, mode)).measurement;
    const measurement = base.ok && !base.complete ? await measure(bytes, filename, base) : base;
    if (measurement.ok || measurement.lasting) await cache.put(currentKey, measurement);
    show(index, pricedAsset(file, bytes.length, measurement, false, settings));
  };

  // Twice as many files in hand as workers, so reading and hashing the next file overlaps optimising this one.
  const lanes = async (count: number, step: (item: number) => Promise<void>): Promise<void> => {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < count && !signal?.aborted) {
        try {
          await step(next++);
        } catch (error) {
          if (signal?.aborted) return;
          throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(count, pool.size * 2) }, lane));
  };

  const measureVideos = async (indexes: number[]): Promise<void> => {
    if (indexes.length === 0) return;
    const found = await findVideoTools({ ...options.video, projectRoot: options.root });
    for (const index of indexes) {
      if (signal?.aborted) return;
      const file = files[index]!;
      if (!found.ok) {
        show(index, unavailableVideoRow(file, found.message));
        continue;
      }
      videoNow = { publicPath: file.publicPath, step: 0, steps: 1, percent: 0 };
      const result = await videoSavings({
        tools: found.tools,
        source: file.sourcePath,
        cacheDir: options.cacheDir ?? path.join(os.tmpdir(), 'porter-video-savings'),
        signal,
        onProgress: (progress) => {
          videoNow = { publicPath: file.publicPath, ...progress };
          report();
        },
      });
      videoNow = null;
      if (!result.ok && result.code === 'cancelled') return;
      show(index, result.ok ? measuredVideoRow(file, result.savings, settings) : failedVideoRow(file, result.message));
    }
  };

  try {
    report();
    const order = quickOrder(files, pool.size);
    await lanes(files.length, (item) => quickStep(order[item]!));
    signal?.throwIfAborted();
    // Smallest first: more rows are complete sooner, and the long searches of large images come last.
    refinements.sort((a, b) => files[a.index]!.bytes - files[b.index]!.bytes);
    await lanes(refinements.length, (item) => refineStep(refinements[item]!));
    signal?.throwIfAborted();
    await measureVideos(videos.sort((a, b) => files[a]!.bytes - files[b]!.bytes));
    signal?.throwIfAborted();
  } finally {
    if (!options.pool) await pool.close();
  }

  return {
    root: options.root,
    settings,
    mode,
    assets,
    totals: savingsTotals(assets),
    notes: pricingNotes(settings),
    elapsedMs: Date.now() - started,
  };
}

/** The quick phase, from the cache or measured (and then remembered, unless the failure may pass). */
async function measureCached(
  measure: (bytes: Buffer, filename: string) => Promise<Measurement>,
  cache: SavingsCache,
  bytes: Buffer,
  filename: string,
  mode: SavingsMode,
): Promise<{ measurement: Measurement; cached: boolean }> {
  const key = measurementKey(bytes, filename, mode, 'quick');
  const remembered = await cache.get(key);
  if (remembered) return { measurement: remembered, cached: true };
  const measurement = await measure(bytes, filename);
  if (measurement.ok || measurement.lasting) await cache.put(key, measurement);
  return { measurement, cached: false };
}
