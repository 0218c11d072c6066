// The budget every optimiser works within (issue 17 point 11), read from porter.json's "optimize" section, and the
// SVG setting that keeps svgo inside it on thousands of shapes.
import { describe, expect, it } from 'vitest';
import { budgetFromPorterJson, DEFAULT_BUDGET, maxBytesFor, MEGABYTE, overSizeReason, timeLimitMs } from '../../electron/core/optimize/budget';
import { countShapes, MERGE_PATHS_MAX_SHAPES, minifySvg } from '../../electron/core/optimize/text/minify-svg';
import { rectsSvg } from '../support/optimize-worker-build';

describe('optimize budget', () => {
  it('gives text 10 MB and other files 100 MB, and more time to larger files', () => {
    expect(maxBytesFor(DEFAULT_BUDGET, 'logo.svg')).toBe(10 * MEGABYTE);
    expect(maxBytesFor(DEFAULT_BUDGET, 'photo.png')).toBe(100 * MEGABYTE);
    expect(timeLimitMs(DEFAULT_BUDGET, 0)).toBe(60_000);
    expect(timeLimitMs(DEFAULT_BUDGET, 4 * MEGABYTE)).toBe(120_000);
    expect(overSizeReason(DEFAULT_BUDGET, 'a.svg', 10 * MEGABYTE)).toBeUndefined();
    expect(overSizeReason(DEFAULT_BUDGET, 'a.svg', 44 * MEGABYTE)).toBe(
      'Kept as it is: at 44 MB it is over the 10 MB Porter optimises per file. Raise "maxFileMegabytes" in the "optimize" section of porter.json to optimise it anyway.',
    );
  });

  it('reads porter.json\'s "optimize" section, each setting optional', () => {
    expect(budgetFromPorterJson(undefined)).toEqual(DEFAULT_BUDGET);
    expect(budgetFromPorterJson({ sources: [] })).toEqual(DEFAULT_BUDGET);
    expect(budgetFromPorterJson({ optimize: { maxFileMegabytes: 2, timeLimitSeconds: 5, secondsPerMegabyte: 1 } })).toEqual({ maxBytes: 2 * MEGABYTE, baseMs: 5000, msPerMegabyte: 1000 });
    expect(budgetFromPorterJson({ optimize: { timeLimitSeconds: 30 } })).toEqual({ ...DEFAULT_BUDGET, baseMs: 30_000 });
  });

  it('refuses a bad section with a message that says what it takes', () => {
    expect(() => budgetFromPorterJson({ optimize: 5 })).toThrow('porter.json: "optimize" must be an object like {"maxFileMegabytes": 10, "timeLimitSeconds": 60}.');
    expect(() => budgetFromPorterJson({ optimize: { timeLimit: 5 } })).toThrow('porter.json: "optimize" has no setting "timeLimit"; it takes "maxFileMegabytes", "timeLimitSeconds", "secondsPerMegabyte".');
    expect(() => budgetFromPorterJson({ optimize: { maxFileMegabytes: -1 } })).toThrow('"optimize"."maxFileMegabytes" must be a number of at least 0 (got -1).');
    expect(() => budgetFromPorterJson({ optimize: { timeLimitSeconds: 0 } })).toThrow('"optimize"."timeLimitSeconds" must be a number of at least 0.1 (got 0).');
  });
});

describe('SVG with many shapes', () => {
  it('merges paths up to the limit and leaves mergePaths out above it, saying so', async () => {
    expect(countShapes('<svg><rect/><path d="M0 0"/><g><circle r="1"/></g><pattern/></svg>')).toBe(3);
    const few = await minifySvg(rectsSvg(20), 'few.svg');
    expect(few.code.match(/<path/g)).toHaveLength(1);
    expect(few.notes).toEqual([]);
    const many = await minifySvg(rectsSvg(MERGE_PATHS_MAX_SHAPES + 1), 'many.svg');
    expect(many.code.match(/<path/g)).toHaveLength(MERGE_PATHS_MAX_SHAPES + 1);
    expect(many.notes).toEqual(['Paths were not merged: with 2,001 shapes (over 2,000) merging them would take minutes.']);
  }, 60_000);
});
