// Both sides of the image compare: the original and one treatment of it, as data URLs with their sizes and the
// perceptual score. A screen-size preview downsizes the original first (in its own format, at top quality, so a
// lossy JPEG preview still shows JPEG artefacts) and encodes that, which is fast enough to follow a slider; the
// full-size call encodes the real file and gives the numbers Porter would write.
import path from 'node:path';
import sharp from 'sharp';
import type { ImagePreview } from '../../../contract/porter';
import { optimizeImage } from '../images/index';
import { EXTENSION_OF, sniffFormat, type RasterFormat } from '../images/sniff-format';
import { DEFAULT_MAX_PIXELS } from '../images/source-image';
import { OptimizeError, type OptimizeOptions } from '../types';

const MIME_OF: Record<RasterFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif' };
const MIME_OF_EXTENSION: Record<string, string> = Object.fromEntries(Object.entries(EXTENSION_OF).map(([format, extension]) => [extension, MIME_OF[format as RasterFormat]]));

/**
 * `options.signal` answers at once with its abort reason; the work stops at the next encoder call it would start
 * (the one under way cannot be interrupted, and its result is dropped).
 */
export async function previewImage(bytes: Buffer, filename: string, options: OptimizeOptions, maxSide?: number): Promise<ImagePreview> {
  const started = performance.now();
  const { signal } = options;
  signal?.throwIfAborted();
  const format = sniffFormat(bytes);
  if (!format) throw new OptimizeError(`${filename}: not a PNG, JPEG, GIF, WebP or AVIF image, so there is nothing to compare.`);
  const original = maxSide === undefined ? bytes : await abortable(downsized(bytes, format, maxSide, options.maxPixels ?? DEFAULT_MAX_PIXELS), signal);
  // The downsized original carries the source's extension so the optimiser keeps the source's format.
  const name = maxSide === undefined ? filename : `${path.basename(filename, path.extname(filename))}.${EXTENSION_OF[format]}`;
  const result = await abortable(optimizeImage(original, name, options), signal);
  const [sourceSize, originalSize, variantSize] = await abortable(Promise.all([pixelSize(bytes), pixelSize(original), pixelSize(result.bytes)]), signal);
  return {
    original: { dataUrl: dataUrl(original, MIME_OF[format]), bytes: original.length, ...originalSize },
    variant: {
      dataUrl: dataUrl(result.bytes, MIME_OF_EXTENSION[result.report.format] ?? MIME_OF[format]),
      bytes: result.bytes.length,
      ...variantSize,
      format: result.report.format,
      quality: result.report.quality,
      score: result.report.score,
      kept: result.report.kept,
      notes: result.report.notes,
      fallback: result.report.fallback ?? null,
    },
    fullSize: maxSide === undefined,
    sourceWidth: sourceSize.width,
    sourceHeight: sourceSize.height,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** `work`, or the signal's abort as soon as it comes; `work` still settles, unobserved. */
function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason as Error);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

async function downsized(bytes: Buffer, format: RasterFormat, maxSide: number, maxPixels: number): Promise<Buffer> {
  const image = sharp(bytes, { limitInputPixels: maxPixels, autoOrient: true }).resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'webp':
      return image.webp({ lossless: true }).toBuffer();
    case 'avif':
      return image.avif({ lossless: true }).toBuffer();
    // Still a GIF (the first frame), so the treatment previewed is the one a GIF gets.
    case 'gif':
      return image.gif().toBuffer();
    case 'png':
      return image.png().toBuffer();
  }
}

async function pixelSize(bytes: Buffer): Promise<{ width: number; height: number }> {
  const meta = await sharp(bytes, { limitInputPixels: false, autoOrient: true }).metadata();
  return { width: meta.autoOrient?.width ?? meta.width, height: meta.autoOrient?.height ?? meta.height };
}

function dataUrl(bytes: Buffer, mime: string): string {
  return `data:${mime};base64,${bytes.toString('base64')}`;
}
