// Marker-level JPEG surgery: the lossless transcode drops every APP segment, so the ones Porter keeps
// (ICC profile, a minimal EXIF) are copied or written back without touching the entropy-coded data.

const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP2 = 0xe2;
const ICC_SIGNATURE = 'ICC_PROFILE\0';

interface Segment {
  marker: number;
  bytes: Buffer;
}

/** The segments between SOI and the first scan; throws on a structure that is not a JPEG header. */
function headerSegments(jpeg: Buffer): Segment[] {
  if (jpeg[0] !== 0xff || jpeg[1] !== SOI) throw new Error('not a JPEG (no SOI marker)');
  const segments: Segment[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`JPEG marker expected at byte ${at}`);
    const marker = jpeg[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === SOS) break;
    const end = at + 2 + jpeg.readUInt16BE(at + 2);
    if (end > jpeg.length) throw new Error('JPEG header segment runs past the end of the file');
    segments.push({ marker, bytes: jpeg.subarray(at, end) });
    at = end;
  }
  return segments;
}

/** Where the first scan starts (its SOS marker); the header before it is walked segment by segment. */
function firstScanAt(jpeg: Buffer): number {
  const segments = headerSegments(jpeg);
  const last = segments.at(-1);
  return last ? last.bytes.byteOffset - jpeg.byteOffset + last.bytes.length : 2;
}

/**
 * True when an end-of-image marker follows the first scan. Entropy-coded data cannot hold 0xFF 0xD9 (a 0xFF byte
 * there is always followed by 0x00 or a restart marker), so a file cut short, the usual damage from an interrupted
 * download or copy, has none; the header is skipped so that an EXIF thumbnail's own EOI does not count.
 */
export function hasEndOfImage(jpeg: Buffer): boolean {
  let scan: number;
  try {
    scan = firstScanAt(jpeg);
  } catch {
    return false; // cut inside the header
  }
  return jpeg.lastIndexOf(Buffer.from([0xff, EOI])) > scan;
}

/** The APP2 ICC_PROFILE chunks, verbatim and in order (a large profile spans several). */
export function iccSegments(jpeg: Buffer): Buffer[] {
  return headerSegments(jpeg)
    .filter((segment) => segment.marker === APP2 && segment.bytes.toString('latin1', 4, 4 + ICC_SIGNATURE.length) === ICC_SIGNATURE)
    .map((segment) => segment.bytes);
}

/** Inserts segments after SOI and any JFIF APP0, which decoders expect first. */
export function insertSegments(jpeg: Buffer, inserted: Buffer[]): Buffer {
  if (inserted.length === 0) return jpeg;
  const first = headerSegments(jpeg)[0];
  const at = first?.marker === APP0 ? 2 + first.bytes.length : 2;
  return Buffer.concat([jpeg.subarray(0, at), ...inserted, jpeg.subarray(at)]);
}
