// The Savings table's rows, filters, sorting and the where-are-the-bytes breakdown, as pure functions over the
// core's report, so what the view shows is exactly the report's numbers.
import type { SavingsAsset, SavingsReport, SavingsVariant } from '../../../../electron/contract/porter';
import { whiteNoiseSiblingSuffixes } from '../../../../electron/contract/compressed-siblings';
import { bestVideoVariant } from '../../../../electron/contract/savings-pricing';

export type AssetKind = SavingsAsset['kind'];
export type KindFilter = 'all' | AssetKind;
export type SortKey = 'path' | 'original' | 'lossless' | 'lossy' | 'minified' | 'transfer' | 'saved' | 'money';
export type SortDirection = 'ascending' | 'descending';
export interface SortOrder {
  key: SortKey;
  direction: SortDirection;
}

export interface SavingsRow {
  publicPath: string;
  kind: AssetKind;
  originalBytes: number;
  lossless: SavingsVariant | null;
  lossy: SavingsVariant | null;
  minified: SavingsVariant | null;
  /** A video's variants, one per codec (MP4 first); empty for other files. */
  videos: SavingsVariant[];
  /** A video's sample note (long videos are measured on samples); null otherwise. */
  sampleNote: string | null;
  /** Why no video could be measured (no FFmpeg): the same for every video, so shown once above the table. */
  videoUnavailable: string | null;
  /** What a browser downloads of the best variant: brotli for text, the bytes themselves for images. */
  transferBytes: number;
  /** The most any variant saves, and that variant's monthly money. */
  bestSavedBytes: number;
  bestMoney: number;
  error: string | null;
  /** The `.br`/`.gz` copies collect's compressed-copies option writes beside the file as it is (WhiteNoise's rule). */
  siblings: Array<'.br' | '.gz'>;
  /** False while the slow numbers (lossy, brotli transfer) are still to come. */
  complete: boolean;
}

const variant = (asset: SavingsAsset, kind: SavingsVariant['kind']) => asset.variants.find((each) => each.kind === kind) ?? null;

export function savingsRows(report: SavingsReport): SavingsRow[] {
  return report.assets.map((asset) => {
    const lossless = variant(asset, 'lossless');
    const lossy = variant(asset, 'lossy');
    const minified = variant(asset, 'minified');
    const videos = asset.variants.filter((each) => each.kind === 'video');
    // A video variant larger than the original is shown but is not the row's best: the original would be kept.
    const best = [lossless, lossy, minified, bestVideoVariant(asset) ?? null].reduce<SavingsVariant | null>((top, each) => (each && (!top || each.savedBytes > top.savedBytes) ? each : top), null);
    const transferBytes = minified?.brotliBytes ?? best?.bytes ?? asset.originalBrotliBytes ?? asset.originalBytes;
    return {
      publicPath: asset.publicPath,
      kind: asset.kind,
      originalBytes: asset.originalBytes,
      lossless,
      lossy,
      minified,
      videos,
      sampleNote: asset.video?.sampleNote ?? null,
      videoUnavailable: asset.video?.unavailable ?? null,
      transferBytes,
      bestSavedBytes: best?.savedBytes ?? 0,
      bestMoney: best?.money.total ?? 0,
      error: asset.error,
      siblings: siblingsOf(asset),
      complete: asset.complete,
    };
  });
}

function siblingsOf(asset: SavingsAsset): Array<'.br' | '.gz'> {
  if (asset.error || asset.originalBrotliBytes === null || asset.originalGzipBytes === null) return [];
  return whiteNoiseSiblingSuffixes(asset.publicPath, { bytes: asset.originalBytes, brotliBytes: asset.originalBrotliBytes, gzipBytes: asset.originalGzipBytes });
}

export function filterRows(rows: SavingsRow[], kind: KindFilter, text: string): SavingsRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((row) => (kind === 'all' || row.kind === kind) && (!needle || row.publicPath.toLowerCase().includes(needle)));
}

const sortValue: Record<SortKey, (row: SavingsRow) => number | string> = {
  path: (row) => row.publicPath,
  original: (row) => row.originalBytes,
  // Rows without the variant sort after every row with one, whichever the direction.
  lossless: (row) => row.lossless?.bytes ?? Number.NaN,
  lossy: (row) => row.lossy?.bytes ?? Number.NaN,
  minified: (row) => row.minified?.bytes ?? Number.NaN,
  transfer: (row) => row.transferBytes,
  saved: (row) => row.bestSavedBytes,
  money: (row) => row.bestMoney,
};

export function sortRows(rows: SavingsRow[], order: SortOrder): SavingsRow[] {
  const value = sortValue[order.key];
  const sign = order.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const left = value(a);
    const right = value(b);
    if (typeof left === 'string' || typeof right === 'string') return sign * String(left).localeCompare(String(right));
    if (Number.isNaN(left) || Number.isNaN(right)) return Number.isNaN(left) ? (Number.isNaN(right) ? 0 : 1) : -1;
    return sign * (left - right) || a.publicPath.localeCompare(b.publicPath);
  });
}

/** Clicking the sorted column flips it; another column starts with the biggest first (paths A–Z). */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'path' ? 'ascending' : 'descending' };
}

export interface BreakdownSlice {
  label: string;
  originalBytes: number;
  savedBytes: number;
  files: number;
}

export type BreakdownBy = 'type' | 'folder';

/** Where the bytes are: by file type (extension) or by top folder of the public path, largest first. */
export function breakdown(rows: SavingsRow[], by: BreakdownBy, limit = 8): BreakdownSlice[] {
  const slices = new Map<string, BreakdownSlice>();
  for (const row of rows) {
    const label = by === 'type' ? extensionOf(row.publicPath) : folderOf(row.publicPath);
    const slice = slices.get(label) ?? { label, originalBytes: 0, savedBytes: 0, files: 0 };
    slice.originalBytes += row.originalBytes;
    slice.savedBytes += row.bestSavedBytes;
    slice.files += 1;
    slices.set(label, slice);
  }
  const sorted = [...slices.values()].sort((a, b) => b.originalBytes - a.originalBytes || a.label.localeCompare(b.label));
  if (sorted.length <= limit) return sorted;
  const rest = sorted.slice(limit - 1).reduce(
    (sum, slice) => ({ ...sum, originalBytes: sum.originalBytes + slice.originalBytes, savedBytes: sum.savedBytes + slice.savedBytes, files: sum.files + slice.files }),
    { label: `${sorted.length - limit + 1} others`, originalBytes: 0, savedBytes: 0, files: 0 },
  );
  return [...sorted.slice(0, limit - 1), rest];
}

function extensionOf(publicPath: string): string {
  const name = publicPath.slice(publicPath.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '(no extension)';
}

function folderOf(publicPath: string): string {
  const parts = publicPath.split('/');
  return parts.length > 2 ? `${parts[0]}/${parts[1]}/` : parts.length === 2 ? `${parts[0]}/` : '(top level)';
}

/** The optimisers name the file at the start of their messages; the row already shows it, on its own line. */
export function withoutName(message: string, publicPath: string): string {
  const name = publicPath.slice(publicPath.lastIndexOf('/') + 1);
  for (const prefix of [`${publicPath}: `, `${name}: `]) {
    if (message.startsWith(prefix)) {
      const rest = message.slice(prefix.length);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return message;
}
