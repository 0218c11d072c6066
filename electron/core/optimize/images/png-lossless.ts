// Lossless PNG: several encoders that keep every pixel, and the smallest wins. Each is exact by construction, so
// none decodes its output at run time (the test suite decodes every path and compares, alpha, grey, palette and
// 16-bit included):
//   - oxipng (@napi-rs/image losslessCompressPng) on the original's pixel data: it reduces colour type and bit
//     depth (an exact palette for ≤ 256 colours, grey, 8 bits from 16 when no value needs them) and tries filters;
//   - sharp's zlib path (level 9, adaptive filters) on the decoded pixels, 8-bit sources only;
//   - zopfli (@gfx/zopfli) re-deflating the winner's IDAT, keeping its filters: a few % more, at tens of times
//     the time.
// Effort picks which run (bench/optimize measures each): fast = sharp; balanced (the default) = oxipng; max = all.
import { zlibAsync } from '@gfx/zopfli';
import { losslessCompressPng } from '@napi-rs/image';
import { crc32, inflateSync } from 'node:zlib';
import type { LosslessEffort } from '../types';
import { encode } from './encoders';
import type { SourceImage } from './source-image';

export const DEFAULT_EFFORT: LosslessEffort = 'balanced';

const SIXTEEN_BIT = 'This image has 16 bits per channel; re-encoding it would drop to 8 bits, so there is no lossless saving.';

export type PngOutcome = { bytes: Buffer } | { unavailable: string };

export async function losslessPng(source: SourceImage, keepCopyright: boolean, effort: LosslessEffort, signal?: AbortSignal): Promise<PngOutcome> {
  if (effort === 'fast') {
    if (!source.eightBit) return { unavailable: SIXTEEN_BIT };
    return { bytes: await encode(source, 'png', null, keepCopyright) };
  }
  const throughSharp = needsSharp(source, keepCopyright);
  if (throughSharp && !source.eightBit) return { unavailable: SIXTEEN_BIT };
  const zlibPath = source.eightBit && (throughSharp || effort === 'max') ? await encode(source, 'png', null, keepCopyright) : undefined;
  signal?.throwIfAborted();
  // oxipng keeps the chunks it is given: Porter's metadata policy is applied to its input, not its output.
  const oxipngInput = throughSharp ? zlibPath! : withPolicyChunks(source.bytes);
  const candidates = zlibPath ? [zlibPath] : [];
  try {
    candidates.push(await losslessCompressPng(oxipngInput, { strip: false }, signal));
  } catch (error) {
    // A file libpng reads but oxipng refuses (a bad checksum in an ancillary chunk) still gets sharp's encode.
    if (signal?.aborted || !source.eightBit) throw error;
    candidates.push(zlibPath ?? (await encode(source, 'png', null, keepCopyright)));
  }
  let best = candidates.reduce((a, b) => (b.length < a.length ? b : a));
  if (effort === 'max') {
    signal?.throwIfAborted();
    best = await reDeflate(best);
  }
  return { bytes: best };
}

/**
 * The original's pixel data cannot carry what sharp adds: the pixels turned by an EXIF orientation, or the
 * copyright written as EXIF. Those images start from sharp's output instead.
 */
function needsSharp(source: SourceImage, keepCopyright: boolean): boolean {
  return source.orientation !== 1 || (keepCopyright && source.rights !== null);
}

// What changes how the image looks stays (the critical chunks, transparency, the colour space); text, EXIF,
// timestamps and the rest go, as in sharp's path (which keeps only the ICC profile of the colour chunks).
const KEPT_CHUNKS: ReadonlySet<string> = new Set(['IHDR', 'PLTE', 'IDAT', 'IEND', 'tRNS', 'iCCP', 'sRGB', 'gAMA', 'cHRM', 'sBIT']);

interface Chunk {
  type: string;
  data: Buffer;
}

function readChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    chunks.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

function writeChunk({ type, data }: Chunk): Buffer {
  const framed = Buffer.alloc(12 + data.length);
  framed.writeUInt32BE(data.length, 0);
  framed.write(type, 4, 'latin1');
  data.copy(framed, 8);
  framed.writeUInt32BE(crc32(framed.subarray(4, 8 + data.length)), 8 + data.length);
  return framed;
}

function withPolicyChunks(png: Buffer): Buffer {
  const chunks = readChunks(png);
  if (chunks.every((chunk) => KEPT_CHUNKS.has(chunk.type))) return png;
  return Buffer.concat([png.subarray(0, 8), ...chunks.filter((chunk) => KEPT_CHUNKS.has(chunk.type)).map(writeChunk)]);
}

/** The same filtered rows in one IDAT, deflated by zopfli; the input when that is not smaller. */
async function reDeflate(png: Buffer): Promise<Buffer> {
  const chunks = readChunks(png);
  const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  const raw = inflateSync(idat);
  // zopfli's own advice: 15 iterations for small inputs, 5 for several MB.
  const deflated = Buffer.from(await zlibAsync(raw, { numiterations: raw.length > 4_000_000 ? 5 : 15 }));
  if (deflated.length >= idat.length) return png;
  const out: Buffer[] = [png.subarray(0, 8)];
  let written = false;
  for (const chunk of chunks) {
    if (chunk.type !== 'IDAT') out.push(writeChunk(chunk));
    else if (!written) {
      out.push(writeChunk({ type: 'IDAT', data: deflated }));
      written = true;
    }
  }
  return Buffer.concat(out);
}
