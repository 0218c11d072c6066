import { readFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp, { type PngOptions, type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { encode } from '../../electron/core/optimize/images/encoders';
import { isOptimizableImage, optimizeImage } from '../../electron/core/optimize/images/index';
import { losslessCandidate } from '../../electron/core/optimize/images/lossless';
import { readExifFields } from '../../electron/core/optimize/images/exif';
import { sniffFormat } from '../../electron/core/optimize/images/sniff-format';
import { inspectImage } from '../../electron/core/optimize/images/source-image';
import { OptimizeError, type LosslessEffort, type OptimizeOptions } from '../../electron/core/optimize/types';

// Every image is generated here, small enough that the whole file (AVIF included) stays well under 30 s on a
// loaded 2-core machine.

interface Fixtures {
  photoPng: Buffer;
  photoJpeg: Buffer;
  screenshotPng: Buffer;
  iconPng: Buffer;
  greyPng: Buffer;
  gif: Buffer;
  animatedGif: Buffer;
  rotatedJpeg: Buffer;
  iccJpeg: Buffer;
  creditedJpeg: Buffer;
  xmpCreditedPng: Buffer;
  palettePng: Buffer;
  paletteAlphaPng: Buffer;
  greyAlphaPng: Buffer;
  deepPng: Buffer;
  deepGreyPng: Buffer;
  textChunkPng: Buffer;
  rotatedPng: Buffer;
  interlacedPng: Buffer;
  interlacedLowBitPalettePng: Buffer;
}

const fixtures = {} as Fixtures;
const saved: string[] = [];

function rawImage(width: number, height: number, channels: 3 | 4, pixel: (x: number, y: number) => number[]): Sharp {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * channels);
  }
  return sharp(data, { raw: { width, height, channels } });
}

// Deterministic grain so sizes are stable from run to run.
function grain(x: number, y: number): number {
  const n = Math.sin(x * 12.9898 + y * 78.233) * 43758.5453;
  return (n - Math.floor(n) - 0.5) * 6;
}

// Smooth light, some texture at a few scales, hard edges and a little sensor grain: compresses like a photo.
const photo = () =>
  rawImage(320, 240, 3, (x, y) => {
    const texture = 18 * Math.sin(x / 5 + Math.sin(y / 9)) * Math.cos(y / 7) + 10 * Math.sin((x + y) / 2.5);
    const disc = Math.hypot(x - 200, y - 110) < 60 ? 70 : 0;
    const light = (x * 120) / 320 + (y * 60) / 240;
    return [
      clamp(60 + light + texture + disc + grain(x, y)),
      clamp(80 + light * 0.8 + texture * 0.7 + grain(y, x)),
      clamp(120 - light * 0.5 + texture * 0.4 - disc + grain(x + 1, y)),
    ];
  });

function clamp(value: number): number {
  return Math.max(0, Math.min(255, Math.round(value)));
}

// Flat panels and "text" strokes: what a UI screenshot compresses like.
const screenshot = () =>
  rawImage(320, 200, 3, (x, y) => {
    if (y < 24) return [40, 44, 52];
    if (x < 64) return [245, 246, 248];
    const text = y % 16 < 2 && (x * 7) % 23 < 15;
    return text ? [30, 30, 30] : [255, 255, 255];
  });

const icon = () =>
  rawImage(64, 64, 4, (x, y) => {
    const d = Math.hypot(x - 31.5, y - 31.5);
    const alpha = d < 26 ? 255 : d < 30 ? Math.round(255 * (30 - d) / 4) : 0;
    return [200, Math.round(x * 3), 90, alpha];
  });

// Left half red, right half blue: after rotation the colours must land where a viewer shows them.
const halves = () => rawImage(120, 80, 3, (x) => (x < 60 ? [220, 20, 20] : [20, 20, 220]));

