import { zlibAsync } from '@gfx/zopfli';
import { deflateSync, inflateSync } from 'node:zlib';
import sharp, { type PngOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { idatOverhead, imageData, readChunks, withImageData } from '../../electron/core/optimize/images/png-chunks';
import { FILTER_STRATEGIES, filterRows, pngLayout, unfilter } from '../../electron/core/optimize/images/png-filters';
import { smallestUnderZopfli } from '../../electron/core/optimize/images/png-zopfli';
import { zopfliZlib } from '../../electron/core/optimize/images/zopfli-threads';

// Rows with edges, gradients and noise, so every filter type has something to predict.
function rgba(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4;
      const noise = Math.floor(Math.abs(Math.sin(x * 12.9898 + y * 78.233) * 43758.5453) % 1 * 40);
      data[at] = (x * 7 + noise) & 255;
      data[at + 1] = x < width / 2 ? 30 : 200;
      data[at + 2] = (y * 5 + noise) & 255;
      data[at + 3] = (x + y) % 9 === 0 ? 0 : 255 - noise;
    }
  }
  return data;
}

// sharp writes palettes of 1, 2 or 4 bits a pixel when asked for `bitdepth`, which its type declarations leave out.
const lowBitPalette = (colours: number, bitdepth: 1 | 2 | 4, progressive = false) => ({ palette: true, colours, bitdepth, dither: 0, progressive }) as PngOptions;

const image = (width: number, height: number) => sharp(rgba(width, height), { raw: { width, height, channels: 4 } });

async function decoded(png: Buffer): Promise<Buffer> {
  return sharp(png).ensureAlpha().raw().toBuffer();
}

// Layouts a PNG encoder writes: 8-bit RGBA, 16-bit RGB, 8-bit grey, palettes of 1 and 2 bits a pixel (rows that
// end mid-byte), and Adam7 interlacing (seven passes, some a column wide).
const layouts: Array<[string, () => Promise<Buffer>]> = [
  ['RGBA, 8 bits', () => image(37, 23).png().toBuffer()],
  ['RGB, 16 bits', () => image(37, 23).removeAlpha().toColourspace('rgb16').png().toBuffer()],
  ['grey, 8 bits', () => image(37, 23).removeAlpha().greyscale().png().toBuffer()],
  ['palette, 1 bit', () => image(37, 23).png(lowBitPalette(2, 1)).toBuffer()],
  ['palette, 2 bits, interlaced', () => image(37, 23).png(lowBitPalette(4, 2, true)).toBuffer()],
  ['RGBA, interlaced, 3×2 px (empty passes)', () => image(3, 2).png({ progressive: true }).toBuffer()],
  ['RGBA, interlaced', () => image(37, 23).png({ progressive: true }).toBuffer()],
];

describe('PNG row filters', () => {
  it('undoes the filters of a non-interlaced 8-bit file to exactly the decoded pixels', async () => {
    const png = await image(37, 23).png({ adaptiveFiltering: true }).toBuffer();
    const chunks = readChunks(png);
    const layout = pngLayout(chunks.find((chunk) => chunk.type === 'IHDR')!.data)!;
    expect(unfilter(inflateSync(imageData(chunks)), layout)).toEqual(await sharp(png).raw().toBuffer());
  });

  it.each(layouts)('%s: every strategy writes rows a decoder reads back to the same pixels', async (_label, make) => {
    const png = await make();
    const chunks = readChunks(png);
    const layout = pngLayout(chunks.find((chunk) => chunk.type === 'IHDR')!.data)!;
    const raw = unfilter(inflateSync(imageData(chunks)), layout)!;
    const expected = await decoded(png);
    const written = new Set<string>();
    for (const strategy of FILTER_STRATEGIES) {
      const rows = filterRows(raw, layout, strategy);
      expect(unfilter(rows, layout)).toEqual(raw);
      const refiltered = withImageData(png, chunks, deflateSync(rows));
      expect(await decoded(refiltered)).toEqual(expected);
      written.add(rows.toString('base64'));
    }
    // The strategies really differ (a test that let every strategy write filter 0 would pass the checks above).
    expect(written.size).toBeGreaterThan(2);
  }, 60_000);

  it('a fixed strategy writes its filter type on every row; minsum and entropy choose per row', async () => {
    const png = await image(37, 23).png().toBuffer();
    const chunks = readChunks(png);
    const layout = pngLayout(chunks.find((chunk) => chunk.type === 'IHDR')!.data)!;
    const raw = unfilter(inflateSync(imageData(chunks)), layout)!;
    const types = (rows: Buffer) => Array.from({ length: 23 }, (_, y) => rows[y * (37 * 4 + 1)]);
    for (const type of [0, 1, 2, 3, 4] as const) expect(new Set(types(filterRows(raw, layout, type)))).toEqual(new Set([type]));
    for (const strategy of ['minsum', 'entropy'] as const) expect(new Set(types(filterRows(raw, layout, strategy))).size).toBeGreaterThan(1);
  });

  it('refuses rows that do not fit the header, or a filter type above 4', () => {
    const layout = pngLayout(Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 0, 0, 0, 0]))!;
    expect(layout).toEqual({ filterStep: 1, passes: [{ rows: 2, rowBytes: 2 }] });
    expect(unfilter(Buffer.from([0, 1, 2]), layout)).toBeUndefined();
    expect(unfilter(Buffer.from([0, 1, 2, 5, 3, 4]), layout)).toBeUndefined();
    expect(unfilter(Buffer.from([0, 1, 2, 2, 3, 4]), layout)).toEqual(Buffer.from([1, 2, 4, 6]));
    expect(pngLayout(Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 1, 0, 0, 0]))).toBeUndefined();
  });
});

