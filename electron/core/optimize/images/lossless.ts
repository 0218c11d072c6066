// Lossless candidates. Two paths carry the image over unchanged by construction: PNG → PNG keeps the smallest of
// encoders that each keep every pixel (png-lossless.ts), and the JPEG transcode copies the DCT coefficients. The conversions (WebP, AVIF) and
// GIF (palettes re-quantised per frame) are exact or not depending on the input (alpha, colour layout, frame
// count), so each of their outputs is decoded and compared with the original pixel for pixel at run time. The test
// suite decodes both sides of every path, the two by-construction ones included, on every run
// (test/unit/optimize-images-pipeline.test.ts). Checking PNG and JPEG at run time too cost 20–35% of their
// throughput (bench/optimize) and twice the image's RGBA size in memory, for a property that holds by design.
import type { LosslessEffort } from '../types';
import { encode } from './encoders';
import { transcodeJpegLossless } from './jpeg-lossless';
import { hasEndOfImage } from './jpeg-segments';
import { DEFAULT_EFFORT, losslessPng } from './png-lossless';
import { decode, type SourceImage } from './source-image';
import { FORMAT_LABEL, type RasterFormat } from './sniff-format';

const BY_CONSTRUCTION: ReadonlySet<RasterFormat> = new Set(['png', 'jpeg']);

export type LosslessOutcome = { bytes: Buffer } | { unavailable: string };

export async function losslessCandidate(
  source: SourceImage,
  target: RasterFormat,
  keepCopyright: boolean,
  signal?: AbortSignal,
  effort: LosslessEffort = DEFAULT_EFFORT,
): Promise<LosslessOutcome> {
  signal?.throwIfAborted();
  // oxipng keeps 16-bit samples exactly; every other encoder would drop them to 8 bits.
  if (target === 'png' && source.format === 'png') return losslessPng(source, keepCopyright, effort, signal);
  if (!source.eightBit) {
    return { unavailable: 'This image has 16 bits per channel; re-encoding it would drop to 8 bits, so there is no lossless saving.' };
  }
  let bytes: Buffer;
  if (target === 'jpeg') {
    // The transcode copies whatever coefficients it can read and pads a file cut short with grey; a decode of the
    // source would fail on it, so it fails here too, with the decoder's words.
    if (!hasEndOfImage(source.bytes)) throw new Error('premature end of JPEG image');
    try {
      bytes = await transcodeJpegLossless(source, keepCopyright);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { unavailable: `The lossless JPEG transcode does not support this file (${detail}).` };
    }
  } else {
    bytes = await encode(source, target, null, keepCopyright);
  }
  if (BY_CONSTRUCTION.has(target)) return { bytes };
  signal?.throwIfAborted();
  if (!(await samePixels(source, bytes, target))) {
    return { unavailable: `Re-encoding as ${FORMAT_LABEL[target]} changed pixels, so there is no lossless saving for this file.` };
  }
  return { bytes };
}

async function samePixels(source: SourceImage, candidate: Buffer, format: RasterFormat): Promise<boolean> {
  const [original, output] = await Promise.all([decodeRgba(decode(source)), decodeRgba(decode(source, candidate, format))]);
  return original.width === output.width && original.height === output.height && original.data.equals(output.data);
}

async function decodeRgba(image: ReturnType<typeof decode>): Promise<{ data: Buffer; width: number; height: number }> {
  // Same channel layout on both sides: a palette or grey original against an RGB(A) output must still compare equal.
  const { data, info } = await image.toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