beforeAll(async () => {
  fixtures.photoPng = await photo().png().toBuffer();
  fixtures.photoJpeg = await photo().jpeg({ quality: 92, optimiseCoding: false }).toBuffer();
  fixtures.screenshotPng = await screenshot().png().toBuffer();
  fixtures.iconPng = await icon().png().toBuffer();
  fixtures.greyPng = await photo().greyscale().png().toBuffer();
  fixtures.gif = await screenshot().gif().toBuffer();
  const frames = await Promise.all([0, 1, 2].map((shift) => screenshot().extract({ left: shift * 20, top: 0, width: 200, height: 120 }).png().toBuffer()));
  fixtures.animatedGif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
  fixtures.rotatedJpeg = await halves().withMetadata({ orientation: 6 }).jpeg({ quality: 90, optimiseCoding: false }).toBuffer();
  fixtures.iccJpeg = await photo().withIccProfile('p3').jpeg({ quality: 90, optimiseCoding: false }).toBuffer();
  fixtures.creditedJpeg = await photo()
    .withExif({ IFD0: { Copyright: 'Copyright 2025 Example Studio', Artist: 'Ada Lovelace', Make: 'SecretCam' } })
    .jpeg({ quality: 90, optimiseCoding: false })
    .toBuffer();
  fixtures.xmpCreditedPng = await screenshot()
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights><rdf:Alt>' +
        '<rdf:li xml:lang="x-default">(c) 2025 Studio &amp; Co</rdf:li></rdf:Alt></dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .png()
    .toBuffer();
  // Few colours (oxipng's exact palette), a palette with transparency (tRNS), grey with alpha, 16-bit colour and
  // grey (libvips widens without scaling, so their samples are 0–255 of 65535: no 8-bit image holds them).
  fixtures.palettePng = await screenshot().png({ palette: true, colours: 16, dither: 0 }).toBuffer();
  fixtures.paletteAlphaPng = await icon().png({ palette: true, colours: 32, dither: 0 }).toBuffer();
  fixtures.greyAlphaPng = await icon().greyscale().png().toBuffer();
  fixtures.deepPng = await photo().toColourspace('rgb16').png().toBuffer();
  fixtures.deepGreyPng = await photo().greyscale().toColourspace('grey16').png().toBuffer();
  fixtures.textChunkPng = await screenshot().withMetadata({ orientation: 1 }).withExif({ IFD0: { Make: 'SecretCam' } }).png().toBuffer();
  fixtures.rotatedPng = await halves().withMetadata({ orientation: 6 }).png().toBuffer();
  fixtures.interlacedPng = await icon().png({ progressive: true }).toBuffer();
  fixtures.interlacedLowBitPalettePng = await screenshot()
    // 2 bits a pixel: sharp takes `bitdepth`, which its type declarations leave out.
    .png({ palette: true, colours: 4, bitdepth: 2, dither: 0, progressive: true } as PngOptions)
    .toBuffer();
}, 30_000);

/** Decoded pixels as a viewer sees them: orientation applied, one RGBA layout whatever the format. */
/** A two-frame APNG: the first frame as the default image (IDAT), the second as fdAT, as APNG encoders write it. */
async function animatedPng(): Promise<Buffer> {
  const chunk = (type: string, data: Buffer) => {
    const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(12 + data.length);
    framed.writeUInt32BE(data.length, 0);
    typed.copy(framed, 4);
    framed.writeUInt32BE(zlib.crc32(typed), 8 + data.length);
    return framed;
  };
  const chunksOf = (png: Buffer) => {
    const found: Array<{ type: string; data: Buffer }> = [];
    for (let at = 8; at < png.length; at += 12 + png.readUInt32BE(at)) {
      found.push({ type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + png.readUInt32BE(at)) });
    }
    return found;
  };
  const frameControl = (sequence: number) => {
    const data = Buffer.alloc(26);
    data.writeUInt32BE(sequence, 0);
    data.writeUInt32BE(16, 4);
    data.writeUInt32BE(16, 8);
    data.writeUInt16BE(1, 20);
    data.writeUInt16BE(10, 22);
    return chunk('fcTL', data);
  };
  const [first, second] = await Promise.all(
    ['#f00', '#00f'].map((background) => sharp({ create: { width: 16, height: 16, channels: 4, background } }).png({ compressionLevel: 0 }).toBuffer()),
  );
  const animation = Buffer.alloc(8);
  animation.writeUInt32BE(2, 0);
  const head = chunksOf(first!);
  const parts = [first!.subarray(0, 8), chunk('IHDR', head.find((c) => c.type === 'IHDR')!.data), chunk('acTL', animation), frameControl(0)];
  for (const c of head.filter((c) => c.type === 'IDAT')) parts.push(chunk('IDAT', c.data));
  parts.push(frameControl(1));
  let sequence = 2;
  for (const c of chunksOf(second!).filter((c) => c.type === 'IDAT')) {
    const numbered = Buffer.alloc(4);
    numbered.writeUInt32BE(sequence++);
    parts.push(chunk('fdAT', Buffer.concat([numbered, c.data])));
  }
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

