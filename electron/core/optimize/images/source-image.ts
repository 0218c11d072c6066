// Everything later steps need to know about the input, read once from the header, and the one place that
// opens bytes with sharp, so every decode gets the same decompression-bomb limit.
import sharp, { type Sharp } from 'sharp';
import { OptimizeError } from '../types';
import { readRights, type Rights } from './rights';
import { FORMAT_LABEL, type RasterFormat } from './sniff-format';

// libvips caches operations for reuse; Porter encodes each image once, so the cache only grows. Measured by
// bench/optimize on 50 images of 24 MP: peak RSS 1,873 → 1,021 MiB (lossless), 992 → 646 MiB (lossy), same CPU time.
sharp.cache(false);

/** 100 megapixels: above any web image or 24 MP camera original, far below what would exhaust memory (~400 MB as RGBA). */
export const DEFAULT_MAX_PIXELS = 100_000_000;

export interface SourceImage {
  bytes: Buffer;
  filename: string;
  format: RasterFormat;
  width: number;
  /** Height of one frame. */
  height: number;
  /** Frames of an animated GIF or WebP; 1 otherwise. */
  pages: number;
  /** False for 16-bit PNGs: their lossless re-encode through sharp would drop to 8 bits. */
  eightBit: boolean;
  hasAlpha: boolean;
  hasIcc: boolean;
  orientation: number;
  rights: Rights | null;
  maxPixels: number;
}

export async function inspectImage(bytes: Buffer, filename: string, format: RasterFormat, maxPixels: number): Promise<SourceImage> {
  const meta = await sharp(bytes, { limitInputPixels: false, animated: isAnimatable(format) }).metadata();
  const width = meta.width;
  const pages = meta.pages ?? 1;
  // For animations sharp reports the height of all frames stacked; one frame's is what scoring and messages need.
  const height = meta.pageHeight ?? meta.height;
  const pixels = width * height * pages;
  // Checked here, before any pixel is decoded, so the message can give the numbers; sharp's own limit stays as a backstop.
  if (pixels > maxPixels) {
    const frames = pages > 1 ? ` × ${pages} frames` : '';
    throw new OptimizeError(
      `${filename}: ${width}×${height}${frames} is ${megapixels(pixels)} MP, over the ${megapixels(maxPixels)} MP limit that guards against ` +
        'decompression bombs. If the image is genuine, raise the pixel limit or resize it before optimising.',
    );
  }
  return {
    bytes,
    filename,
    format,
    width,
    height,
    pages,
    eightBit: meta.depth === 'uchar',
    hasAlpha: meta.hasAlpha,
    hasIcc: meta.icc !== undefined,
    orientation: meta.orientation ?? 1,
    rights: readRights(meta.exif, meta.xmp),
    maxPixels,
  };
}

/** Opens the source (or a candidate made from it) with the pixel limit, all frames of animations, and EXIF orientation applied. */
export function decode(source: SourceImage, input: Buffer = source.bytes, format: RasterFormat = source.format): Sharp {
  return sharp(input, { limitInputPixels: source.maxPixels, animated: isAnimatable(format), autoOrient: true });
}

/** Turns whatever a decoder or encoder threw into a per-file error that says what to do. */
export function asOptimizeError(error: unknown, filename: string, format: RasterFormat): OptimizeError {
  if (error instanceof OptimizeError) return error;
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (/pixel limit/i.test(detail ?? '')) {
    return new OptimizeError(`${filename}: the image is over the pixel limit that guards against decompression bombs (${detail}).`);
  }
  return new OptimizeError(
    `${filename}: the ${FORMAT_LABEL[format]} data could not be decoded (${detail}); the file is probably truncated or corrupt. ` +
      'Re-export it from its source, or exclude it from optimisation.',
  );
}

function isAnimatable(format: RasterFormat): boolean {
  return format === 'gif' || format === 'webp';
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(1);
}
