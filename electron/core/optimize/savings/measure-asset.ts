// The variants a savings report shows for one asset, measured with the same optimizeAsset every other caller
// uses: images lossless and lossy, text minified (its only variant), TTF/OTF fonts their WOFF2 conversion (as
// the lossless variant: the same font), anything else none.
import type { SavingsMode } from '../../../contract/porter';
import { isConvertibleFont } from '../fonts/sfnt';
import { isOptimizableImage } from '../images/index';
import { isTextAsset, OptimizeError, optimizeAsset } from '../index';
import { precompress } from '../text/index';
import type { OptimizeOptions } from '../types';
import type { AssetKind, MeasuredVariant, Measurement, VariantKind } from './measurement';

export function assetKind(bytes: Buffer, filename: string): AssetKind {
  if (isTextAsset(filename)) return 'text';
  if (isConvertibleFont(bytes, filename)) return 'font';
  return isOptimizableImage(bytes, filename) ? 'image' : 'other';
}

/** The optimizer options behind each variant of an asset of this kind. */
export function variantOptions(kind: AssetKind, mode: SavingsMode): Array<{ kind: VariantKind; options: OptimizeOptions }> {
  const shared = { format: mode.format, keepCopyright: mode.keepCopyright };
  if (kind === 'text') return [{ kind: 'minified', options: { mode: 'lossless' } }];
  if (kind === 'other' || kind === 'font') return [];
  return [
    { kind: 'lossless', options: { mode: 'lossless', ...shared } },
    { kind: 'lossy', options: { mode: mode.lossyMode, ...shared, ...(mode.quality === undefined ? {} : { quality: mode.quality }) } },
  ];
}

/** Never throws: a file that cannot be optimised comes back as a per-file error. */
export async function measureAsset(bytes: Buffer, filename: string, mode: SavingsMode): Promise<Measurement> {
  try {
    const kind = assetKind(bytes, filename);
    const variants: MeasuredVariant[] = [];
    // Loaded with the first font: the encoder's WebAssembly is a megabyte, and most projects have few fonts.
    if (kind === 'font') {
      const { convertFontToWoff2 } = await import('../fonts/index');
      variants.push({ kind: 'lossless', report: (await convertFontToWoff2(bytes, filename)).report, transfer: null });
    }
    for (const variant of variantOptions(kind, mode)) {
      const result = await optimizeAsset(bytes, filename, variant.options);
      variants.push({ kind: variant.kind, report: result.report, transfer: result.transfer });
    }
    let originalTransfer = null;
    if (kind === 'text') {
      const { gzipBytes, brotliBytes } = precompress(bytes);
      originalTransfer = { gzipBytes, brotliBytes };
    }
    return { ok: true, kind, originalTransfer, variants };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message, lasting: error instanceof OptimizeError };
  }
}
