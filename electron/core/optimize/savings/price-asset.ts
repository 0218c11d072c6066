// Turns one asset's measurement into the report's row: bytes, % saved and money for each variant.
import type { SavingsAsset, SavingsSettings, SavingsVariant } from '../../../contract/porter';
import type { Measurement, MeasuredVariant, Transfer } from './measurement';
import { monthlyMoney, percentSaved, transferSaved } from '../../../contract/savings-pricing';

export interface SavingsFile {
  /** Path under STATIC_URL, e.g. `app1/img/hero.png`. */
  publicPath: string;
  sourcePath: string;
  bytes: number;
}

export function pricedAsset(file: SavingsFile, originalBytes: number, measurement: Measurement, cached: boolean, settings: SavingsSettings): SavingsAsset {
  const base = { publicPath: file.publicPath, sourcePath: file.sourcePath, originalBytes, cached };
  if (!measurement.ok) {
    return { ...base, kind: 'other', originalGzipBytes: null, originalBrotliBytes: null, variants: [], error: measurement.error, complete: true };
  }
  const original = measurement.originalTransfer;
  return {
    ...base,
    kind: measurement.kind,
    originalGzipBytes: original?.gzipBytes ?? null,
    originalBrotliBytes: original?.brotliBytes ?? null,
    variants: measurement.variants.map((variant) => pricedVariant(originalBytes, original, variant, settings)),
    error: null,
    complete: measurement.complete,
  };
}

function pricedVariant(originalBytes: number, originalTransfer: Transfer | null, variant: MeasuredVariant, settings: SavingsSettings): SavingsVariant {
  const { report, transfer } = variant;
  const savedBytes = originalBytes - report.outputBytes;
  const brotliBytes = transfer?.brotliBytes ?? null;
  return {
    kind: variant.kind,
    bytes: report.outputBytes,
    savedBytes,
    percentSaved: percentSaved(originalBytes, savedBytes),
    format: report.format,
    quality: report.quality,
    score: report.score,
    kept: report.kept,
    notes: report.notes,
    gzipBytes: transfer?.gzipBytes ?? null,
    brotliBytes,
    money: monthlyMoney(transferSaved(originalTransfer?.brotliBytes ?? null, { brotliBytes, savedBytes }), savedBytes, settings),
    fallback: report.fallback ?? null,
  };
}
