import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { optimizeAsset } from '../../electron/core/optimize/index';
import { isSkippedByWhiteNoise, precompress, whitenoiseSiblings } from '../../electron/core/optimize/text/index';
import { whitenoiseSiblingsAsync } from '../../electron/core/optimize/text/precompress';

const text = Buffer.from('body { color: #333; margin: 0; }\n'.repeat(200));
const library = readFileSync(new URL('../../node_modules/react/cjs/react.production.js', import.meta.url));

describe('precompress', () => {
  it('writes gzip as Python does: no name, mtime 0, best compression, OS unknown', () => {
    const { gzip } = precompress(text);
    expect([...gzip.subarray(0, 10)]).toEqual([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff]);
    expect(gzip.readUInt32LE(gzip.length - 4)).toBe(text.length);
  });

  it('round-trips through zlib for gzip and brotli, and reports the sizes', () => {
    for (const data of [text, library, Buffer.alloc(0)]) {
      const result = precompress(data);
      expect(gunzipSync(result.gzip)).toEqual(data);
      expect(brotliDecompressSync(result.brotli)).toEqual(data);
      expect(result.gzipBytes).toBe(result.gzip.length);
      expect(result.brotliBytes).toBe(result.brotli.length);
    }
    const { gzipBytes, brotliBytes } = precompress(library);
    expect(brotliBytes).toBeLessThan(gzipBytes);
    expect(gzipBytes).toBeLessThan(library.length / 2);
  });

  it("gives a minified asset's transfer sizes, unless measure is off (as recipes run): then the same bytes, none", async () => {
    const measured = await optimizeAsset(library, 'react.production.js', { mode: 'lossless' });
    const { gzipBytes, brotliBytes } = precompress(measured.bytes);
    expect(measured.transfer).toEqual({ gzipBytes, brotliBytes });
    const unmeasured = await optimizeAsset(library, 'react.production.js', { mode: 'lossless', measure: false });
    expect(unmeasured.bytes.equals(measured.bytes)).toBe(true);
    expect(unmeasured.transfer).toBeNull();
  });
});

describe('whitenoiseSiblings', () => {
  it('gives the same siblings off the main thread (brotli on the thread pool) as on it', async () => {
    const short = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page</title></head><body></body></html>');
    for (const [name, data] of [['react.js', library], ['app.css', text], ['a.html', short], ['noise.bin', randomBytes(2048)], ['logo.png', text]] as const) {
      expect(await whitenoiseSiblingsAsync(name, data), name).toEqual(whitenoiseSiblings(name, data));
    }
  });

  it('writes .br then .gz for text that compresses', () => {
    const siblings = whitenoiseSiblings('css/app.css', text);
    expect(siblings.map((sibling) => sibling.name)).toEqual(['css/app.css.br', 'css/app.css.gz']);
    expect(brotliDecompressSync(siblings[0]?.bytes ?? Buffer.alloc(0))).toEqual(text);
    expect(gunzipSync(siblings[1]?.bytes ?? Buffer.alloc(0))).toEqual(text);
  });

  it('stops when brotli is not effective (ratio above 0.95) or the file is empty: no gzip either', () => {
    expect(whitenoiseSiblings('data.bin', randomBytes(4096))).toEqual([]);
    expect(whitenoiseSiblings('empty.css', Buffer.alloc(0))).toEqual([]);
  });

  it('writes .br alone when brotli passes the 0.95 rule and gzip does not', () => {
    // A short page: brotli's built-in dictionary knows HTML, gzip pays 18 bytes of framing.
    const short = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page</title></head><body></body></html>');
    const { gzipBytes, brotliBytes } = precompress(short);
    expect(brotliBytes / short.length).toBeLessThanOrEqual(0.95);
    expect(gzipBytes / short.length).toBeGreaterThan(0.95);
    expect(whitenoiseSiblings('a.html', short).map((sibling) => sibling.name)).toEqual(['a.html.br']);
  });

  it('writes only .gz when the site has no brotli', () => {
    expect(whitenoiseSiblings('app.js', text, { brotli: false }).map((sibling) => sibling.name)).toEqual(['app.js.gz']);
  });

  it("follows WhiteNoise 6.3.0+'s skip list, case-insensitively, and a project's own list", () => {
    for (const name of ['a.jpg', 'b.JPEG', 'fonts/c.woff2', 'd.mp4', 'e.webm', 'f.tar.gz', 'g.png\n']) {
      expect(isSkippedByWhiteNoise(name)).toBe(true);
    }
    for (const name of ['a.css', 'b.js', 'c.svg', 'd.png.css', 'e.woff2x', 'fpng']) {
      expect(isSkippedByWhiteNoise(name)).toBe(false);
    }
    expect(whitenoiseSiblings('big.PNG', text)).toEqual([]);
    expect(isSkippedByWhiteNoise('a.css', ['css'])).toBe(true);
    expect(isSkippedByWhiteNoise('a.png', [])).toBe(false);
  });
});
