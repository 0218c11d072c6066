// The savings report's money, as arithmetic on its bytes and settings: the core prices a fresh report with it, and
// the UI reprices a measured report with it when downloads a month or a price changes, without measuring again.
// Cloud egress and storage are billed per GB of 2^30 bytes (AWS's definition), so prices given per GB apply to that.
import type { SavingsAsset, SavingsMoney, SavingsReport, SavingsSettings, SavingsVariant } from './porter';

export const BYTES_PER_GB = 2 ** 30;

/**
 * `transferSaved` is what each download gets smaller by (for text, after compression), paid on every request;
 * `storedSaved` is what the stored copy gets smaller by, paid once a month.
 */
export function monthlyMoney(transferSaved: number, storedSaved: number, settings: SavingsSettings): SavingsMoney {
  const egress = ((transferSaved * settings.monthlyRequests) / BYTES_PER_GB) * settings.egressPerGb;
  const storage = (storedSaved / BYTES_PER_GB) * settings.storagePerGbMonth;
  return { egress, storage, total: egress + storage };
}

export const noMoney: SavingsMoney = { egress: 0, storage: 0, total: 0 };

export function addMoney(a: SavingsMoney, b: SavingsMoney): SavingsMoney {
  return { egress: a.egress + b.egress, storage: a.storage + b.storage, total: a.total + b.total };
}

/** Percent of `original` saved, 0 for an empty file. */
export function percentSaved(original: number, saved: number): number {
  return original === 0 ? 0 : (saved / original) * 100;
}

/** Text travels compressed, so its downloads shrink by the brotli difference; images travel as they are. */
export function transferSaved(originalBrotliBytes: number | null, variant: Pick<SavingsVariant, 'brotliBytes' | 'savedBytes'>): number {
  return originalBrotliBytes !== null && variant.brotliBytes !== null ? originalBrotliBytes - variant.brotliBytes : variant.savedBytes;
}

type Totals = SavingsReport['totals'];
type Total = Totals['lossless'];

function total(assets: readonly SavingsAsset[], pick: (asset: SavingsAsset) => SavingsVariant | undefined): Total {
  let bytes = 0;
  let savedBytes = 0;
  let money = noMoney;
  for (const asset of assets) {
    const variant = pick(asset);
    bytes += variant?.bytes ?? asset.originalBytes;
    savedBytes += variant?.savedBytes ?? 0;
    if (variant) money = addMoney(money, variant.money);
  }
  const originalBytes = bytes + savedBytes;
  return { bytes, savedBytes, percentSaved: percentSaved(originalBytes, savedBytes), money };
}

const variantOf = (asset: SavingsAsset, kind: SavingsVariant['kind']) => asset.variants.find((variant) => variant.kind === kind);

/** A video's smallest variant, when it is smaller than the original: what the lossy choice would ship. */
export function bestVideoVariant(asset: Pick<SavingsAsset, 'variants'>): SavingsVariant | undefined {
  return asset.variants.filter((variant) => variant.kind === 'video' && variant.savedBytes > 0).sort((a, b) => a.bytes - b.bytes)[0];
}

/**
 * The whole project lossless (images lossless, text minified, fonts WOFF2) and lossy (images lossy, text minified,
 * fonts WOFF2, videos their smallest variant). A file that could not be measured counts as kept unchanged. An image whose lossy variant is still
 * being measured counts its lossless one: the lossy variant is never larger (preferLossless), so the running total
 * only goes down.
 */
export function savingsTotals(assets: readonly SavingsAsset[]): Totals {
  return {
    files: assets.length,
    errors: assets.filter((asset) => asset.error !== null).length,
    cached: assets.filter((asset) => asset.cached).length,
    originalBytes: assets.reduce((sum, asset) => sum + asset.originalBytes, 0),
    lossless: total(assets, (asset) => variantOf(asset, 'lossless') ?? variantOf(asset, 'minified')),
    // A font's WOFF2 is lossless and its only variant, so it is what the lossy choice ships too.
    lossy: total(assets, (asset) => variantOf(asset, 'lossy') ?? variantOf(asset, 'lossless') ?? variantOf(asset, 'minified') ?? bestVideoVariant(asset)),
  };
}

/** A price as typed: "$0.085", "$0.09", "$1.5", never rounded away. */
export function formatPrice(dollars: number): string {
  return `$${dollars.toLocaleString('en', { minimumFractionDigits: dollars < 1 ? 2 : 0, maximumFractionDigits: 6 })}`;
}

/** How the money was worked out, naming the values in use. */
export function pricingNotes(settings: SavingsSettings): string[] {
  return [
    `Money is an estimate at ${settings.monthlyRequests.toLocaleString('en')} downloads a month of every file, ${formatPrice(settings.egressPerGb)}/GB egress ` +
      `and ${formatPrice(settings.storagePerGbMonth)}/GB-month storage: Porter cannot know how often each file is downloaded, so set downloads a month and the prices to match your site.`,
    'Egress is priced on what travels: CSS, JS, HTML, JSON and SVG on their brotli-compressed size, other files on their size; ' +
      'storage on the stored size. Prices are per GB of 2^30 bytes, as cloud providers bill.',
  ];
}

/** The same report at other prices or download counts: every money figure again, bytes untouched. */
export function repriceReport(report: SavingsReport, settings: SavingsSettings): SavingsReport {
  const assets = report.assets.map((asset) => ({
    ...asset,
    variants: asset.variants.map((variant) => ({ ...variant, money: monthlyMoney(transferSaved(asset.originalBrotliBytes, variant), variant.savedBytes, settings) })),
  }));
  return { ...report, settings, assets, totals: savingsTotals(assets), notes: pricingNotes(settings) };
}
