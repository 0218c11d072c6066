// Whether a font decoded back from WOFF2 is the font that went in. WOFF2 stores most tables as they are, so those
// must come back byte for byte. It re-encodes the TrueType outlines (glyf and the loca index derived from it):
// the decoder writes each glyph's points with its own flag and coordinate packing, so glyf may differ in bytes
// while every point is where it was. Those glyphs are compared as outlines: contours, points (position and
// on/off curve), bounding box, hinting instructions, and composite glyphs' component records. `head` differs in
// two places the WOFF2 spec says it may: the whole-font checksum, and flags bit 11 ("converted losslessly").
import { sfntTables } from './sfnt';

const DERIVED = new Set(['glyf', 'loca', 'head']);

/** Null when `decoded` is the same font as `original`; otherwise what differs, in a few words. */
export function fontDifference(original: Buffer, decoded: Buffer): string | null {
  const before = sfntTables(original);
  const after = sfntTables(decoded);
  const missing = [...before.keys()].filter((tag) => !after.has(tag));
  const added = [...after.keys()].filter((tag) => !before.has(tag));
  if (missing.length || added.length) return `tables ${[...missing, ...added].map((tag) => tag.trim()).join(', ')} differ`;
  for (const [tag, data] of before) {
    if (!DERIVED.has(tag) && !data.equals(after.get(tag)!)) return `table ${tag.trim()} differs`;
  }
  const headBefore = before.get('head');
  const headAfter = after.get('head');
  if (headBefore && headAfter && !comparableHead(headBefore).equals(comparableHead(headAfter))) return 'table head differs';
  if (before.has('glyf')) return glyphDifference(before, after);
  return null;
}

/** `head` without checkSumAdjustment (bytes 8–11) and with flags bit 11 cleared. */
function comparableHead(head: Buffer): Buffer {
  const copy = Buffer.from(head);
  if (copy.length < 18) return copy;
  copy.writeUInt32BE(0, 8);
  copy.writeUInt16BE(copy.readUInt16BE(16) & ~0x0800, 16);
  return copy;
}

function glyphDifference(before: Map<string, Buffer>, after: Map<string, Buffer>): string | null {
  const glyphsBefore = glyphs(before);
  const glyphsAfter = glyphs(after);
  if (glyphsBefore.length !== glyphsAfter.length) return 'the number of glyphs differs';
  for (let index = 0; index < glyphsBefore.length; index++) {
    const glyph = glyphsBefore[index]!;
    const other = glyphsAfter[index]!;
    // Most glyphs come back packed as they were; only the others are worth unpacking.
    if (!glyph.equals(other) && glyphOutline(glyph) !== glyphOutline(other)) return `glyph ${index} differs`;
  }
  return null;
}

/** Each glyph's bytes, by glyph index (empty for a glyph that draws nothing). */
function glyphs(tables: Map<string, Buffer>): Buffer[] {
  const head = tables.get('head')!;
  const maxp = tables.get('maxp')!;
  const loca = tables.get('loca')!;
  const glyf = tables.get('glyf')!;
  const longOffsets = head.readInt16BE(50) === 1;
  const count = maxp.readUInt16BE(4);
  const offsetAt = (index: number): number => (longOffsets ? loca.readUInt32BE(index * 4) : loca.readUInt16BE(index * 2) * 2);
  const result: Buffer[] = [];
  for (let index = 0; index < count; index++) result.push(glyf.subarray(offsetAt(index), Math.max(offsetAt(index), offsetAt(index + 1))));
  return result;
}

/** A glyph as a canonical string of what it draws, independent of how its points are packed. */
function glyphOutline(glyph: Buffer): string {
  if (glyph.length === 0) return '';
  const contours = glyph.readInt16BE(0);
  const box = [2, 4, 6, 8].map((at) => glyph.readInt16BE(at)).join(',');
  return contours >= 0 ? `s${contours}|${box}|${simpleGlyph(glyph, contours)}` : `c|${box}|${compositeGlyph(glyph)}`;
}

function simpleGlyph(glyph: Buffer, contours: number): string {
  let at = 10;
  const endPoints: number[] = [];
  for (let contour = 0; contour < contours; contour++, at += 2) endPoints.push(glyph.readUInt16BE(at));
  const points = contours === 0 ? 0 : endPoints[contours - 1]! + 1;
  const instructionLength = glyph.readUInt16BE(at);
  const instructions = glyph.subarray(at + 2, at + 2 + instructionLength).toString('hex');
  at += 2 + instructionLength;
  const flags: number[] = [];
  while (flags.length < points) {
    const flag = glyph[at++]!;
    flags.push(flag);
    if (flag & 0x08) for (let repeat = glyph[at++]!; repeat > 0; repeat--) flags.push(flag);
  }
  const coordinates = (short: number, same: number): number[] => {
    const values: number[] = [];
    let value = 0;
    for (const flag of flags) {
      if (flag & short) {
        const delta = glyph[at++]!;
        value += flag & same ? delta : -delta;
      } else if (!(flag & same)) {
        value += glyph.readInt16BE(at);
        at += 2;
      }
      values.push(value);
    }
    return values;
  };
  const xs = coordinates(0x02, 0x10);
  const ys = coordinates(0x04, 0x20);
  // Bit 0 is on-curve; bit 6 (overlapping contours) is meaningful on the first flag only. The rest is packing.
  const drawn = flags.map((flag, index) => `${flag & 0x01}${index === 0 ? (flag & 0x40 ? 'o' : '') : ''}:${xs[index]},${ys[index]}`);
  return `${endPoints.join(',')}|${instructions}|${drawn.join(' ')}`;
}

function compositeGlyph(glyph: Buffer): string {
  let at = 10;
  let flags: number;
  do {
    flags = glyph.readUInt16BE(at);
    at += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) at += 2;
    else if (flags & 0x0040) at += 4;
    else if (flags & 0x0080) at += 8;
  } while (flags & 0x0020);
  if (flags & 0x0100) at += 2 + glyph.readUInt16BE(at);
  return glyph.subarray(10, at).toString('hex');
}
