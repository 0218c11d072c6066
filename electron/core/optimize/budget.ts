// How much size and time one file may take from an optimiser. A file over either is kept as it is, with the
// reason, and never holds up the rest of a batch: the worker pool (worker/optimize-pool.ts) stops the worker that
// runs over time and starts a fresh one for the next file.
//
// Why these defaults (bench/RESULTS.md, "Optimiser budgets"):
// - Size: the minifiers (svgo, terser, lightningcss, html-minifier) parse a whole file into a tree many times its
//   size, and web text over 10 MB is a data dump, not an asset (the largest app bundles are a few MB; a 44 MB SVG
//   blocked a batch for over ten minutes). Images and fonts are decoded by native code with its own pixel limit
//   (maxPixels), so they get 100 MB: a print-resolution PNG is still optimised.
// - Time: 60 s for any file, plus 15 s per MB. The slowest legitimate work measured (a max-effort PNG through
//   zopfli, an AVIF search, svgo on 15,000 shapes) stays well inside it on a loaded two-core machine, while a
//   pathological file costs minutes at most instead of blocking a batch for good.
import { isMinifiableName } from './text/text-extensions';
import type { OptimizeReport } from './types';

export interface OptimizeBudget {
  /** A file larger than this is kept as it is; null uses the default of its kind (text 10 MB, others 100 MB). */
  maxBytes: number | null;
  /** Time any file may take. */
  baseMs: number;
  /** Time added per MB of input, so a large image gets longer than an icon. */
  msPerMegabyte: number;
}

export const MEGABYTE = 1024 * 1024;
const TEXT_MAX_BYTES = 10 * MEGABYTE;
const OTHER_MAX_BYTES = 100 * MEGABYTE;

export const DEFAULT_BUDGET: OptimizeBudget = { maxBytes: null, baseMs: 60_000, msPerMegabyte: 15_000 };

export type OverBudget = NonNullable<OptimizeReport['overBudget']>;

export function maxBytesFor(budget: OptimizeBudget, filename: string): number {
  return budget.maxBytes ?? (isMinifiableName(filename) ? TEXT_MAX_BYTES : OTHER_MAX_BYTES);
}

export function timeLimitMs(budget: OptimizeBudget, bytes: number): number {
  return budget.baseMs + (budget.msPerMegabyte * bytes) / MEGABYTE;
}

function formatLimit(bytes: number): string {
  return bytes >= MEGABYTE ? `${+(bytes / MEGABYTE).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;
}

function formatSeconds(ms: number): string {
  return `${+(ms / 1000).toFixed(1)} s`;
}

/** Why a file is kept as it is without being tried, or undefined when its size is within the budget. */
export function overSizeReason(budget: OptimizeBudget, filename: string, bytes: number): string | undefined {
  const limit = maxBytesFor(budget, filename);
  if (bytes <= limit) return undefined;
  return (
    `Kept as it is: at ${formatLimit(bytes)} it is over the ${formatLimit(limit)} Porter optimises per file. ` +
    'Raise "maxFileMegabytes" in the "optimize" section of porter.json to optimise it anyway.'
  );
}

export function overTimeReason(budget: OptimizeBudget, bytes: number): string {
  return (
    `Kept as it is: optimising it took longer than the ${formatSeconds(timeLimitMs(budget, bytes))} Porter allows a file ` +
    `of this size, so it was stopped and the other files went on. Raise "timeLimitSeconds" in the "optimize" section of porter.json to give it longer.`
  );
}

/**
 * The "optimize" section of porter.json: {"maxFileMegabytes": 10, "timeLimitSeconds": 60, "secondsPerMegabyte": 15},
 * each optional. Throws a message that says how to fix a bad value.
 */
export function budgetFromPorterJson(data: Record<string, unknown> | undefined): OptimizeBudget {
  const section = data?.optimize;
  if (section === undefined) return DEFAULT_BUDGET;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new Error('porter.json: "optimize" must be an object like {"maxFileMegabytes": 10, "timeLimitSeconds": 60}.');
  }
  const fields = section as Record<string, unknown>;
  const known = ['maxFileMegabytes', 'timeLimitSeconds', 'secondsPerMegabyte'];
  const unknown = Object.keys(fields).filter((key) => !known.includes(key));
  if (unknown.length) throw new Error(`porter.json: "optimize" has no setting ${unknown.map((key) => `"${key}"`).join(', ')}; it takes ${known.map((key) => `"${key}"`).join(', ')}.`);
  const number = (key: string, minimum: number): number | undefined => {
    const value = fields[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
      throw new Error(`porter.json: "optimize"."${key}" must be a number of at least ${minimum} (got ${JSON.stringify(value)}).`);
    }
    return value;
  };
  const maxFileMegabytes = number('maxFileMegabytes', 0);
  const timeLimitSeconds = number('timeLimitSeconds', 0.1);
  const secondsPerMegabyte = number('secondsPerMegabyte', 0);
  return {
    maxBytes: maxFileMegabytes === undefined ? DEFAULT_BUDGET.maxBytes : Math.round(maxFileMegabytes * MEGABYTE),
    baseMs: timeLimitSeconds === undefined ? DEFAULT_BUDGET.baseMs : timeLimitSeconds * 1000,
    msPerMegabyte: secondsPerMegabyte === undefined ? DEFAULT_BUDGET.msPerMegabyte : secondsPerMegabyte * 1000,
  };
}

