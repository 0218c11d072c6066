// The report's totals: the whole project lossless (images lossless, text minified) and lossy (images lossy,
// text minified). A file that could not be measured counts as kept unchanged.
import type { SavingsAsset, SavingsReport, SavingsVariant } from '../../../contract/porter';
import { addMoney, noMoney, percentSaved } from './money';

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

export function savingsTotals(assets: readonly SavingsAsset[]): Totals {
  return {
    files: assets.length,
    errors: assets.filter((asset) => asset.error !== null).length,
    cached: assets.filter((asset) => asset.cached).length,
    originalBytes: assets.reduce((sum, asset) => sum + asset.originalBytes, 0),
    lossless: total(assets, (asset) => variantOf(asset, 'lossless') ?? variantOf(asset, 'minified')),
    lossy: total(assets, (asset) => variantOf(asset, 'lossy') ?? variantOf(asset, 'minified')),
  };
}
