// Image optimisation: bytes and options in, bytes and a report out; no file is read or written here.
//
// Metadata policy (sharp): everything is stripped except the ICC profile (kept as is, `keepIccProfile`, so colours
// and lossless pixel values are unchanged) and, with `keepCopyright`, EXIF Copyright/Artist (`withExif`; an
// XMP-only dc:rights/dc:creator is carried over as those EXIF fields). EXIF orientation is applied to the pixels
// (`autoOrient`) so the stripped file displays the same, except in the lossless JPEG transcode, which cannot rotate
// and keeps the Orientation tag instead.
import type { OptimizeMode, OptimizeOptions, OptimizeResult, OutputFormat } from '../types';
import { OptimizeError } from '../types';
import { DEFAULT_TARGET_SCORE, searchQuality, type Attempt } from './auto-quality';
import { encode, QUALITY } from './encoders';
import { losslessCandidate } from './lossless';
import { lossyTarget, preferLossless } from './lossy-floor';
import { perceptualScore, scoreReference } from './perceptual-score';
import { EXTENSION_OF, FORMAT_LABEL, formatFromName, isAnimatedPng, isAvifSequence, sniffFormat, type RasterFormat } from './sniff-format';
import { asOptimizeError, DEFAULT_MAX_PIXELS, inspectImage, type SourceImage } from './source-image';

export { DEFAULT_TARGET_SCORE } from './auto-quality';
export { lossyTarget, preferLossless } from './lossy-floor';
export { DEFAULT_MAX_PIXELS } from './source-image';

/**
 * True for bytes in a raster format this optimiser handles, and also for names that claim one (so a broken
 * `.png` reaches optimizeImage and gets a clear error instead of being skipped). SVG belongs to the text minifier.
 */
export function isOptimizableImage(bytes: Buffer, filename: string): boolean {
  return sniffFormat(bytes) !== null || formatFromName(filename) !== null;
}

/** Throws OptimizeError for a file that cannot be optimised (not an image, truncated, over the pixel limit). */
export async function optimizeImage(bytes: Buffer, filename: string, options: OptimizeOptions): Promise<OptimizeResult> {
  const format = sniffFormat(bytes);
  if (!format) {
    throw new OptimizeError(
      `${filename}: not a PNG, JPEG, GIF, WebP or AVIF image (its first bytes match none of them). Check the file, or exclude it from optimisation.`,
    );
  }
  const notes = mislabelNotes(filename, format);
  try {
    const source = await inspectImage(bytes, filename, format, options.maxPixels ?? DEFAULT_MAX_PIXELS);
    const animation = (format === 'png' && isAnimatedPng(bytes)) || (format === 'avif' && isAvifSequence(bytes));
    if (animation) {
      return keepOriginal(source, options.mode, [
        ...notes,
        `Animated ${FORMAT_LABEL[format]}: the image libraries Porter uses read only its first frame, so any re-encoding would lose the animation. The original is kept.`,
      ]);
    }
    const target = chooseTarget(format, options.format ?? 'keep', options.mode, notes);
    if (options.mode === 'lossless') return await optimizeLossless(source, target, options, notes);
    return await optimizeLossy(source, target, options, notes);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw asOptimizeError(error, filename, format);
  }
}

async function optimizeLossless(source: SourceImage, target: RasterFormat, options: OptimizeOptions, notes: string[]): Promise<OptimizeResult> {
  const outcome = await losslessCandidate(source, target, options.keepCopyright ?? false, options.signal, options.effort);
  if ('unavailable' in outcome) return keepOriginal(source, options.mode, [...notes, `${outcome.unavailable} The original is kept.`]);
  return smallestOf(source, options.mode, { bytes: outcome.bytes, format: target, quality: null, score: 1 }, notes);
}

// The lossless variant is made beside the lossy one (sharp runs both on the libuv pool) and wins when it is smaller
// or the lossy one missed auto's target.
async function optimizeLossy(source: SourceImage, target: RasterFormat, options: OptimizeOptions, notes: string[]): Promise<OptimizeResult> {
  const lossless = options.compareLossless === false ? null : optimizeLossless(source, target, { ...options, mode: 'lossless' }, [...notes]);
  lossless?.catch(() => undefined);
  const lossy = await lossyEncode(source, target, options, notes);
  return lossless ? preferLossless(lossy, await lossless, lossyTarget(options)) : lossy;
}

