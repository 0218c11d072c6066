// Lossless PNG: several encoders that keep every pixel, and the smallest wins. Each is exact by construction, so
// none decodes its output at run time (the test suite decodes every path and compares, alpha, grey, palette and
// 16-bit included):
//   - oxipng (@napi-rs/image losslessCompressPng) on the original's pixel data: it reduces colour type and bit
//     depth (an exact palette for ≤ 256 colours, grey, 8 bits from 16 when no value needs them) and tries filters;
//   - sharp's zlib path (level 9, adaptive filters) on the decoded pixels, 8-bit sources only;
//   - zopfli (@gfx/zopfli, on worker threads) re-deflating those candidates' rows, refiltered by each filter
//     strategy as zopflipng does (png-zopfli.ts): a few % more, at tens of times the time.
// Effort picks which run (bench/optimize measures each): fast = sharp; balanced (the default) = oxipng; max = all.
import { losslessCompressPng } from '@napi-rs/image';
import type { LosslessEffort } from '../types';
import { encode } from './encoders';
import { readChunks } from './png-chunks';
import { webColourChunks, withColourChunks } from './png-colour';
import type { SourceImage } from './source-image';

export const DEFAULT_EFFORT: LosslessEffort = 'balanced';

const SIXTEEN_BIT = 'This image has 16 bits per channel; re-encoding it would drop to 8 bits, so there is no lossless saving.';

export type PngOutcome = { bytes: Buffer } | { unavailable: string };

export async function losslessPng(source: SourceImage, keepCopyright: boolean, effort: LosslessEffort, signal?: AbortSignal): Promise<PngOutcome> {
  // Every path writes the original's colour chunks as png-colour.ts's policy keeps them: sharp writes only an ICC
  // profile (and the one it was given, sRGB or not), oxipng keeps what it is given.
  const colour = webColourChunks(readChunks(source.bytes));
  const zlibEncode = async () => withColourChunks(await encode(source, 'png', null, keepCopyright), colour);
  if (effort === 'fast') {
    if (!source.eightBit) return { unavailable: SIXTEEN_BIT };
    return { bytes: await zlibEncode() };
  }
  const throughSharp = needsSharp(source, keepCopyright);
  if (throughSharp && !source.eightBit) return { unavailable: SIXTEEN_BIT };
  const zlibPath = source.eightBit && (throughSharp || effort === 'max') ? await zlibEncode() : undefined;
  signal?.throwIfAborted();
  // oxipng keeps the chunks it is given: Porter's metadata policy is applied to its input, not its output.
  const oxipngInput = throughSharp ? zlibPath! : withColourChunks(source.bytes, colour, (chunk) => KEPT_CHUNKS.has(chunk.type));
  const candidates = zlibPath ? [zlibPath] : [];
  try {
    candidates.push(await losslessCompressPng(oxipngInput, { strip: false }, signal));
  } catch (error) {
    // A file libpng reads but oxipng refuses (a bad checksum in an ancillary chunk) still gets sharp's encode.
    if (signal?.aborted || !source.eightBit) throw error;
    candidates.push(zlibPath ?? (await zlibEncode()));
  }
  // Max also refilters the original's own rows (zopflipng's "predefined" strategy starts from them), when it can
  // stand for the image as it is.
  if (effort === 'max') {
    // Loaded here, by max effort only: the search and its zopfli threads are of no use to the other efforts.
    const { smallestUnderZopfli } = await import('./png-zopfli');
    return { bytes: await smallestUnderZopfli(throughSharp ? candidates : [...candidates, oxipngInput], signal) };
  }
  return { bytes: candidates.reduce((a, b) => (b.length < a.length ? b : a)) };
}

/**
 * The original's pixel data cannot carry what sharp adds: the pixels turned by an EXIF orientation, or the
 * copyright written as EXIF. Those images start from sharp's output instead.
 */
function needsSharp(source: SourceImage, keepCopyright: boolean): boolean {
  return source.orientation !== 1 || (keepCopyright && source.rights !== null);
}

// Besides the colour chunks (png-colour.ts), what changes how the image looks stays: the critical chunks and
// transparency. Text, EXIF, timestamps, pHYs and the rest go, as in sharp's path.
const KEPT_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS']);
