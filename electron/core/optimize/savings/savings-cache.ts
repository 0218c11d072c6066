// Measurements remembered on disk by content: the same bytes, name, options and engine give the same report, so
// re-opening a project reads them back instead of optimising again. One small JSON file per entry, written
// atomically, so concurrent runs and a crash mid-write cannot leave a torn entry.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SavingsMode } from '../../../contract/porter';
import type { Measurement, MeasurePhase } from './measurement';

/** Bump when an optimizer's output or report changes, so old measurements stop matching. */
export const SAVINGS_ENGINE_VERSION = 3;

/**
 * The name is part of the key because optimizers read it (extension, and it appears in messages); the mode is
 * normalised so that equal options in a different key order match. The quick phase does not depend on the lossy
 * options, so measuring again at another quality finds it.
 */
export function measurementKey(bytes: Buffer, filename: string, mode: SavingsMode, phase: MeasurePhase = 'refined'): string {
  const contentMd5 = createHash('md5').update(bytes).digest('hex');
  const lossy = phase === 'quick' ? [] : [mode.lossyMode, mode.quality ?? null];
  const options = JSON.stringify([phase, ...lossy, mode.format, mode.keepCopyright]);
  return createHash('md5').update(`${SAVINGS_ENGINE_VERSION}\0${filename}\0${options}\0${contentMd5}`).digest('hex');
}

export class SavingsCache {
  /** `dir` null keeps nothing (every lookup misses). */
  constructor(private readonly dir: string | null) {}

  static under(cacheDir: string | null): SavingsCache {
    return new SavingsCache(cacheDir === null ? null : path.join(cacheDir, `savings-v${SAVINGS_ENGINE_VERSION}`));
  }

  async get(key: string): Promise<Measurement | undefined> {
    if (!this.dir) return undefined;
    try {
      const parsed = JSON.parse(await readFile(this.file(key), 'utf8')) as Measurement;
      return typeof parsed.ok === 'boolean' ? parsed : undefined;
    } catch {
      // Missing or unreadable: it only costs optimising again.
      return undefined;
    }
  }

  async put(key: string, measurement: Measurement): Promise<void> {
    if (!this.dir) return;
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temporary, JSON.stringify(measurement));
      await rename(temporary, file);
    } catch {
      // A read-only or full cache folder must not fail the report.
    }
  }

  private file(key: string): string {
    return path.join(this.dir!, key.slice(0, 2), `${key}.json`);
  }
}
