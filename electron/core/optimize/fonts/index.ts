// TTF and OTF web fonts to WOFF2, losslessly: Google's woff2 encoder, through woff2-encoder's WebAssembly build
// (bench/fonts: byte for byte what wawoff2 writes, as fast, typed and maintained; ttf2woff2's fallback was larger
// and four times slower). Every conversion is decoded
// back and compared with the original (same-font.ts) before it is used, the way lossless images are checked
// pixel for pixel, so a WOFF2 Porter writes always draws the font it came from.
import { OptimizeError, type OptimizeResult } from '../types';
import { fontDifference } from './same-font';
import { isConvertibleFont } from './sfnt';

export { fontDifference } from './same-font';
export { isConvertibleFont, isFontName, sfntFlavor, sfntTables } from './sfnt';


export async function convertFontToWoff2(bytes: Buffer, filename: string): Promise<OptimizeResult> {
  if (!isConvertibleFont(bytes, filename)) {
    throw new OptimizeError(`${filename}: this is not a TrueType or OpenType font, so no WOFF2 copy can be made of it. Check that the file opens in a font viewer.`);
  }
  let woff2: Buffer;
  let difference: string | null;
  // Imported here, not at the top: a bundle that inlines this module would otherwise load the encoder's megabyte of
  // WebAssembly in every optimize worker, fonts or not.
  const { compress, decompress } = await import('woff2-encoder');
  try {
    woff2 = Buffer.from(await compress(bytes));
    difference = fontDifference(bytes, Buffer.from(await decompress(woff2)));
  } catch (error) {
    throw new OptimizeError(`${filename}: the font could not be read (${error instanceof Error ? error.message : String(error)}), so no WOFF2 copy is made. Export it again from your font tool.`);
  }
  if (difference !== null) {
    throw new OptimizeError(`${filename}: the WOFF2 copy would not draw exactly this font (${difference}), so none is made; the original is still collected.`);
  }
  return {
    bytes: woff2,
    report: {
      originalBytes: bytes.length,
      outputBytes: woff2.length,
      format: 'woff2',
      mode: 'lossless',
      quality: null,
      score: null,
      kept: false,
      notes: ['WOFF2 is the same font, compressed: decoded back, every table and glyph outline is identical. Every current browser reads it.'],
    },
  };
}
