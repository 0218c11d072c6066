// The variants a savings report shows for one asset, measured with the same optimizeAsset every other caller
// uses: images lossless and lossy, text minified (its only variant), TTF/OTF fonts their WOFF2 conversion (as the
// lossless variant: the same font), anything else none. Two calls per asset: the quick one gives the cheap numbers
// (lossless, minified) so a row can be shown at once; the refined one adds the slow ones (the lossy search,
// brotli-11 transfer sizes, a font's WOFF2, itself brotli-11), reusing the quick one's lossless report as lossy's floor.
import type { SavingsMode } from '../../../contract/porter';
import { isConvertibleFont } from '../fonts/sfnt';
import { isOptimizableImage, lossyTarget, preferLossless } from '../images/index';
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

/** Both phases in one call. Never throws, like the phases. */
export async function measureAsset(bytes: Buffer, filename: string, mode: SavingsMode): Promise<Measurement> {
  const quick = await measureQuick(bytes, filename, mode);
  return quick.ok && !quick.complete ? measureRefined(bytes, filename, mode, quick) : quick;
}

/** Lossless images and minified text, without transfer sizes; complete only for a kind with nothing more to measure. */
export function measureQuick(bytes: Buffer, filename: string, mode: SavingsMode): Promise<Measurement> {
  return measured(async () => {
    const kind = assetKind(bytes, filename);
    const cheap = variantOptions(kind, mode).filter((variant) => variant.kind !== 'lossy');
    const variants: MeasuredVariant[] = [];
    for (const variant of cheap) {
      const result = await optimizeAsset(bytes, filename, { ...variant.options, measure: false });
      variants.push({ kind: variant.kind, report: result.report, transfer: null });
    }
    return { ok: true, kind, originalTransfer: null, variants, complete: kind === 'other' };
  });
}

/** Everything: the quick measurement's lossless variant stands, and is the floor of the lossy one (preferLossless). */
export function measureRefined(bytes: Buffer, filename: string, mode: SavingsMode, quick: Extract<Measurement, { ok: true }>): Promise<Measurement> {
  return measured(async () => {
    const { kind } = quick;
    // Loaded with the first font: the encoder's WebAssembly is a megabyte, and most projects have few fonts.
    if (kind === 'font') {
      const { convertFontToWoff2 } = await import('../fonts/index');
      const woff2 = await convertFontToWoff2(bytes, filename);
      return { ok: true, kind, originalTransfer: null, variants: [{ kind: 'lossless', report: woff2.report, transfer: null }], complete: true };
    }
    if (kind === 'text') {
      const [minified] = variantOptions(kind, mode);
      const result = await optimizeAsset(bytes, filename, minified!.options);
      const { gzipBytes, brotliBytes } = precompress(bytes);
      return { ok: true, kind, originalTransfer: { gzipBytes, brotliBytes }, variants: [{ kind: 'minified', report: result.report, transfer: result.transfer }], complete: true };
    }
    const variants = [...quick.variants];
    const lossless = variants.find((variant) => variant.kind === 'lossless');
    const lossy = variantOptions(kind, mode).find((variant) => variant.kind === 'lossy');
    if (lossless && lossy) {
      const result = await optimizeAsset(bytes, filename, { ...lossy.options, compareLossless: false });
      const chosen = preferLossless({ report: result.report }, { report: lossless.report }, lossyTarget(lossy.options));
      variants.push({ kind: 'lossy', report: chosen.report, transfer: null });
    }
    return { ok: true, kind, originalTransfer: null, variants, complete: true };
  });
}

/** A file that cannot be optimised comes back as a per-file error. */
async function measured(work: () => Promise<Measurement>): Promise<Measurement> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: message, lasting: error instanceof OptimizeError };
  }
}
