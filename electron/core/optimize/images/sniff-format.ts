// Trust the bytes, not the name: a `.png` that is really a JPEG is optimised as a JPEG.

export type RasterFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'avif';

const EXTENSIONS: Record<RasterFormat, readonly string[]> = {
  png: ['png'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
  gif: ['gif'],
  webp: ['webp'],
  avif: ['avif'],
};

/** The file extension Porter writes for each format (reports use it as the format name). */
export const EXTENSION_OF: Record<RasterFormat, string> = { png: 'png', jpeg: 'jpg', gif: 'gif', webp: 'webp', avif: 'avif' };

export const FORMAT_LABEL: Record<RasterFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP', avif: 'AVIF' };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffFormat(bytes: Buffer): RasterFormat | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const head = bytes.subarray(0, 12).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'webp';
  if (isAvif(bytes)) return 'avif';
  return null;
}

/**
 * An animated PNG (APNG) announces itself with an acTL chunk before its first IDAT. Decoders that do not know APNG,
 * libvips among them, read only the default image, so re-encoding one would silently drop the animation.
 */
export function isAnimatedPng(bytes: Buffer): boolean {
  let at = PNG_SIGNATURE.length;
  while (at + 8 <= bytes.length) {
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    at += 12 + bytes.readUInt32BE(at);
  }
  return false;
}

/** The format the file name claims, or null for names that claim no raster format Porter handles. */
export function formatFromName(filename: string): RasterFormat | null {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = filename.slice(dot + 1).toLowerCase();
  for (const [format, names] of Object.entries(EXTENSIONS) as Array<[RasterFormat, readonly string[]]>) {
    if (names.includes(ext)) return format;
  }
  return null;
}

// An ISOBMFF `ftyp` box whose major or compatible brands include avif/avis.
function isAvif(bytes: Buffer): boolean {
  const brands = ftypBrands(bytes);
  return brands.includes('avif') || brands.includes('avis');
}

/**
 * An AVIF image sequence (brand `avis`). libheif, through sharp, decodes only its still primary image, so
 * re-encoding one would drop the animation, as with an animated PNG.
 */
export function isAvifSequence(bytes: Buffer): boolean {
  return ftypBrands(bytes).includes('avis');
}

function ftypBrands(bytes: Buffer): string[] {
  if (bytes.length < 16 || bytes.toString('latin1', 4, 8) !== 'ftyp') return [];
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
  const brands: string[] = [];
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    if (offset === 12) continue; // minor version, not a brand
    brands.push(bytes.toString('latin1', offset, offset + 4));
  }
  return brands;
}
