// Auto mode: the lowest quality whose output still scores at least the target, found by bisection like
// jpeg-recompress (range 40–95, at most 6 encodes, which is enough to pin down one of 56 qualities).
import type { QualityRange } from './encoders';

/**
 * Default target: SSIM 0.99 on the 512-px luma used by perceptual-score. jpeg-recompress's default 0.9999 is meant
 * for its own full-resolution SSIM; on a downscale, which averages compression noise away, it is met only at q≈98+,
 * so it would never save anything. 0.99 is where mozjpeg's own default (q80, the quality most web pipelines ship)
 * lands on photos at this scale (measured 0.987–0.990), and a quality step visibly softer scores ~0.98.
 */
export const DEFAULT_TARGET_SCORE = 0.99;
const MAX_STEPS = 6;

export interface Attempt {
  quality: number;
  bytes: Buffer;
  score: number;
}

export interface SearchResult {
  best: Attempt;
  /** False when even the top of the range missed the target; `best` is then the highest-scoring attempt. */
  met: boolean;
  attempts: number;
}

export async function searchQuality(range: QualityRange, target: number, tryQuality: (quality: number) => Promise<Attempt>): Promise<SearchResult> {
  let low = range.min;
  let high = range.max;
  let passing: Attempt | null = null;
  let bestScoring: Attempt | null = null;
  let attempts = 0;
  while (low <= high && attempts < MAX_STEPS) {
    const quality = Math.round((low + high) / 2);
    const attempt = await tryQuality(quality);
    attempts += 1;
    if (!bestScoring || attempt.score > bestScoring.score) bestScoring = attempt;
    if (attempt.score >= target) {
      if (!passing || attempt.bytes.length <= passing.bytes.length) passing = attempt;
      high = quality - 1;
    } else {
      low = quality + 1;
    }
  }
  if (passing) return { best: passing, met: true, attempts };
  if (!bestScoring) throw new Error('quality range is empty');
  return { best: bestScoring, met: false, attempts };
}
