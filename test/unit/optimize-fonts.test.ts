import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fontFaceSrc } from '../../electron/contract/font-face-src';
import { convertFontToWoff2, fontDifference, isConvertibleFont, sfntFlavor, sfntTables } from '../../electron/core/optimize/fonts/index';
import { OptimizeError } from '../../electron/core/optimize/index';
import { measureAsset } from '../../electron/core/optimize/savings/measure-asset';
import { SavingsModeSchema, SavingsSettingsSchema } from '../../electron/contract/porter';
import { pricedAsset } from '../../electron/core/optimize/savings/price-asset';
import { savingsTotals } from '../../electron/contract/savings-pricing';
import { checkRecipeRule } from '../../electron/core/recipes/index';

// A decoder that is not the encoder's own: wawoff2, another build of Google's woff2.
const wawoff2 = createRequire(import.meta.url)('wawoff2') as { decompress: (bytes: Uint8Array) => Promise<Uint8Array> };

const fixtures = path.join(import.meta.dirname, '../fixtures/fonts');
const ttf = readFileSync(path.join(fixtures, 'dejavu-sans-subset.ttf'));
const otf = readFileSync(path.join(fixtures, 'cantarell-subset.otf'));

/** The sfnt with one table's bytes replaced (same length), the directory untouched. */
function withTable(font: Buffer, tag: string, change: (table: Buffer) => void): Buffer {
  const copy = Buffer.from(font);
  const table = sfntTables(copy).get(tag)!;
  change(table);
  return copy;
}

function flipBit(bytes: Buffer, at: number, bit: number): void {
  bytes.writeUInt8(bytes.readUInt8(at) ^ bit, at);
}

async function decoded(font: Buffer): Promise<Buffer> {
  const woff2 = (await convertFontToWoff2(font, 'font.ttf')).bytes;
  return Buffer.from(await wawoff2.decompress(woff2));
}

describe('WOFF2 conversion', () => {
  it('turns a TTF (TrueType outlines) and an OTF (CFF outlines) into smaller WOFF2', async () => {
    expect([sfntFlavor(ttf), sfntFlavor(otf)]).toEqual(['truetype', 'opentype']);
    for (const [font, name] of [[ttf, 'brand.ttf'], [otf, 'brand.otf']] as const) {
      const result = await convertFontToWoff2(font, name);
      expect(result.bytes.subarray(0, 4).toString('latin1')).toBe('wOF2');
      expect(result.bytes.length).toBeLessThan(font.length * 0.8);
      expect(result.report).toMatchObject({ originalBytes: font.length, outputBytes: result.bytes.length, format: 'woff2', mode: 'lossless', kept: false });
    }
  });

  it('is lossless: decoded by another decoder, every table is identical and glyf, though repacked, draws the same outlines', async () => {
    for (const font of [ttf, otf]) {
      const back = await decoded(font);
      expect(fontDifference(font, back)).toBeNull();
      const before = sfntTables(font);
      const after = sfntTables(back);
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [tag, data] of before) if (!['glyf', 'loca', 'head'].includes(tag)) expect(after.get(tag)!.equals(data), tag).toBe(true);
    }
    // WOFF2 rewrote the TrueType glyf table, so the bytes differ and only the outline comparison can say it is the same font.
    const back = await decoded(ttf);
    expect(sfntTables(back).get('glyf')!.equals(sfntTables(ttf).get('glyf')!)).toBe(false);
  });

  it('the lossless check finds a moved point, a changed table or a missing table, and allows what WOFF2 may change in head', async () => {
    const back = await decoded(ttf);
    const tables = sfntTables(back);
    const longOffsets = tables.get('head')!.readInt16BE(50) === 1;
    const loca = tables.get('loca')!;
    const offset = (index: number): number => (longOffsets ? loca.readUInt32BE(index * 4) : loca.readUInt16BE(index * 2) * 2);
    const drawn = [...Array(tables.get('maxp')!.readUInt16BE(4)).keys()].find((index) => offset(index + 1) > offset(index))!;
    // The first glyph that draws something gets its xMin moved by one unit: the bounding box is part of the outline.
    const moved = withTable(back, 'glyf', (glyf) => glyf.writeInt16BE(glyf.readInt16BE(offset(drawn) + 2) + 1, offset(drawn) + 2));
    expect(fontDifference(ttf, moved)).toBe(`glyph ${drawn} differs`);
    // Its first point turned from on-curve to off-curve (a flag bit; no coordinate moves), and its first hinting instruction changed.
    const glyf = tables.get('glyf')!;
    const contours = glyf.readInt16BE(offset(drawn));
    expect(contours).toBeGreaterThan(0);
    const instructionsAt = offset(drawn) + 10 + contours * 2;
    const instructionLength = glyf.readUInt16BE(instructionsAt);
    expect(instructionLength).toBeGreaterThan(0);
    const firstFlag = instructionsAt + 2 + instructionLength;
    expect(fontDifference(ttf, withTable(back, 'glyf', (table) => flipBit(table, firstFlag, 0x01)))).toBe(`glyph ${drawn} differs`);
    expect(fontDifference(ttf, withTable(back, 'glyf', (table) => flipBit(table, instructionsAt + 2, 0x01)))).toBe(`glyph ${drawn} differs`);
    expect(fontDifference(ttf, withTable(back, 'cmap', (cmap) => flipBit(cmap, cmap.length - 1, 0x01)))).toBe('table cmap differs');
    expect(fontDifference(ttf, withTable(back, 'head', (head) => head.writeUInt16BE(head.readUInt16BE(16) ^ 0x0800, 16)))).toBeNull();
    expect(fontDifference(ttf, withTable(back, 'head', (head) => flipBit(head, 18, 0x01)))).toBe('table head differs');
    const renamed = Buffer.from(back);
    const entry = [...Array(renamed.readUInt16BE(4)).keys()].map((index) => 12 + index * 16).find((at) => renamed.toString('latin1', at, at + 4) === 'post')!;
    renamed.write('xost', entry, 'latin1');
    expect(fontDifference(ttf, renamed)).toBe('tables post, xost differ');
  });

  it('refuses what is not a TrueType or OpenType font, with what to do', async () => {
    expect(isConvertibleFont(Buffer.from('not a font at all'), 'brand.ttf')).toBe(false);
    expect(isConvertibleFont(ttf, 'brand.woff')).toBe(false);
    await expect(convertFontToWoff2(Buffer.from('not a font at all'), 'brand.ttf')).rejects.toThrow(OptimizeError);
    await expect(convertFontToWoff2(Buffer.from('not a font at all'), 'brand.ttf')).rejects.toThrow(/brand\.ttf: this is not a TrueType or OpenType font.*font viewer/);
    // An sfnt header whose table directory points past the end.
    const cut = ttf.subarray(0, 200);
    await expect(convertFontToWoff2(cut, 'brand.ttf')).rejects.toThrow(/brand\.ttf: the font could not be read .*Export it again/);
  });
});

