// A savings report for a set of assets: each file is read and looked up in the cache by content, the misses
// are measured on the worker pool, and every row is priced with the settings. One bad file gives that row an
// error; only cancelling stops the batch.
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { SavingsAsset, SavingsMode, SavingsReport, SavingsSettings } from '../../../contract/porter';
import { pricingNotes, savingsTotals } from '../../../contract/savings-pricing';
import { createMeasurePool } from '../worker/measure-pool';
import { bundledWorkerFile } from '../worker/worker-file';
import type { Measurement } from './measurement';
import { pricedAsset, type SavingsFile } from './price-asset';
import { estimateRemainingMs } from './remaining-time';
import { measurementKey, SavingsCache } from './savings-cache';

export interface SavingsRunProgress {
  done: number;
  total: number;
  /** Bytes of the files done so far, out of `totalBytes`. */
  bytes: number;
  totalBytes: number;
  /** Estimated milliseconds left; null until there is enough to go on (estimateRemainingMs). */
  etaMs: number | null;
}

export interface RunSavingsOptions {
  root: string;
  files: readonly SavingsFile[];
  settings: SavingsSettings;
  mode: SavingsMode;
  /** Where measurements are remembered (a `savings-v*` folder is made in it); null remembers nothing. */
  cacheDir: string | null;
  /** The built worker; null measures on this thread. Default: the worker bundle next to this bundle, if there is one. */
  workerFile?: string | null;
  /** Default: one worker per core. */
  poolSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SavingsRunProgress) => void;
}

export async function runSavings(options: RunSavingsOptions): Promise<SavingsReport> {
  const started = Date.now();
  const { files, signal } = options;
  signal?.throwIfAborted();
  const poolSize = options.poolSize ?? os.availableParallelism();
  const pool = createMeasurePool({ size: poolSize, workerFile: options.workerFile === undefined ? bundledWorkerFile() : options.workerFile });
  const stopPool = (): void => void pool.close();
  signal?.addEventListener('abort', stopPool, { once: true });

  const cache = SavingsCache.under(options.cacheDir);
  const assets: SavingsAsset[] = new Array(files.length);
  const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0);
  let done = 0;
  let bytesDone = 0;
  const report = (): void => {
    const sample = { elapsedMs: Date.now() - started, done, total: files.length, bytes: bytesDone, totalBytes };
    options.onProgress?.({ done, total: files.length, bytes: bytesDone, totalBytes, etaMs: estimateRemainingMs(sample) });
  };

  const measureFile = async (file: SavingsFile): Promise<SavingsAsset> => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file.sourcePath);
    } catch (error) {
      const message = `${file.publicPath}: cannot be read (${error instanceof Error ? error.message : String(error)}).`;
      return pricedAsset(file, file.bytes, { ok: false, error: message, lasting: false }, false, options.settings);
    }
    const filename = path.basename(file.publicPath);
    const key = measurementKey(bytes, filename, options.mode);
    const remembered = await cache.get(key);
    if (remembered) return pricedAsset(file, bytes.length, remembered, true, options.settings);
    const measurement: Measurement = await pool.measure(bytes, filename, options.mode);
    if (measurement.ok || measurement.lasting) await cache.put(key, measurement);
    return pricedAsset(file, bytes.length, measurement, false, options.settings);
  };

  // Twice as many files in hand as workers, so reading and hashing the next file overlaps optimising this one.
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < files.length && !signal?.aborted) {
      const index = next++;
      const file = files[index]!;
      try {
        assets[index] = await measureFile(file);
      } catch (error) {
        if (signal?.aborted) return;
        throw error;
      }
      done += 1;
      bytesDone += file.bytes;
      report();
    }
  };

  try {
    report();
    await Promise.all(Array.from({ length: Math.min(files.length, poolSize * 2) }, lane));
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener('abort', stopPool);
    await pool.close();
  }

  return {
    root: options.root,
    settings: options.settings,
    mode: options.mode,
    assets,
    totals: savingsTotals(assets),
    notes: pricingNotes(options.settings),
    elapsedMs: Date.now() - started,
  };
}
