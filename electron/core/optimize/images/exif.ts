// Just enough EXIF (the TIFF IFD0) to read and write the three fields Porter carries across a strip:
// Orientation, Artist and Copyright. Everything else (GPS, camera serials, thumbnails) is dropped on purpose.

const TAG_ORIENTATION = 0x0112;
const TAG_ARTIST = 0x013b;
const TAG_COPYRIGHT = 0x8298;
const TYPE_ASCII = 2;
const TYPE_SHORT = 3;
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

export interface ExifFields {
  orientation?: number;
  artist?: string;
  copyright?: string;
}

/** Reads IFD0 from an EXIF blob as sharp's `metadata().exif` returns it ("Exif\0\0" + TIFF). Malformed data reads as empty. */
export function readExifFields(exif: Buffer | undefined): ExifFields {
  if (!exif) return {};
  const tiff = exif.subarray(0, 6).equals(EXIF_HEADER) ? exif.subarray(6) : exif;
  try {
    return readIfd0(tiff);
  } catch {
    // A broken EXIF block must not cost the image its optimisation; it only loses its rights fields.
    return {};
  }
}

function readIfd0(tiff: Buffer): ExifFields {
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return {};
  const le = order === 'II';
  const u16 = (at: number) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  const count = u16(ifd);
  const fields: ExifFields = {};
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    const type = u16(entry + 2);
    const length = u32(entry + 4);
    if (tag === TAG_ORIENTATION && type === TYPE_SHORT) fields.orientation = u16(entry + 8);
    if ((tag === TAG_ARTIST || tag === TAG_COPYRIGHT) && type === TYPE_ASCII) {
      const start = length <= 4 ? entry + 8 : u32(entry + 8);
      const text = asciiField(tiff.subarray(start, start + length));
      if (text && tag === TAG_ARTIST) fields.artist = text;
      if (text && tag === TAG_COPYRIGHT) fields.copyright = text;
    }
  }
  return fields;
}

// EXIF Copyright may hold "photographer\0editor"; one readable line survives writers that take a single string.
function asciiField(raw: Buffer): string {
  return raw
    .toString('utf8')
    .split('\0')
    .map((part) => part.trim())
    .filter(Boolean)
    .join('; ');
}

/** A JPEG APP1 segment holding only the given IFD0 fields (little-endian TIFF). */
export function exifApp1Segment(fields: ExifFields): Buffer {
  const entries: Array<{ tag: number; type: number; value: Buffer }> = [];
  if (fields.orientation !== undefined) {
    const value = Buffer.alloc(2);
    value.writeUInt16LE(fields.orientation);
    entries.push({ tag: TAG_ORIENTATION, type: TYPE_SHORT, value });
  }
  if (fields.artist) entries.push({ tag: TAG_ARTIST, type: TYPE_ASCII, value: Buffer.from(`${fields.artist}\0`, 'utf8') });
  if (fields.copyright) entries.push({ tag: TAG_COPYRIGHT, type: TYPE_ASCII, value: Buffer.from(`${fields.copyright}\0`, 'utf8') });

  const ifdSize = 2 + entries.length * 12 + 4;
  const dataStart = 8 + ifdSize;
  const data: Buffer[] = [];
  let dataOffset = dataStart;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(entries.length, 0);
  entries.forEach((entry, index) => {
    const at = 2 + index * 12;
    ifd.writeUInt16LE(entry.tag, at);
    ifd.writeUInt16LE(entry.type, at + 2);
    ifd.writeUInt32LE(entry.type === TYPE_SHORT ? 1 : entry.value.length, at + 4);
    if (entry.value.length <= 4) {
      entry.value.copy(ifd, at + 8);
    } else {
      ifd.writeUInt32LE(dataOffset, at + 8);
      data.push(entry.value);
      dataOffset += entry.value.length;
    }
  });
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]);
  const payload = Buffer.concat([EXIF_HEADER, header, ifd, ...data]);
  if (payload.length + 2 > 0xffff) throw new RangeError('EXIF fields too long for one JPEG segment');
  const marker = Buffer.from([0xff, 0xe1, 0, 0]);
  marker.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([marker, payload]);
}