describe('fonts in a savings measurement and in recipes', () => {
  it('measures a TTF as a font whose lossless variant is its WOFF2', async () => {
    const measurement = await measureAsset(ttf, 'brand.ttf', SavingsModeSchema.parse({}));
    const woff2 = await convertFontToWoff2(ttf, 'brand.ttf');
    expect(measurement).toMatchObject({ ok: true, kind: 'font', originalTransfer: null });
    expect(measurement.ok && measurement.variants.map((variant) => [variant.kind, variant.report.format, variant.report.outputBytes])).toEqual([['lossless', 'woff2', woff2.bytes.length]]);
    // Not a font inside: measured as any other file.
    expect(await measureAsset(Buffer.from('text'), 'brand.ttf', SavingsModeSchema.parse({}))).toMatchObject({ ok: true, kind: 'other', variants: [] });
  });

  it('prices the WOFF2 like an image variant and counts it in the lossless and the lossy total', async () => {
    const measurement = await measureAsset(ttf, 'brand.ttf', SavingsModeSchema.parse({}));
    const settings = SavingsSettingsSchema.parse({});
    const asset = pricedAsset({ publicPath: 'fonts/brand.ttf', sourcePath: '/src/fonts/brand.ttf', bytes: ttf.length }, ttf.length, measurement, false, settings);
    const [woff2] = asset.variants;
    expect(asset.kind).toBe('font');
    expect(woff2!.savedBytes).toBe(ttf.length - woff2!.bytes);
    // Fonts travel as they are: every download is smaller by the saved bytes.
    expect(woff2!.money.egress).toBeCloseTo(((woff2!.savedBytes * settings.monthlyRequests) / 2 ** 30) * settings.egressPerGb, 12);
    const totals = savingsTotals([asset]);
    expect([totals.lossless.bytes, totals.lossy.bytes]).toEqual([woff2!.bytes, woff2!.bytes]);
    expect(totals.lossy.money.total).toBe(woff2!.money.total);
  });

  it('lets Lossless apply to fonts and says so when another treatment is chosen', () => {
    const paths = ['fonts/brand.ttf', 'fonts/brand.otf', 'img/logo.png'];
    const lossless = checkRecipeRule({ match: 'fonts/**', mode: 'lossless' }, paths);
    expect(lossless.problems).toEqual([]);
    expect(lossless.types).toEqual([{ label: 'OTF', kind: 'font', count: 1 }, { label: 'TTF', kind: 'font', count: 1 }]);
    expect(checkRecipeRule({ match: 'fonts/**', mode: 'auto' }, paths).problems).toEqual([
      'Lossy, auto quality cannot change any of these files. Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images; the 2 matched files are 1 OTF, 1 TTF. Use Lossless: it adds a WOFF2 copy beside each font.',
    ]);
  });

  it('gives the @font-face src that serves the WOFF2 first', () => {
    expect(fontFaceSrc('shop/fonts/Brand-Bold.ttf')).toBe('src: url("Brand-Bold.woff2") format("woff2"), url("Brand-Bold.ttf") format("truetype");');
    expect(fontFaceSrc('brand.OTF')).toBe('src: url("brand.woff2") format("woff2"), url("brand.OTF") format("opentype");');
  });
});
