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

export type Measurement =
  | { ok: true; kind: AssetKind; originalTransfer: Transfer | null; variants: MeasuredVariant[] }
  /** `lasting`: the same bytes would fail again (a broken image), so the failure may be cached. */
  | { ok: false; error: string; lasting: boolean };
