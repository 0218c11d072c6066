// Porter's colour-chunk policy for PNGs on the web: keep a colour chunk only when a browser renders the image
// differently without it. Every lossless effort applies it to what it writes (sharp's encode, oxipng's input), so the
// choice of encoder never changes how the result looks.
//   - sBIT goes: it records the source's significant bits and changes no displayed value.
//   - sRGB goes: browsers show an untagged PNG as sRGB already (its rendering intent is not used by them).
//   - iCCP goes when its profile is sRGB by colorants and tone curves (icc-srgb.ts), and stays otherwise
//     (Display P3, Adobe RGB, a gamma-2.2 or grey profile...).
//   - gAMA and cHRM go when an sRGB or iCCP chunk is present: decoders use that instead (PNG spec §11.3.2, and
//     PNG 3rd edition's precedence cICP > iCCP > sRGB > cHRM/gAMA). Alone, they go only when they describe sRGB
//     closely: gamma 1/2.2 (45455, which libpng itself treats as sRGB's) and sRGB's primaries and D65 white point (or
//     no cHRM, which decoders read as sRGB's primaries). Any other gamma or primaries stay, both chunks together.
//   - cICP (coding-independent code points: HDR and wide-gamut video signals) stays: it overrides everything else.
// oxipng's `strip: safe` (cICP, iCCP, sRGB kept; gAMA, cHRM, sBIT always dropped) would lose an unusual gamma, and
// keep an sRGB profile Porter drops; this policy is both smaller and safer, so oxipng is run with `strip: false` on
// chunks already chosen here.
import { inflateSync } from 'node:zlib';
import { isSrgbProfile } from './icc-srgb';
import { readChunks, writeChunk, type Chunk } from './png-chunks';

const COLOUR_CHUNKS: ReadonlySet<string> = new Set(['cICP', 'iCCP', 'sRGB', 'gAMA', 'cHRM', 'sBIT']);

const isColourChunk = (chunk: Chunk) => COLOUR_CHUNKS.has(chunk.type);

// PNG's fixed-point values are × 100,000.
const SRGB_GAMMA = 45455;
const GAMMA_TOLERANCE = 50;
// White x, y, then red, green, blue x, y: sRGB (ITU-R BT.709 primaries, D65).
const SRGB_CHROMATICITIES = [31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000];
const CHROMATICITY_TOLERANCE = 100;

/** Of a PNG's chunks, the colour chunks that change how a browser shows it, in their order. */
export function webColourChunks(chunks: readonly Chunk[]): Chunk[] {
  const iccp = chunks.find((chunk) => chunk.type === 'iCCP');
  const keptProfile = iccp && !isSrgbIccp(iccp) ? iccp : undefined;
  const overridden = iccp !== undefined || chunks.some((chunk) => chunk.type === 'sRGB');
  const gama = chunks.find((chunk) => chunk.type === 'gAMA');
  const chrm = chunks.find((chunk) => chunk.type === 'cHRM');
  const keepGammaAndPrimaries = !overridden && (gama !== undefined || chrm !== undefined) && !describesSrgb(gama, chrm);
  return chunks.filter(
    (chunk) =>
      chunk.type === 'cICP' || chunk === keptProfile || (keepGammaAndPrimaries && (chunk === gama || chunk === chrm)),
  );
}

function isSrgbIccp(iccp: Chunk): boolean {
  // Profile name (1–79 bytes), a zero, the compression method (0: zlib), the compressed profile.
  const end = iccp.data.indexOf(0);
  if (end < 1 || iccp.data[end + 1] !== 0) return false;
  try {
    return isSrgbProfile(inflateSync(iccp.data.subarray(end + 2)));
  } catch {
    return false;
  }
}

function describesSrgb(gama: Chunk | undefined, chrm: Chunk | undefined): boolean {
  // A cHRM without gAMA leaves the transfer function to the decoder's guess: not a description of sRGB to rely on.
  if (!gama || gama.data.length !== 4 || Math.abs(gama.data.readUInt32BE(0) - SRGB_GAMMA) > GAMMA_TOLERANCE) return false;
  if (!chrm) return true;
  if (chrm.data.length !== 32) return false;
  return SRGB_CHROMATICITIES.every((value, i) => Math.abs(chrm.data.readUInt32BE(i * 4) - value) <= CHROMATICITY_TOLERANCE);
}

/**
 * `png` with its colour chunks replaced by `colour`, right after IHDR (the spec wants them before PLTE and IDAT),
 * and of its other chunks those `keep` accepts.
 */
export function withColourChunks(png: Buffer, colour: readonly Chunk[], keep: (chunk: Chunk) => boolean = () => true): Buffer {
  const [ihdr, ...rest] = readChunks(png);
  if (!ihdr) return png;
  const others = rest.filter((chunk) => !isColourChunk(chunk) && keep(chunk));
  return Buffer.concat([png.subarray(0, 8), ...[ihdr, ...colour, ...others].map(writeChunk)]);
}
