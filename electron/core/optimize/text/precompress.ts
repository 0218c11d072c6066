// Transfer sizes and `.br`/`.gz` siblings written byte for byte as WhiteNoise's CompressedManifestStaticFilesStorage
// writes them (whitenoise/compress.py, 6.x), so that Porter's output and collectstatic's are interchangeable.
import { deflateRaw } from 'pako';
import { brotliCompressSync, constants, crc32 } from 'node:zlib';

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

/** WhiteNoise 6.3.0+'s default skip list: already compressed formats. */
export const whiteNoiseSkipExtensions: readonly string[] = [
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'zip', 'gz', 'tgz', 'bz2', 'tbz', 'xz', 'br', 'swf', 'flv', 'woff', 'woff2',
  '3gp', '3gpp', 'asf', 'avi', 'm4v', 'mov', 'mp4', 'mpeg', 'mpg', 'webm', 'wmv',
];

// Python's gzip.GzipFile(filename="", mtime=0, compresslevel=9): no name, no time, XFL 2 (best), OS 255 (unknown).
const gzipHeader = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff]);
// WhiteNoise keeps a compressed copy only at or under 95% of the original's size.
const maxRatio = 0.95;

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
export function brotliLikePython(data: Buffer): Buffer {
  return brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_GENERIC,
    },
  });
}

/** What the file weighs on the wire with each encoding (gzip -9, brotli 11): its real transfer size. */
export function precompress(bytes: Buffer): Precompressed {
  const gzip = gzipLikePython(bytes);
  const brotli = brotliLikePython(bytes);
  return { gzip, brotli, gzipBytes: gzip.length, brotliBytes: brotli.length };
}

function extensionPattern(extensions: readonly string[]): RegExp {
  // Python's re.compile(r"\.(a|b)$", re.IGNORECASE).search(): `$` also matches before a final newline.
  if (extensions.length === 0) return /^$/;
  const escaped = extensions.map((ext) => ext.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\.(${escaped.join('|')})\\n?$`, 'i');
}

export function isSkippedByWhiteNoise(name: string, skipExtensions: readonly string[] = whiteNoiseSkipExtensions): boolean {
  return extensionPattern(skipExtensions).test(name);
}

function effective(compressed: Buffer, original: Buffer): boolean {
  return original.length > 0 && compressed.length / original.length <= maxRatio;
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
