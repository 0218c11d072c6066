// Lossless candidates, each checked at run time: the output is decoded and compared with the original pixel for
// pixel, so "lossless" is a fact about this file, not a belief about an encoder setting. Costs one extra decode of
// each side, small next to the encodes (zlib level 9, WebP effort 6, AVIF), and it also catches a truncated JPEG
// that the coefficient transcode would otherwise pass through.
import { encode } from './encoders';
import { transcodeJpegLossless } from './jpeg-lossless';
import { decode, type SourceImage } from './source-image';
import { FORMAT_LABEL, type RasterFormat } from './sniff-format';

export type LosslessOutcome = { bytes: Buffer } | { unavailable: string };

export async function losslessCandidate(source: SourceImage, target: RasterFormat, keepCopyright: boolean): Promise<LosslessOutcome> {
  if (!source.eightBit) {
    return { unavailable: 'This image has 16 bits per channel; re-encoding it would drop to 8 bits, so there is no lossless saving.' };
  }
  let bytes: Buffer;
  if (target === 'jpeg') {
    try {
      bytes = await transcodeJpegLossless(source, keepCopyright);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return { unavailable: `The lossless JPEG transcode does not support this file (${detail}).` };
    }
  } else {
    bytes = await encode(source, target, null, keepCopyright);
  }
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
