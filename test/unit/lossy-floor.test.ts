import { describe, expect, it } from 'vitest';
import { lossyTarget, preferLossless } from '../../electron/core/optimize/images/lossy-floor';
import type { OptimizeReport } from '../../electron/core/optimize/types';

const report = (change: Partial<OptimizeReport>): { report: OptimizeReport } => ({
  report: { originalBytes: 1000, outputBytes: 500, format: 'png', mode: 'auto', quality: 60, score: 0.995, kept: false, notes: ['Auto quality: …'], ...change },
});
const lossless = report({ mode: 'lossless', outputBytes: 700, quality: null, score: 1, notes: [] });

describe('preferLossless: lossy never ships more than lossless, nor a miss', () => {
  it('keeps a smaller lossy result that meets the target', () => {
    const lossy = report({});
    expect(preferLossless(lossy, lossless, 0.99)).toBe(lossy);
  });

  it('takes lossless when it is smaller, saying why', () => {
    const chosen = preferLossless(report({ outputBytes: 800 }), lossless, 0.99);
    expect(chosen.report).toMatchObject({ mode: 'auto', outputBytes: 700, quality: null, score: 1, fallback: 'lossless-smaller' });
    expect(chosen.report.notes).toEqual(['Auto quality: …', 'The lossless version is smaller than PNG q60 and keeps every pixel, so it is used.']);
  });

  it('takes lossless when auto missed its target, even though the lossy result is smaller', () => {
    const chosen = preferLossless(report({ score: 0.988, outputBytes: 300 }), lossless, 0.99);
    expect(chosen.report).toMatchObject({ outputBytes: 700, score: 1, fallback: 'target-missed' });
    expect(chosen.report.notes.at(-1)).toBe('No lossy quality reached the target, so the lossless version is used: it keeps every pixel.');
  });

  it('falls back to the original when lossless kept it', () => {
    const original = report({ mode: 'lossless', outputBytes: 1000, quality: null, score: 1, kept: true, notes: ['The original is kept.'] });
    const chosen = preferLossless(report({ score: 0.9, outputBytes: 400 }), original, 0.99);
    expect(chosen.report).toMatchObject({ kept: true, outputBytes: 1000, fallback: 'target-missed' });
    expect(chosen.report.notes.at(-1)).toBe('No lossy quality reached the target, so the original is kept.');
  });

  it('a fixed quality has no target: only size decides, and an unscored result is not a miss', () => {
    expect(lossyTarget({ mode: 'lossy' })).toBeNull();
    expect(lossyTarget({ mode: 'auto' })).toBe(0.99);
    expect(lossyTarget({ mode: 'auto', targetScore: 0.995 })).toBe(0.995);
    const unscored = report({ mode: 'lossy', score: null });
    expect(preferLossless(unscored, lossless, null)).toBe(unscored);
    expect(preferLossless(report({ mode: 'lossy', score: null, outputBytes: 900 }), lossless, null).report.fallback).toBe('lossless-smaller');
  });
});