async function pixels(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes, { animated: true, autoOrient: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/**
 * Samples as 16-bit RGBA, widened the way the PNG spec does (8-bit v → v × 257; libvips' own conversion to 16 bits does not scale
 * instead), so an exact 8-bit reduction compares equal and any rounded sample does not.
 */
async function deepPixels(bytes: Buffer): Promise<{ data: Uint16Array; width: number; height: number }> {
  // Each side in its own colour space: libvips' default conversion to sRGB is not exact for 16-bit grey.
  const meta = await sharp(bytes).metadata();
  const { data, info } = await sharp(bytes)
    .toColourspace(meta.space)
    .raw({ depth: meta.depth === 'ushort' ? 'ushort' : 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const deep = meta.depth === 'ushort';
  const sample = (i: number) => (deep ? data.readUInt16LE(i * 2) : data[i]! * 257);
  const { channels, width, height } = info;
  const out = new Uint16Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const at = p * channels;
    const colour = channels >= 3 ? [sample(at), sample(at + 1), sample(at + 2)] : [sample(at), sample(at), sample(at)];
    const alpha = channels === 2 || channels === 4 ? sample(at + channels - 1) : 65535;
    out.set([...colour, alpha], p * 4);
  }
  return { data: out, width, height };
}

async function expectSameDeepPixels(original: Buffer, output: Buffer): Promise<void> {
  const [a, b] = await Promise.all([deepPixels(original), deepPixels(output)]);
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
}

async function expectSamePixels(original: Buffer, output: Buffer): Promise<void> {
  const [a, b] = await Promise.all([pixels(original), pixels(output)]);
  expect([b.width, b.height]).toEqual([a.width, a.height]);
  expect(b.data.equals(a.data)).toBe(true);
}

const run = (bytes: Buffer, name: string, options: OptimizeOptions) => optimizeImage(bytes, name, options);

function record(label: string, original: number, output: number, started: number): void {
  saved.push(`${label}: ${original} → ${output} B (${(100 * (1 - output / original)).toFixed(1)}% saved, ${Date.now() - started} ms)`);
}

describe('lossless paths keep every pixel', () => {
  const cases: Array<[string, keyof Fixtures, 'png' | 'jpeg' | 'webp' | 'avif' | 'gif']> = [
    ['PNG photo → PNG (zlib 9, adaptive filtering)', 'photoPng', 'png'],
    ['PNG screenshot → PNG', 'screenshotPng', 'png'],
    ['PNG icon with alpha → PNG', 'iconPng', 'png'],
    ['greyscale PNG → PNG', 'greyPng', 'png'],
    ['JPEG → JPEG (coefficient transcode)', 'photoJpeg', 'jpeg'],
    ['EXIF-rotated JPEG → JPEG', 'rotatedJpeg', 'jpeg'],
    ['JPEG with ICC → JPEG', 'iccJpeg', 'jpeg'],
    ['PNG photo → WebP lossless', 'photoPng', 'webp'],
    ['PNG icon with alpha → WebP lossless', 'iconPng', 'webp'],
    ['JPEG → WebP lossless', 'photoJpeg', 'webp'],
    ['PNG screenshot → AVIF lossless', 'screenshotPng', 'avif'],
    ['PNG icon with alpha → AVIF lossless', 'iconPng', 'avif'],
    ['GIF → GIF', 'gif', 'gif'],
    ['animated GIF → GIF, every frame', 'animatedGif', 'gif'],
  ];
  it.each(cases)('%s', async (label, key, target) => {
    const original = fixtures[key];
    const format = sniffFormat(original);
    if (!format) throw new Error('fixture is not an image');
    const started = Date.now();
    const source = await inspectImage(original, `${key}`, format, 100_000_000);
    const outcome = await losslessCandidate(source, target, false);
    if ('unavailable' in outcome) throw new Error(outcome.unavailable);
    record(`lossless ${label} (candidate)`, original.length, outcome.bytes.length, started);
    expect(sniffFormat(outcome.bytes)).toBe(target);
    await expectSamePixels(original, outcome.bytes);
  });

  it('public API: lossless PNG and JPEG save bytes, score 1, no quality, identical pixels', async () => {
    for (const [bytes, name] of [
      [fixtures.screenshotPng, 'shot.png'],
      [fixtures.photoJpeg, 'photo.jpg'],
    ] as const) {
      const started = Date.now();
      const result = await run(bytes, name, { mode: 'lossless' });
      record(`lossless ${name} (public)`, bytes.length, result.bytes.length, started);
      expect(result.report).toMatchObject({ kept: false, quality: null, score: 1, mode: 'lossless', originalBytes: bytes.length });
      expect(result.report.outputBytes).toBe(result.bytes.length);
      expect(result.bytes.length).toBeLessThan(bytes.length);
      await expectSamePixels(bytes, result.bytes);
    }
  });

  it('lossless JPEG is the progressive coefficient transcode (what jpegtran -progressive writes), same pixels', async () => {
    const baseline = fixtures.photoJpeg;
    expect((await sharp(baseline).metadata()).isProgressive).toBe(false);
    const result = await run(baseline, 'photo.jpg', { mode: 'lossless' });
    expect((await sharp(result.bytes).metadata()).isProgressive).toBe(true);
    await expectSamePixels(baseline, result.bytes);
  });

  it('re-encoding lossy WebP as "lossless" does not pay: original kept, 0 saved', async () => {
    const lossyWebp = await photo().webp({ quality: 60 }).toBuffer();
    const result = await run(lossyWebp, 'photo.webp', { mode: 'lossless' });
    expect(result.report).toMatchObject({ kept: true, outputBytes: lossyWebp.length, format: 'webp' });
    expect(result.bytes).toBe(lossyWebp);
    expect(result.report.notes.join(' ')).toMatch(/not smaller.*original is kept/);
  });

  it('16-bit PNG, fast effort: lossless is reported unavailable instead of silently dropping to 8 bits', async () => {
    const result = await run(fixtures.deepPng, 'deep.png', { mode: 'lossless', effort: 'fast' });
    expect(result.report.kept).toBe(true);
    expect(result.report.notes.join(' ')).toMatch(/16 bits per channel/);
  });

  it('16-bit PNG, rotated by EXIF: the rotation goes through an 8-bit encoder, so it is refused', async () => {
    const deepRotated = await halves().toColourspace('rgb16').withMetadata({ orientation: 6 }).png().toBuffer();
    const result = await run(deepRotated, 'deep-rotated.png', { mode: 'lossless' });
    expect(result.report.kept).toBe(true);
    expect(result.report.notes.join(' ')).toMatch(/16 bits per channel/);
  });

  const pngCases: Array<[string, keyof Fixtures]> = [
    ['photo', 'photoPng'],
    ['screenshot', 'screenshotPng'],
    ['icon with alpha', 'iconPng'],
    ['greyscale', 'greyPng'],
    ['grey with alpha', 'greyAlphaPng'],
    ['palette (16 colours)', 'palettePng'],
    ['palette with transparency', 'paletteAlphaPng'],
    ['EXIF-rotated', 'rotatedPng'],
    ['with EXIF to strip', 'textChunkPng'],
    ['interlaced, with alpha', 'interlacedPng'],
    ['interlaced palette, 2 bits', 'interlacedLowBitPalettePng'],
  ];
  const efforts: LosslessEffort[] = ['fast', 'balanced', 'max'];
  it.each(efforts.flatMap((effort) => pngCases.map(([label, key]) => [effort, label, key] as const)))('PNG %s effort, %s: every pixel kept', async (effort, label, key) => {
    const original = fixtures[key];
    const started = Date.now();
    const source = await inspectImage(original, `${key}.png`, 'png', 100_000_000);
    const outcome = await losslessCandidate(source, 'png', false, undefined, effort);
    if ('unavailable' in outcome) throw new Error(outcome.unavailable);
    record(`lossless PNG ${label}, ${effort}`, original.length, outcome.bytes.length, started);
    expect(sniffFormat(outcome.bytes)).toBe('png');
    await expectSamePixels(original, outcome.bytes);
    // Max runs zopfli (WebAssembly, seconds per image) and the machine running the suite may be busy.
  }, 180_000);

  it.each(['balanced', 'max'] as const)('16-bit PNG, %s effort: kept at 16 bits, every sample exact', async (effort) => {
    for (const [bytes, name] of [
      [fixtures.deepPng, 'deep.png'],
      [fixtures.deepGreyPng, 'deep-grey.png'],
    ] as const) {
      expect((await sharp(bytes).metadata()).depth).toBe('ushort');
      const source = await inspectImage(bytes, name, 'png', 100_000_000);
      const outcome = await losslessCandidate(source, 'png', false, undefined, effort);
      if ('unavailable' in outcome) throw new Error(outcome.unavailable);
      await expectSameDeepPixels(bytes, outcome.bytes);
    }
  }, 180_000);

  it('smallest wins: max is no larger than fast or balanced', async () => {
    for (const key of ['photoPng', 'screenshotPng', 'iconPng', 'palettePng'] as const) {
      const source = await inspectImage(fixtures[key], `${key}.png`, 'png', 100_000_000);
      const sizes: number[] = [];
      for (const effort of efforts) {
        const outcome = await losslessCandidate(source, 'png', false, undefined, effort);
        if ('unavailable' in outcome) throw new Error(outcome.unavailable);
        sizes.push(outcome.bytes.length);
      }
      expect(sizes[2]).toBeLessThanOrEqual(Math.min(sizes[0]!, sizes[1]!));
    }
  }, 300_000);

  it('the oxipng path strips EXIF like the zlib path, and keeps the ICC profile and the credit when asked', async () => {
    const stripped = await run(fixtures.textChunkPng, 'exif.png', { mode: 'lossless' });
    expect((await sharp(stripped.bytes).metadata()).exif).toBeUndefined();
    const withIcc = await photo().withIccProfile('p3').png().toBuffer();
    const kept = await run(withIcc, 'p3.png', { mode: 'lossless' });
    expect((await sharp(kept.bytes).metadata()).icc?.equals((await sharp(withIcc).metadata()).icc!)).toBe(true);
    const credited = await screenshot().withExif({ IFD0: { Copyright: 'Copyright 2025 Example Studio', Make: 'SecretCam' } }).png().toBuffer();
    const keptCredit = await run(credited, 'credit.png', { mode: 'lossless', keepCopyright: true });
    const fields = readExifFields((await sharp(keptCredit.bytes).metadata()).exif!);
    expect(fields).toMatchObject({ copyright: 'Copyright 2025 Example Studio' });
    await expectSamePixels(credited, keptCredit.bytes);
  });
});

describe('lossy and auto', () => {
  // The lossy encoders themselves: preferLossless, which may pick the lossless file instead, has its own tests.
  it.each([
    ['JPEG → mozjpeg q70', 'photoJpeg', 'photo.jpg', { mode: 'lossy', quality: 70 }, 'jpg'],
    ['PNG screenshot → palette q80', 'screenshotPng', 'shot.png', { mode: 'lossy' }, 'png'],
    ['PNG icon → palette q80', 'iconPng', 'icon.png', { mode: 'lossy' }, 'png'],
    ['PNG photo → WebP q80', 'photoPng', 'photo.png', { mode: 'lossy', format: 'webp' }, 'webp'],
    ['JPEG → AVIF q50', 'photoJpeg', 'photo.jpg', { mode: 'lossy', format: 'avif' }, 'avif'],
  ] as Array<[string, keyof Fixtures, string, OptimizeOptions, string]>)('%s is smaller, scored below 1, with its quality', async (label, key, name, options, format) => {
    const original = fixtures[key];
    const started = Date.now();
    const result = await run(original, name, { ...options, compareLossless: false });
    record(`lossy ${label} (score ${result.report.score?.toFixed(4)})`, original.length, result.bytes.length, started);
    expect(result.report.kept).toBe(false);
    expect(result.report.format).toBe(format);
    expect(result.bytes.length).toBeLessThan(original.length);
    expect(result.report.quality).toBe(options.quality ?? (format === 'avif' ? 50 : 80));
    expect(result.report.score).toBeGreaterThan(0.8);
    expect(result.report.score).toBeLessThanOrEqual(1);
  });

  it('auto finds the lowest quality that meets the target, and a stricter target costs bytes', async () => {
    const started = Date.now();
    const relaxed = await run(fixtures.photoJpeg, 'photo.jpg', { mode: 'auto' });
    record(`auto JPEG (target 0.99 → q${relaxed.report.quality}, score ${relaxed.report.score?.toFixed(4)})`, fixtures.photoJpeg.length, relaxed.bytes.length, started);
    const strict = await run(fixtures.photoJpeg, 'photo.jpg', { mode: 'auto', targetScore: 0.995 });
    expect(relaxed.report.score).toBeGreaterThanOrEqual(0.99);
    expect(strict.report.score).toBeGreaterThanOrEqual(0.995);
    expect(strict.report.quality).toBeGreaterThan(relaxed.report.quality ?? 100);
    expect(strict.bytes.length).toBeGreaterThan(relaxed.bytes.length);
    // One quality step lower must miss the target, or the search stopped too early.
    const lower = await run(fixtures.photoJpeg, 'photo.jpg', { mode: 'lossy', quality: (relaxed.report.quality ?? 0) - 1 });
    expect(lower.report.score).toBeLessThan(0.99);
  });

  it('keeps every frame of an animation', async () => {
    const result = await run(fixtures.animatedGif, 'spinner.gif', { mode: 'lossy', quality: 50 });
    expect((await sharp(result.bytes, { animated: true }).metadata()).pages).toBe(3);
    expect(result.report.notes.join(' ')).toMatch(/first frame/);
  });

  it('animated GIF → animated WebP only as a lossy choice: every frame kept; lossless keeps the GIF', async () => {
    // Photo frames: where a lossy WebP beats GIF's palettes (on flat UI frames GIF stays smaller and is kept).
    const frames = await Promise.all([0, 1, 2].map((shift) => photo().extract({ left: shift * 20, top: 0, width: 200, height: 120 }).png().toBuffer()));
    const photoGif = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const lossy = await run(photoGif, 'anim.gif', { mode: 'lossy', format: 'webp', quality: 80 });
    expect(lossy.report.kept).toBe(false);
    expect(sniffFormat(lossy.bytes)).toBe('webp');
    expect((await sharp(lossy.bytes, { animated: true }).metadata()).pages).toBe(3);
    const lossless = await run(fixtures.animatedGif, 'anim.gif', { mode: 'lossless', format: 'webp' });
    expect(lossless.report.format).toBe('gif');
    expect(lossless.report.notes.join(' ')).toMatch(/GIF stays GIF in lossless mode/);
  });

  it('keeps an animated PNG as it is in every mode, since re-encoding would keep only its first frame', async () => {
    const apng = await animatedPng();
    for (const options of [{ mode: 'lossless' }, { mode: 'lossy' }, { mode: 'auto', format: 'webp' }] as OptimizeOptions[]) {
      const result = await run(apng, 'loader.png', options);
      expect(result.bytes.equals(apng)).toBe(true);
      expect(result.report).toMatchObject({ kept: true, outputBytes: apng.length });
      expect(result.report.notes.join(' ')).toMatch(/Animated PNG: .* first frame, .* lose the animation\. The original is kept\./);
    }
  });

  it('keeps an AVIF image sequence as it is: only its still image would be re-encoded', async () => {
    const still = await sharp(fixtures.iconPng).avif({ quality: 90 }).toBuffer();
    // The same file listing the image-sequence brand (avis) among its compatible brands, as animated AVIFs do;
    // libheif still reads its primary image.
    const sequence = Buffer.from(still);
    const miaf = sequence.indexOf('miaf');
    expect(miaf).toBeGreaterThan(0);
    expect(miaf).toBeLessThan(sequence.readUInt32BE(0));
    sequence.write('avis', miaf, 'latin1');
    const result = await run(sequence, 'spinner.avif', { mode: 'lossy', quality: 40 });
    expect(result.bytes.equals(sequence)).toBe(true);
    expect(result.report.notes.join(' ')).toMatch(/Animated AVIF: .* The original is kept\./);
    expect((await run(still, 'still.avif', { mode: 'lossy', quality: 40 })).report.notes.join(' ')).not.toMatch(/Animated/);
  });

  it('auto says so when no quality in range reaches the target, and falls back to lossless', async () => {
    const result = await run(fixtures.photoPng, 'photo.png', { mode: 'auto', format: 'webp', targetScore: 0.999999 });
    expect(result.report.notes.join(' ')).toMatch(/no quality up to q95 reaches 0.999999/);
    const lossless = await run(fixtures.photoPng, 'photo.png', { mode: 'lossless', format: 'webp' });
    expect(result.report).toMatchObject({ mode: 'auto', fallback: 'target-missed', quality: null, score: 1, outputBytes: lossless.report.outputBytes });
    expect(result.bytes.equals(lossless.bytes)).toBe(true);
    expect(result.report.notes.at(-1)).toMatch(/No lossy quality reached the target, so the lossless version is used/);
  });

  it('never ships more than lossless: the demo banner, whose lossy PNG is 8× its lossless one, gets the lossless bytes', async () => {
    const banner = readFileSync(path.join(import.meta.dirname, '../../demo/shop/static/shop/img/banner.png'));
    const lossless = await run(banner, 'banner.png', { mode: 'lossless' });
    const [auto, fixed, bare] = await Promise.all([
      run(banner, 'banner.png', { mode: 'auto', measure: false }),
      run(banner, 'banner.png', { mode: 'lossy', quality: 95, measure: false }),
      run(banner, 'banner.png', { mode: 'lossy', quality: 95, compareLossless: false }),
    ]);
    expect(bare.bytes.length).toBeGreaterThan(lossless.bytes.length);
    for (const result of [auto, fixed]) {
      expect(result.bytes.equals(lossless.bytes)).toBe(true);
      expect(result.report).toMatchObject({ score: 1, quality: null, kept: false });
    }
    expect(auto.report.fallback).toBe('target-missed');
    expect(fixed.report.fallback).toBe('lossless-smaller');
    expect(fixed.report.notes.at(-1)).toBe('The lossless version is smaller than PNG q95 and keeps every pixel, so it is used.');
    expect(bare.report.fallback).toBeUndefined();
  }, 60_000);

  it('never outputs a larger file: a tiny image is kept with a note', async () => {
    const tiny = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#123456' } }).png({ compressionLevel: 9 }).toBuffer();
    for (const options of [{ mode: 'lossless' }, { mode: 'lossy' }, { mode: 'lossy', format: 'avif' }] as OptimizeOptions[]) {
      const result = await run(tiny, 'dot.png', options);
      expect(result.bytes.length).toBeLessThanOrEqual(tiny.length);
      if (result.report.kept) {
        expect(result.bytes).toBe(tiny);
        expect(result.report).toMatchObject({ format: 'png', outputBytes: tiny.length, quality: null, score: 1 });
        expect(result.report.notes.join(' ')).toMatch(/original is kept/);
      }
    }
  });
});

describe('metadata', () => {
  it('honours EXIF orientation: lossy rotates the pixels, lossless keeps only the tag', async () => {
    const lossy = await run(fixtures.rotatedJpeg, 'r.jpg', { mode: 'lossy' });
    const meta = await sharp(lossy.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([80, 120, 1]);
    // Orientation 6 = rotate 90° clockwise: the red left half ends up on top.
    const { data } = await sharp(lossy.bytes).raw().toBuffer({ resolveWithObject: true });
    const topLeft = [...data.subarray(0, 3)];
    expect(topLeft[0]).toBeGreaterThan(150);
    expect(topLeft[2]).toBeLessThan(100);

    const lossless = await run(fixtures.rotatedJpeg, 'r.jpg', { mode: 'lossless' });
    expect((await sharp(lossless.bytes).metadata()).orientation).toBe(6);
    await expectSamePixels(fixtures.rotatedJpeg, lossless.bytes);
  });

  it('keeps the ICC profile byte for byte on lossless, lossy and converted outputs', async () => {
    const icc = (await sharp(fixtures.iccJpeg).metadata()).icc;
    expect(icc).toBeDefined();
    for (const options of [{ mode: 'lossless' }, { mode: 'lossy' }, { mode: 'lossy', format: 'webp' }] as OptimizeOptions[]) {
      const result = await run(fixtures.iccJpeg, 'p3.jpg', options);
      expect(result.report.kept).toBe(false);
      expect((await sharp(result.bytes).metadata()).icc?.equals(icc as Buffer)).toBe(true);
    }
  });

  it('strips EXIF by default and keeps only Copyright and Artist when asked', async () => {
    for (const options of [{ mode: 'lossless' }, { mode: 'lossy' }, { mode: 'lossy', format: 'webp' }] as OptimizeOptions[]) {
      const stripped = await run(fixtures.creditedJpeg, 'c.jpg', options);
      const strippedExif = (await sharp(stripped.bytes).metadata()).exif;
      expect(readExifFields(strippedExif)).toEqual({});
      expect(strippedExif?.includes('SecretCam') ?? false).toBe(false);

      const credited = await run(fixtures.creditedJpeg, 'c.jpg', { ...options, keepCopyright: true });
      const exif = (await sharp(credited.bytes).metadata()).exif;
      expect(readExifFields(exif)).toMatchObject({ copyright: 'Copyright 2025 Example Studio', artist: 'Ada Lovelace' });
      expect(exif?.includes('SecretCam')).toBe(false);
    }
  });

  it('carries an XMP-only dc:rights over as EXIF Copyright, and drops the XMP packet', async () => {
    const result = await run(fixtures.xmpCreditedPng, 'x.png', { mode: 'lossless', keepCopyright: true });
    const meta = await sharp(result.bytes).metadata();
    expect(readExifFields(meta.exif).copyright).toBe('(c) 2025 Studio & Co');
    expect(meta.xmp).toBeUndefined();
  });
});

describe('hostile input gives a clear per-file error or note', () => {
  it('a .png that is really a JPEG is optimised as a JPEG, with a note', async () => {
    const result = await run(fixtures.photoJpeg, 'img/hero.png', { mode: 'lossless' });
    expect(result.report.format).toBe('jpg');
    expect(sniffFormat(result.bytes)).toBe('jpeg');
    expect(result.report.notes.join(' ')).toMatch(/img\/hero\.png is really a JPEG file, not PNG.*Rename it to \.jpg/);
  });

  it('a .png that is not an image throws OptimizeError naming the file', async () => {
    const text = Buffer.from('<!doctype html><p>404</p>');
    expect(isOptimizableImage(text, 'logo.png')).toBe(true);
    expect(isOptimizableImage(text, 'notes.txt')).toBe(false);
    await expect(run(text, 'logo.png', { mode: 'lossless' })).rejects.toThrow(OptimizeError);
    await expect(run(text, 'logo.png', { mode: 'lossless' })).rejects.toThrow(/logo\.png: not a PNG, JPEG, GIF, WebP or AVIF image/);
  });

  it.each([
    ['PNG', 'photoPng', 'cut.png', 'lossless'],
    ['PNG', 'photoPng', 'cut.png', 'lossy'],
    ['JPEG', 'photoJpeg', 'cut.jpg', 'lossless'],
    ['JPEG', 'photoJpeg', 'cut.jpg', 'auto'],
  ] as Array<[string, keyof Fixtures, string, OptimizeOptions['mode']]>)('a truncated %s (%s, %s) throws OptimizeError', async (label, key, name, mode) => {
    const original = fixtures[key];
    const truncated = Buffer.from(original.subarray(0, Math.floor(original.length / 2)));
    await expect(run(truncated, name, { mode })).rejects.toThrow(new RegExp(`${name}: the ${label} data could not be decoded.*truncated or corrupt`));
  });

  it('refuses images over the pixel limit before decoding them', async () => {
    await expect(run(fixtures.photoPng, 'big.png', { mode: 'lossy', maxPixels: 10_000 })).rejects.toThrow(
      /big\.png: 320×240 is 0\.1 MP, over the 0\.0 MP limit that guards against decompression bombs/,
    );
    // A 50 000 × 50 000 header on a few bytes of data: the default 100 MP limit stops it from the header alone.
    const bomb = Buffer.from(fixtures.iconPng);
    bomb.writeUInt32BE(50_000, 16);
    bomb.writeUInt32BE(50_000, 20);
    bomb.writeUInt32BE(zlib.crc32(bomb.subarray(12, 29)), 29);
    const started = Date.now();
    await expect(run(bomb, 'bomb.png', { mode: 'lossless' })).rejects.toThrow(/2500\.0 MP, over the 100\.0 MP limit/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('encoders agree: the same quality gives the same bytes in lossy mode and in a direct encode', async () => {
    const source = await inspectImage(fixtures.photoJpeg, 'photo.jpg', 'jpeg', 100_000_000);
    const direct = await encode(source, 'jpeg', 70, false);
    const result = await run(fixtures.photoJpeg, 'photo.jpg', { mode: 'lossy', quality: 70 });
    expect(result.bytes.equals(direct)).toBe(true);
  });

  it('measure off (as recipes run): the same bytes, no score; auto still scores, to search', async () => {
    for (const [key, name] of [['photoJpeg', 'photo.jpg'], ['iconPng', 'icon.png']] as Array<[keyof Fixtures, string]>) {
      const measured = await run(fixtures[key], name, { mode: 'lossy', quality: 70 });
      const unmeasured = await run(fixtures[key], name, { mode: 'lossy', quality: 70, measure: false });
      expect(unmeasured.bytes.equals(measured.bytes)).toBe(true);
      expect(measured.report.score).toBeGreaterThan(0.8);
      expect(unmeasured.report).toEqual({ ...measured.report, score: null });
    }
    const auto = await run(fixtures.photoJpeg, 'photo.jpg', { mode: 'auto', measure: false });
    expect(auto.report.score).toBeGreaterThanOrEqual(0.99);
  });
});

describe('savings on the generated images', () => {
  it('prints bytes saved per path', () => {
    console.log(saved.join('\n'));
    expect(saved.length).toBeGreaterThan(0);
  });
});
