// Reading an sfnt (TrueType or OpenType font): its flavour and its tables. WOFF2 only wraps sfnt fonts, so these
// are what the conversion accepts and what its lossless check compares.

export type SfntFlavor = 'truetype' | 'opentype';

/** The font kinds Porter converts, by extension: what a web font is shipped as before WOFF2. */
const FONT_EXTENSIONS = new Set(['ttf', 'otf']);

export function isFontName(filename: string): boolean {
  const dot = filename.lastIndexOf('.');
  return dot !== -1 && FONT_EXTENSIONS.has(filename.slice(dot + 1).toLowerCase());
}

/** TrueType outlines (version 1.0 or Apple's `true`) or CFF outlines (`OTTO`); null for anything else. */
export function sfntFlavor(bytes: Buffer): SfntFlavor | null {
  if (bytes.length < 12) return null;
  const version = bytes.readUInt32BE(0);
  if (version === 0x00010000 || version === 0x74727565) return 'truetype';
  if (version === 0x4f54544f) return 'opentype';
  return null;
}

/** Tag → table bytes (without padding). Throws on a table directory that points outside the file. */
export function sfntTables(bytes: Buffer): Map<string, Buffer> {
  const count = bytes.readUInt16BE(4);
  const tables = new Map<string, Buffer>();
  for (let index = 0; index < count; index++) {
    const entry = 12 + index * 16;
    if (entry + 16 > bytes.length) throw new RangeError('the table directory is cut short');
    const tag = bytes.toString('latin1', entry, entry + 4);
    const offset = bytes.readUInt32BE(entry + 8);
    const length = bytes.readUInt32BE(entry + 12);
    if (offset + length > bytes.length) throw new RangeError(`table ${tag.trim()} points past the end of the file`);
    tables.set(tag, bytes.subarray(offset, offset + length));
  }
  return tables;
}

export function isConvertibleFont(bytes: Buffer, filename: string): boolean {
  return isFontName(filename) && sfntFlavor(bytes) !== null;
}
