// What a worker sends back for one asset: the optimizers' reports for each variant, never the optimised bytes
// (the report only needs sizes, and the cache keeps this as JSON).
import type { OptimizeReport } from '../types';

export type AssetKind = 'image' | 'text' | 'font' | 'other';
export type VariantKind = 'lossless' | 'lossy' | 'minified';

export interface Transfer {
  gzipBytes: number;
  brotliBytes: number;
}

export interface MeasuredVariant {
  kind: VariantKind;
  report: OptimizeReport;
  transfer: Transfer | null;
}

/**
 * Measured in two phases so a report's rows appear at once: `quick` has what is cheap (lossless images, minified
 * text); the refined measurement adds what is slow (lossy images, brotli-11 sizes of text) and is `complete`.
 */
export type MeasurePhase = 'quick' | 'refined';

export type Measurement =
  | { ok: true; kind: AssetKind; originalTransfer: Transfer | null; variants: MeasuredVariant[]; complete: boolean }
  /** `lasting`: the same bytes would fail again (a broken image), so the failure may be cached. */
  | { ok: false; error: string; lasting: boolean };