describe('max effort: zopfli after a filter search', () => {
  it("beats zopfli on the encoder's own filters when another strategy suits the image, with the same pixels", async () => {
    // A gradient with a little noise: unfiltered rows barely repeat, while Sub, Up or Paeth leave small residuals.
    const width = 64;
    const height = 48;
    const data = Buffer.alloc(width * height * 3);
    for (let at = 0; at < data.length; at++) {
      const pixel = Math.floor(at / 3);
      const x = pixel % width;
      const y = Math.floor(pixel / width);
      data[at] = (2 * x + 3 * y + (at % 3) * 40 + (Math.floor(Math.abs(Math.sin(at * 12.9898) * 43758.5453)) % 4)) & 255;
    }
    const png = await sharp(data, { raw: { width, height, channels: 3 } }).png({ adaptiveFiltering: false, compressionLevel: 9 }).toBuffer();
    const chunks = readChunks(png);
    const kept = inflateSync(imageData(chunks));
    const rowTypes = new Set(Array.from({ length: height }, (_, y) => kept[y * (width * 3 + 1)]));
    expect(rowTypes).toEqual(new Set([0]));
    // What max wrote before the search: zopfli on the rows exactly as the encoder filtered them.
    const keptUnderZopfli = idatOverhead(chunks) + (await zlibAsync(kept, { numiterations: 15 })).length;
    const best = await smallestUnderZopfli([png]);
    expect(best.length).toBeLessThan(keptUnderZopfli * 0.9);
    expect(await decoded(best)).toEqual(await decoded(png));
  }, 120_000);

  it('keeps the smallest candidate as it is when no re-deflate is smaller, and stops when cancelled', async () => {
    const tiny = await image(2, 2).png().toBuffer();
    const best = await smallestUnderZopfli([tiny]);
    expect(best.length).toBeLessThanOrEqual(tiny.length);
    expect(await decoded(best)).toEqual(await decoded(tiny));
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(smallestUnderZopfli([tiny], cancelled.signal)).rejects.toThrow();
  });

  it('zopfli on worker threads writes the bytes zopfli writes here, two at once, and an abort stops a run mid-way', async () => {
    const rows = rgba(96, 64);
    const [a, b] = await Promise.all([zopfliZlib(rows, 15), zopfliZlib(rows.subarray(1000), 15)]);
    expect(a.equals(Buffer.from(await zlibAsync(rows, { numiterations: 15 })))).toBe(true);
    expect(inflateSync(b).equals(rows.subarray(1000))).toBe(true);
    // Enough rows for seconds of zopfli: the abort must not wait for them.
    const big = rgba(512, 512);
    const cancelled = new AbortController();
    const run = zopfliZlib(big, 15, cancelled.signal);
    setTimeout(() => cancelled.abort(), 100);
    const started = Date.now();
    await expect(run).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(big.length / 1000);
    // The pool replaced the stopped worker.
    expect(inflateSync(await zopfliZlib(rows, 1)).equals(rows)).toBe(true);
  }, 120_000);
});
