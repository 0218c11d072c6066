// "Lossy" is a promise of fewer bytes that look the same, so it never ships more than the lossless variant (which
// scores 1) nor, in auto mode, an encode that missed its target. Both the optimiser (recipes, the compare) and the
// savings report, which measures the two variants separately, decide with this one function, so the report's
// lossy column is what a lossy recipe writes.
import type { OptimizeOptions, OptimizeReport } from '../types';
import { DEFAULT_TARGET_SCORE } from './auto-quality';
import { FORMAT_LABEL, formatFromName } from './sniff-format';

/** The score a lossy result must reach to count as looking the same: auto's target; null for a fixed quality. */
export function lossyTarget(options: Pick<OptimizeOptions, 'mode' | 'targetScore'>): number | null {
  return options.mode === 'auto' ? (options.targetScore ?? DEFAULT_TARGET_SCORE) : null;
}

/** The lossy result, or the lossless one (its report marked with why) when that is smaller or the lossy one missed. */
export function preferLossless<T extends { report: OptimizeReport }>(lossy: T, lossless: T, target: number | null): T {
  const missed = target !== null && !(lossy.report.score !== null && lossy.report.score >= target);
  const smaller = lossless.report.outputBytes < lossy.report.outputBytes;
  if (!missed && !smaller) return lossy;
  const kept = lossless.report.kept;
  const why = missed
    ? `No lossy quality reached the target, so ${kept ? 'the original is kept' : 'the lossless version is used: it keeps every pixel'}.`
    : `The lossless version is smaller than ${describe(lossy.report)} and keeps every pixel, so it is used.`;
  const notes = [...new Set([...lossy.report.notes, ...lossless.report.notes]), why];
  return { ...lossless, report: { ...lossless.report, mode: lossy.report.mode, notes, fallback: missed ? 'target-missed' : 'lossless-smaller' } };
}

function describe(report: OptimizeReport): string {
  if (report.kept) return 'the original';
  const format = formatFromName(`image.${report.format}`);
  return `${format ? FORMAT_LABEL[format] : report.format.toUpperCase()} q${report.quality}`;
}
