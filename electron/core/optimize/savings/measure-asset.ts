// The variants a savings report shows for one asset, measured with the same optimizeAsset every other caller
// uses: images lossless and lossy, text minified (its only variant), anything else none.
import type { SavingsMode } from '../../../contract/porter';
import { isOptimizableImage } from '../images/index';
import { isTextAsset, OptimizeError, optimizeAsset } from '../index';
import { precompress } from '../text/index';
import type { OptimizeOptions } from '../types';
import type { AssetKind, Measurement, VariantKind } from './measurement';

export function assetKind(bytes: Buffer, filename: string): AssetKind {
  if (isTextAsset(filename)) return 'text';
  return isOptimizableImage(bytes, filename) ? 'image' : 'other';
}

/** The optimizer options behind each variant of an asset of this kind. */
export function variantOptions(kind: AssetKind, mode: SavingsMode): Array<{ kind: VariantKind; options: OptimizeOptions }> {
  const shared = { format: mode.format, keepCopyright: mode.keepCopyright };
  if (kind === 'text') return [{ kind: 'minified', options: { mode: 'lossless' } }];
  if (kind === 'other') return [];
  return [
    { kind: 'lossless', options: { mode: 'lossless', ...shared } },
    { kind: 'lossy', options: { mode: mode.lossyMode, ...shared, ...(mode.quality === undefined ? {} : { quality: mode.quality }) } },
  ];
}

/** Never throws: a file that cannot be optimised comes back as a per-file error. */
export async function measureAsset(bytes: Buffer, filename: string, mode: SavingsMode): Promise<Measurement> {
  try {
    const kind = assetKind(bytes, filename);
    const variants = [];
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