async function lossyEncode(source: SourceImage, target: RasterFormat, options: OptimizeOptions, notes: string[]): Promise<OptimizeResult> {
  if (!source.eightBit) notes.push('This image has 16 bits per channel; the lossy output has 8.');
  if (source.pages > 1) notes.push('Animated image: the score is measured on the first frame.');
  const keepCopyright = options.keepCopyright ?? false;
  const range = QUALITY[target];
  if (options.mode === 'lossy' && options.measure === false) {
    const quality = clampQuality(options.quality ?? range.default);
    const bytes = await encode(source, target, quality, keepCopyright);
    return smallestOf(source, options.mode, { bytes, format: target, quality, score: null }, notes);
  }
  // The reference decodes while the first encode runs (sharp works on the libuv pool): a preview's first answer
  // comes sooner. Its failure is reported where it is awaited, as the encode's would be.
  const reference = scoreReference(source);
  reference.catch(() => undefined);
  const tryQuality = async (quality: number): Promise<Attempt> => {
    options.signal?.throwIfAborted();
    const bytes = await encode(source, target, quality, keepCopyright);
    options.signal?.throwIfAborted();
    return { quality, bytes, score: await perceptualScore(await reference, bytes) };
  };

  let chosen: Attempt;
  if (options.mode === 'auto') {
    const targetScore = options.targetScore ?? DEFAULT_TARGET_SCORE;
    const search = await searchQuality(range, targetScore, tryQuality);
    chosen = search.best;
    notes.push(
      search.met
        ? `Auto quality: ${FORMAT_LABEL[target]} q${chosen.quality} is the lowest that scores at least ${targetScore} (${search.attempts} tries).`
        : `Auto quality: no quality up to q${range.max} reaches ${targetScore}; q${chosen.quality} scored best (${chosen.score.toFixed(4)}).`,
    );
  } else {
    chosen = await tryQuality(clampQuality(options.quality ?? range.default));
  }
  return smallestOf(source, options.mode, { bytes: chosen.bytes, format: target, quality: chosen.quality, score: chosen.score }, notes);
}

interface Candidate {
  bytes: Buffer;
  format: RasterFormat;
  quality: number | null;
  /** Null when not measured (`measure: false`). */
  score: number | null;
}

// Porter never makes a file bigger: a candidate that is not smaller loses to the untouched original.
function smallestOf(source: SourceImage, mode: OptimizeMode, candidate: Candidate, notes: string[]): OptimizeResult {
  if (candidate.bytes.length >= source.bytes.length) {
    const made = `${FORMAT_LABEL[candidate.format]}${candidate.quality === null ? ' lossless' : ` q${candidate.quality}`}`;
    return keepOriginal(source, mode, [
      ...notes,
      `The optimised file (${made}) was not smaller than the original (${largerBy(candidate.bytes.length, source.bytes.length)}), so the original is kept.`,
    ]);
  }
  return {
    bytes: candidate.bytes,
    report: {
      originalBytes: source.bytes.length,
      outputBytes: candidate.bytes.length,
      format: EXTENSION_OF[candidate.format],
      mode,
      quality: candidate.quality,
      score: candidate.score,
      kept: false,
      notes,
    },
  };
}

/** "2.5% larger", "the same size": how a candidate compares, without raw byte counts in a note the UI shows. */
function largerBy(candidate: number, original: number): string {
  if (candidate === original) return 'the same size';
  return `${(((candidate - original) / original) * 100).toFixed(1)}% larger`;
}

function keepOriginal(source: SourceImage, mode: OptimizeMode, notes: string[]): OptimizeResult {
  return {
    bytes: source.bytes,
    report: {
      originalBytes: source.bytes.length,
      outputBytes: source.bytes.length,
      format: EXTENSION_OF[source.format],
      mode,
      quality: null,
      score: 1,
      kept: true,
      notes,
    },
  };
}

function chooseTarget(format: RasterFormat, wanted: OutputFormat, mode: OptimizeMode, notes: string[]): RasterFormat {
  if (wanted === 'keep') return format;
  // An animated WebP keeps every frame but re-quantises GIF's exact palettes: a lossy choice only, never lossless.
  if (format === 'gif' && wanted === 'webp' && mode !== 'lossless') return 'webp';
  if (format === 'gif') {
    notes.push(
      wanted === 'webp'
        ? 'GIF stays GIF in lossless mode: an animated WebP of it is offered as a lossy choice (Lossy or Lossy, auto quality).'
        : `GIF stays GIF: conversion to ${FORMAT_LABEL[wanted]} is offered for PNG and JPEG (and between WebP and AVIF), not for GIF animations.`,
    );
    return 'gif';
  }
  return wanted;
}

function mislabelNotes(filename: string, format: RasterFormat): string[] {
  const claimed = formatFromName(filename);
  if (!claimed || claimed === format) return [];
  return [
    `${filename} is really a ${FORMAT_LABEL[format]} file, not ${FORMAT_LABEL[claimed]}; it was optimised as ${FORMAT_LABEL[format]}. ` +
      `Rename it to .${EXTENSION_OF[format]} (browsers go by the bytes, but servers send the Content-Type of the name).`,
  ];
}

function clampQuality(quality: number): number {
  return Math.min(100, Math.max(1, Math.round(quality)));
}
