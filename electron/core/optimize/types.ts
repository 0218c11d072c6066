// What every optimizer (images, CSS/JS/HTML/JSON/SVG) takes and returns: bytes in, bytes and a
// report out. None of them touches a file; callers decide what to write.

export type OptimizeMode = 'lossless' | 'lossy' | 'auto';
export type OutputFormat = 'keep' | 'webp' | 'avif';
/** How hard lossless PNG work tries: fast = one zlib encode; balanced = oxipng's reductions; max = every encoder and row-filter strategy, then zopfli. */
export type LosslessEffort = 'fast' | 'balanced' | 'max';

export interface OptimizeOptions {
  mode: OptimizeMode;
  /** Encoder quality 1–100 for lossy modes; each format has its own default. */
  quality?: number;
  /** Convert raster images to WebP or AVIF; 'keep' (the default) keeps the format. */
  format?: OutputFormat;
  /** Lossless PNG work (default 'balanced'); other formats and lossy modes ignore it. */
  effort?: LosslessEffort;
  /** Keep copyright and author metadata while stripping the rest. */
  keepCopyright?: boolean;
  /** The perceptual score (1 = identical) that 'auto' must keep while it lowers quality. */
  targetScore?: number;
  /** Refuse images larger than this many pixels (decompression bombs). */
  maxPixels?: number;
  /**
   * Also measure what a report shows beside the bytes (default true): the perceptual score of a fixed-quality lossy
   * image and the gzip/brotli sizes of text. Recipes turn it off: collect and push ship the bytes and show neither,
   * and the score adds a third or more to a lossy encode, brotli-11 some twenty times a minify (bench/RESULTS.md).
   * Auto quality scores regardless, to search.
   */
  measure?: boolean;
  /**
   * Lossy modes also make the lossless variant and keep it when it is smaller, or when auto finds no quality that
   * meets its target (default true): "lossy" never ships more bytes than lossless, nor a file that does not look the
   * same. The savings report turns it off because it has measured the lossless variant already; it then compares the
   * two with the same `preferLossless` (images/lossy-floor.ts).
   */
  compareLossless?: boolean;
  /**
   * Stops the work between encoder calls (the auto-quality search, the lossless pixel check). An encoder call under
   * way runs to its end: libvips and the AVIF encoder offer no way to interrupt one.
   */
  signal?: AbortSignal;
}

export interface OptimizeReport {
  originalBytes: number;
  outputBytes: number;
  /** The output's format, as a file extension without the dot (e.g. 'png', 'webp', 'css'). */
  format: string;
  mode: OptimizeMode;
  /** The encoder quality used; null for lossless work. */
  quality: number | null;
  /** Perceptual similarity to the original (1 = identical); null where it does not apply. */
  score: number | null;
  /** True when the original bytes were kept because nothing smaller was found. */
  kept: boolean;
  /** What the user should know: a mislabelled file, a fallback minifier, why the original was kept. */
  notes: string[];
  /** Lossy modes only: why the output is the lossless variant instead of a lossy encode (see preferLossless). */
  fallback?: LossyFallback;
  /** The file was kept as it is, without optimising, because it is over its size budget or ran over its time (budget.ts). */
  overBudget?: 'size' | 'time';
}

/** `target-missed`: no lossy quality met auto's target; `lossless-smaller`: the lossless variant was smaller. */
export type LossyFallback = 'target-missed' | 'lossless-smaller';

export interface OptimizeResult {
  bytes: Buffer;
  report: OptimizeReport;
}

/** One file that cannot be optimised; the message says what is wrong and what to do. A batch goes on without it. */
export class OptimizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptimizeError';
  }
}

/** Keeps the original whenever the candidate is not smaller: Porter never makes a file bigger. */
export function smallerOrOriginal(original: Buffer, originalFormat: string, candidate: OptimizeResult): OptimizeResult {
  if (candidate.bytes.length < original.length) return candidate;
  return {
    bytes: original,
    report: {
      ...candidate.report,
      outputBytes: original.length,
      format: originalFormat,
      quality: null,
      score: 1,
      kept: true,
      notes: [
        ...candidate.report.notes,
        `The optimised ${candidate.report.format} was not smaller than the original, so the original is kept.`,
      ],
    },
  };
}
