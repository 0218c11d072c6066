// WhiteNoise's rule for which files get `.br`/`.gz` siblings (whitenoise/compress.py, 6.x), on names and sizes only,
// so the core's collect and the Savings view (which has each file's brotli and gzip sizes) decide alike.

/** WhiteNoise 6.3.0+'s default WHITENOISE_SKIP_COMPRESS_EXTENSIONS: already compressed formats. */
export const whiteNoiseSkipExtensions: readonly string[] = [
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'zip', 'gz', 'tgz', 'bz2', 'tbz', 'xz', 'br', 'swf', 'flv', 'woff', 'woff2',
  '3gp', '3gpp', 'asf', 'avi', 'm4v', 'mov', 'mp4', 'mpeg', 'mpg', 'webm', 'wmv',
];

/** WhiteNoise keeps a compressed copy only at or under 95 % of the original's size. */
export const WHITENOISE_MAX_RATIO = 0.95;

function extensionPattern(extensions: readonly string[]): RegExp {
  // Python's re.compile(r"\.(a|b)$", re.IGNORECASE).search(): `$` also matches before a final newline.
  if (extensions.length === 0) return /^$/;
  const escaped = extensions.map((ext) => ext.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\.(${escaped.join('|')})\\n?$`, 'i');
}

export function isSkippedByWhiteNoise(name: string, skipExtensions: readonly string[] = whiteNoiseSkipExtensions): boolean {
  return extensionPattern(skipExtensions).test(name);
}

export function compressionPays(compressedBytes: number, originalBytes: number): boolean {
  return originalBytes > 0 && compressedBytes / originalBytes <= WHITENOISE_MAX_RATIO;
}

/**
 * The suffixes WhiteNoise (with brotli installed) writes for a file of these sizes: `.br` then `.gz`, `.br` alone, or
 * none; brotli not paying stops it before gzip.
 */
export function whiteNoiseSiblingSuffixes(name: string, sizes: { bytes: number; brotliBytes: number; gzipBytes: number }): Array<'.br' | '.gz'> {
  if (isSkippedByWhiteNoise(name) || !compressionPays(sizes.brotliBytes, sizes.bytes)) return [];
  return compressionPays(sizes.gzipBytes, sizes.bytes) ? ['.br', '.gz'] : ['.br'];
}
