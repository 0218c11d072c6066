import { describe, expect, it } from 'vitest';
import { ESTIMATE_AFTER_FILES, ESTIMATE_AFTER_MS, estimateRemainingMs } from '../../electron/core/optimize/savings/remaining-time';
import { formatDuration } from '../../renderer/src/lib/format';

const job = { total: 200, totalBytes: 40_000_000 };

describe('savings time left', () => {
  it('says nothing until a few files and a second of work are in', () => {
    expect(estimateRemainingMs({ ...job, elapsedMs: 300, done: 0, bytes: 0 })).toBeNull();
    // The first file is a 2 KB stylesheet done in 0.3 s: by bytes alone that is hours.
    expect(estimateRemainingMs({ ...job, elapsedMs: 300, done: 1, bytes: 2_000 })).toBeNull();
    expect(estimateRemainingMs({ ...job, elapsedMs: 2_000, done: ESTIMATE_AFTER_FILES - 1, bytes: 6_000 })).toBeNull();
    expect(estimateRemainingMs({ ...job, elapsedMs: ESTIMATE_AFTER_MS - 1, done: 50, bytes: 10_000_000 })).toBeNull();
  });

  it('never reads hours on a job of seconds, even when the small files finish first', () => {
    // 4 s in all: the small files come back first, the large ones later.
    const early = estimateRemainingMs({ ...job, elapsedMs: 1_000, done: 50, bytes: 100_000 })!;
    expect(early).toBeLessThan(4_000);
    expect(formatDuration(early)).toBe('3 s');
    const late = estimateRemainingMs({ ...job, elapsedMs: 3_000, done: 190, bytes: 36_000_000 })!;
    expect(late).toBeLessThan(1_000);
  });

  it('goes by bytes once the large files are in', () => {
    // Ten 4 MB photos, the first five done in 10 s: 10 s more.
    expect(estimateRemainingMs({ total: 10, totalBytes: 40_000_000, elapsedMs: 10_000, done: 5, bytes: 20_000_000 })).toBe(10_000);
    // Three large files done of many small ones left: the file rate is the sooner one here.
    expect(estimateRemainingMs({ total: 103, totalBytes: 31_000_000, elapsedMs: 6_000, done: 3, bytes: 30_000_000 })).toBe(200);
  });

  it('is zero once every file is done, and estimates a one-file job only when it is done', () => {
    expect(estimateRemainingMs({ total: 1, totalBytes: 5, elapsedMs: 30_000, done: 0, bytes: 0 })).toBeNull();
    expect(estimateRemainingMs({ total: 1, totalBytes: 5, elapsedMs: 30_000, done: 1, bytes: 5 })).toBe(0);
    expect(estimateRemainingMs({ total: 0, totalBytes: 0, elapsedMs: 0, done: 0, bytes: 0 })).toBe(0);
  });

  it('goes by files when every file is empty', () => {
    expect(estimateRemainingMs({ total: 8, totalBytes: 0, elapsedMs: 2_000, done: 4, bytes: 0 })).toBe(2_000);
  });
});
