import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { searchQuality, type Attempt } from '../../electron/core/optimize/images/auto-quality';
import { exifApp1Segment, readExifFields } from '../../electron/core/optimize/images/exif';
import { hasEndOfImage, iccSegments, insertSegments } from '../../electron/core/optimize/images/jpeg-segments';
import { readRights } from '../../electron/core/optimize/images/rights';
import { formatFromName, sniffFormat } from '../../electron/core/optimize/images/sniff-format';

describe('format sniffing', () => {
  it.each([
    ['png', 'png'],
    ['jpeg', 'jpeg'],
    ['gif', 'gif'],
    ['webp', 'webp'],
    ['avif', 'avif'],
  ] as const)('recognises %s from its bytes', async (format, expected) => {
    const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#abcdef' } })
      .toFormat(format)
      .toBuffer();
    expect(sniffFormat(bytes)).toBe(expected);
  });

  it('recognises nothing in text, SVG, empty or short input', () => {
    for (const text of ['', 'GIF', '<svg xmlns="http://www.w3.org/2000/svg"/>', 'RIFF\0\0\0\0WAVEfmt ']) {
      expect(sniffFormat(Buffer.from(text))).toBeNull();
    }
  });

  it('reads the claimed format from the name, case-insensitively', () => {
    expect(formatFromName('a/b/Photo.JPEG')).toBe('jpeg');
    expect(formatFromName('x.jfif')).toBe('jpeg');
    expect(formatFromName('logo.svg')).toBeNull();
    expect(formatFromName('README')).toBeNull();
  });
});

describe('EXIF fields', () => {
  it('writes an APP1 segment that sharp reads back with the same fields and nothing else', async () => {
    const segment = exifApp1Segment({ orientation: 8, artist: 'Ada', copyright: 'Copyright 2025 Example' });
    const jpeg = await sharp({ create: { width: 4, height: 2, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const tagged = insertSegments(jpeg, [segment]);
    const meta = await sharp(tagged).metadata();
    expect(meta.orientation).toBe(8);
    expect(readExifFields(meta.exif)).toEqual({ orientation: 8, artist: 'Ada', copyright: 'Copyright 2025 Example' });
  });

  it('reads big-endian EXIF and multi-part copyright, and treats garbage as empty', () => {
    const ifd = Buffer.alloc(2 + 12 + 4);
    ifd.writeUInt16BE(1, 0);
    ifd.writeUInt16BE(0x8298, 2);
    ifd.writeUInt16BE(2, 4);
    ifd.writeUInt32BE(14, 6);
    ifd.writeUInt32BE(8 + ifd.length, 10);
    const tiff = Buffer.concat([Buffer.from('MM\0\x2a\0\0\0\x08', 'latin1'), ifd, Buffer.from('Photog\0Editor\0', 'latin1')]);
    expect(readExifFields(tiff)).toEqual({ copyright: 'Photog; Editor' });
    expect(readExifFields(Buffer.from('Exif\0\0II*\0\xff\xff\xff\xff', 'latin1'))).toEqual({});
  });

  it('prefers EXIF credit and falls back to XMP dc:rights and dc:creator', () => {
    const xmp = Buffer.from(
      '<dc:creator><rdf:Seq><rdf:li>Ann</rdf:li><rdf:li>Bo &#x263A;</rdf:li></rdf:Seq></dc:creator>' +
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">&lt;c&gt; Studio</rdf:li></rdf:Alt></dc:rights>',
    );
    expect(readRights(undefined, xmp)).toEqual({ copyright: '<c> Studio', artist: 'Ann; Bo ☺' });
    expect(readRights(undefined, undefined)).toBeNull();
  });
});

describe('JPEG segments', () => {
  it('finds every ICC chunk and inserts after JFIF', async () => {
    const withIcc = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#888' } }).withIccProfile('p3').jpeg().toBuffer();
    const chunks = iccSegments(withIcc);
    expect(chunks).toHaveLength(1);
    // SOI, a 6-byte APP0 "JF", then the scan.
    const jfif = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x4a, 0x46, 0xff, 0xda]);
    const out = insertSegments(jfif, chunks);
    expect(out.subarray(0, 8)).toEqual(jfif.subarray(0, 8));
    expect(out.subarray(8, 8 + (chunks[0]?.length ?? 0))).toEqual(chunks[0]);
  });

  it('tells a whole JPEG from one cut short, not fooled by the end marker of a thumbnail', async () => {
    const photo = await sharp({ create: { width: 256, height: 192, channels: 3, background: '#3a6', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    const thumbnail = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0x00, 2 + 6 + thumbnail.length]), Buffer.from('Exif\0\0', 'latin1'), thumbnail]);
    const withThumbnail = insertSegments(photo, [app1]);
    expect(hasEndOfImage(photo)).toBe(true);
    expect(hasEndOfImage(withThumbnail)).toBe(true);
    expect(hasEndOfImage(withThumbnail.subarray(0, withThumbnail.length - 2))).toBe(false);
    expect(hasEndOfImage(withThumbnail.subarray(0, Math.floor(withThumbnail.length * 0.7)))).toBe(false);
    expect(hasEndOfImage(withThumbnail.subarray(0, 40))).toBe(false); // cut inside the header
  });

  it('refuses a header that runs past the end', () => {
    expect(() => iccSegments(Buffer.from([0xff, 0xd8, 0xff, 0xe2, 0x40, 0x00, 0x00]))).toThrow(/past the end/);
  });
});

describe('quality bisection', () => {
  // A fake encoder whose score rises with quality and size with quality.
  const fake = (threshold: number) => {
    const tried: number[] = [];
    const tryQuality = async (quality: number): Promise<Attempt> => {
      tried.push(quality);
      return { quality, bytes: Buffer.alloc(quality * 10), score: quality >= threshold ? 0.995 : 0.98 };
    };
    return { tried, tryQuality };
  };

  it.each([41, 57, 73, 88, 95])('finds threshold q%i in at most 6 encodes', async (threshold) => {
    const { tried, tryQuality } = fake(threshold);
    const result = await searchQuality({ default: 80, min: 40, max: 95 }, 0.99, tryQuality);
    expect(result.met).toBe(true);
    expect(result.best.quality).toBe(threshold);
    expect(tried.length).toBeLessThanOrEqual(6);
  });

  it('returns the best-scoring attempt when nothing meets the target', async () => {
    const { tryQuality } = fake(200);
    const result = await searchQuality({ default: 80, min: 40, max: 95 }, 0.99, tryQuality);
    expect(result.met).toBe(false);
    expect(result.best.quality).toBeGreaterThan(40);
  });
});
