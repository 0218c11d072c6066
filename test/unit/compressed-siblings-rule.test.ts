import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { whiteNoiseSiblingSuffixes } from '../../electron/contract/compressed-siblings';
import { compressedSiblingKeys, objectHeaders } from '../../electron/core/push/object-headers';
import { uploadEncodingFor } from '../../electron/core/push/content-encoding';
import { precompress, whitenoiseSiblings } from '../../electron/core/optimize/text/index';

const library = readFileSync(new URL('../../node_modules/react/cjs/react.production.js', import.meta.url));
const page = Buffer.from('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Page</title></head><body></body></html>');
const samples: Array<[string, Buffer]> = [
  ['js/react.js', library],
  ['page.html', page],
  ['noise.bin', randomBytes(2048)],
  ['empty.css', Buffer.alloc(0)],
  ['img/flat.png', Buffer.alloc(4096)],
  ['fonts/icons.WOFF2', Buffer.alloc(4096)],
  ['docs/readme.txt', Buffer.from('plain words, repeated. '.repeat(50))],
];

describe("WhiteNoise's sibling rule on sizes (the Savings view's)", () => {
  it('names the same siblings as compressing the bytes does', () => {
    for (const [name, bytes] of samples) {
      const { brotliBytes, gzipBytes } = precompress(bytes);
      const bySizes = whiteNoiseSiblingSuffixes(name, { bytes: bytes.length, brotliBytes, gzipBytes }).map((suffix) => name + suffix);
      expect(bySizes, name).toEqual(whitenoiseSiblings(name, bytes).map((sibling) => sibling.name));
    }
    expect(whiteNoiseSiblingSuffixes('page.html', { bytes: page.length, ...precompress(page) })).toEqual(['.br']);
    expect(whiteNoiseSiblingSuffixes('img/flat.png', { bytes: 4096, brotliBytes: 10, gzipBytes: 20 })).toEqual([]);
  });
});

describe('headers and encodings of pushed objects', () => {
  it("describes a sibling by its base file's type and its suffix's encoding, and a lone .gz as an archive", () => {
    const siblings = compressedSiblingKeys(['css/app.css', 'css/app.css.br', 'css/app.css.gz', 'data/dump.json.gz']);
    expect([...siblings].sort()).toEqual(['css/app.css.br', 'css/app.css.gz']);
    expect(objectHeaders('css/app.css.br', false, {}, { sibling: true })).toMatchObject({ contentType: 'text/css; charset=utf-8', contentEncoding: 'br' });
    expect(objectHeaders('css/app.css.gz', true, {}, { sibling: true })).toMatchObject({ contentType: 'text/css; charset=utf-8', contentEncoding: 'gzip', cacheControl: 'public, max-age=31536000, immutable' });
    expect(objectHeaders('data/dump.json.gz', false)).toEqual({ contentType: 'application/gzip', cacheControl: 'public, max-age=300' });
    expect(objectHeaders('js/app.js', false, {}, { encoding: 'br' })).toMatchObject({ contentType: 'text/javascript; charset=utf-8', contentEncoding: 'br' });
  });

  it('pre-compresses text from 1,000 bytes, never images, siblings or the manifest', () => {
    expect(uploadEncodingFor('js/app.js', 1000, 'br')).toBe('br');
    expect(uploadEncodingFor('js/app.js', 999, 'br')).toBeNull();
    expect(uploadEncodingFor('js/app.js', 5000, undefined)).toBeNull();
    expect(uploadEncodingFor('img/hero.JPG', 50_000, 'gzip')).toBeNull();
    expect(uploadEncodingFor('css/app.css.gz', 50_000, 'gzip')).toBeNull();
    expect(uploadEncodingFor('staticfiles.json', 50_000, 'gzip')).toBeNull();
  });
});
