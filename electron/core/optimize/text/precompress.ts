// Transfer sizes and `.br`/`.gz` siblings written byte for byte as WhiteNoise's CompressedManifestStaticFilesStorage
// writes them (whitenoise/compress.py, 6.x), so that Porter's output and collectstatic's are interchangeable.
import { deflateRaw } from 'pako';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, crc32 } from 'node:zlib';
import { compressionPays, isSkippedByWhiteNoise, whiteNoiseSkipExtensions } from '../../../contract/compressed-siblings';

export { isSkippedByWhiteNoise, whiteNoiseSkipExtensions };

export interface Precompressed {
  gzip: Buffer;
  brotli: Buffer;
  gzipBytes: number;
  brotliBytes: number;
}

export interface Sibling {
  name: string;
  bytes: Buffer;
}

export interface WhiteNoiseOptions {
  /** WHITENOISE_SKIP_COMPRESS_EXTENSIONS, without dots; WhiteNoise 6.3.0+'s list when absent. */
  skipExtensions?: readonly string[];
  /** False for a site without the `brotli` package, where WhiteNoise writes only `.gz`. */
  brotli?: boolean;
}

// Python's gzip.GzipFile(filename="", mtime=0, compresslevel=9): no name, no time, XFL 2 (best), OS 255 (unknown).
const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff]);

/**
 * gzip exactly as Python's GzipFile at level 9: pako's deflate (a port of zlib 1.2.x) gives CPython + zlib 1.2.13's
 * bytes, where Node's own zlib (Chromium's fork) differs on most files.
 */
export function gzipLikePython(data: Buffer): Buffer {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(data), 0);
  trailer.writeUInt32LE(data.length % 2 ** 32, 4);
  return Buffer.concat([gzipHeader, deflateRaw(data, { level: 9, windowBits: 15, memLevel: 8 }), trailer]);
}

/** Python `brotli.compress` defaults: quality 11, window 22, generic mode. */
const pythonBrotli = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 11,
    [constants.BROTLI_PARAM_LGWIN]: 22,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
  },
};

export function brotliLikePython(data: Buffer): Buffer {
  return brotliCompressSync(data, pythonBrotli);
}

const brotliAsync = promisify(brotliCompress);

/** The same bytes as brotliLikePython, on libuv's thread pool: quality 11 takes seconds on a large bundle. */
export function brotliLikePythonAsync(data: Buffer): Promise<Buffer> {
  return brotliAsync(data, pythonBrotli);
}

/** What the file weighs on the wire with each encoding (gzip -9, brotli 11): its real transfer size. */
export function precompress(bytes: Buffer): Precompressed {
  const gzip = gzipLikePython(bytes);
  const brotli = brotliLikePython(bytes);
  return { gzip, brotli, gzipBytes: gzip.length, brotliBytes: brotli.length };
}

function effective(compressed: Buffer, original: Buffer): boolean {
  return compressionPays(compressed.length, original.length);
}

/** The siblings WhiteNoise writes next to `name`: `.br` then `.gz`, or none. */
export function whitenoiseSiblings(name: string, bytes: Buffer, options: WhiteNoiseOptions = {}): Sibling[] {
  if (isSkippedByWhiteNoise(name, options.skipExtensions)) return [];
  const siblings: Sibling[] = [];
  if (options.brotli ?? true) {
    const brotli = brotliLikePython(bytes);
    // Brotli not paying off means gzip will not either: WhiteNoise stops here.
    if (!effective(brotli, bytes)) return [];
    siblings.push({ name: `${name}.br`, bytes: brotli });
  }
  const gzip = gzipLikePython(bytes);
  if (effective(gzip, bytes)) siblings.push({ name: `${name}.gz`, bytes: gzip });
  return siblings;
}

/** whitenoiseSiblings with brotli off the calling thread, so several files compress at once and the app stays responsive. */
export async function whitenoiseSiblingsAsync(name: string, bytes: Buffer, options: WhiteNoiseOptions = {}): Promise<Sibling[]> {
  if (isSkippedByWhiteNoise(name, options.skipExtensions)) return [];
  const siblings: Sibling[] = [];
  if (options.brotli ?? true) {
    const brotli = await brotliLikePythonAsync(bytes);
    if (!effective(brotli, bytes)) return [];
    siblings.push({ name: `${name}.br`, bytes: brotli });
  }
  const gzip = gzipLikePython(bytes);
  if (effective(gzip, bytes)) siblings.push({ name: `${name}.gz`, bytes: gzip });
  return siblings;
}
