import { describe, expect, it } from 'vitest';
import { SavingsSettingsSchema } from '../../electron/contract/porter';
import { BYTES_PER_GB, monthlyMoney } from '../../electron/core/optimize/savings/index';
import type { Measurement } from '../../electron/core/optimize/savings/measurement';
import { pricedAsset } from '../../electron/core/optimize/savings/price-asset';
import { pricingNotes, repriceReport, savingsTotals } from '../../electron/contract/savings-pricing';
import type { OptimizeReport } from '../../electron/core/optimize/types';

const defaults = SavingsSettingsSchema.parse({});

function report(outputBytes: number, extra: Partial<OptimizeReport> = {}): OptimizeReport {
  return { originalBytes: 0, outputBytes, format: 'png', mode: 'lossless', quality: null, score: 1, kept: false, notes: [], ...extra };
}

describe('savings money', () => {
  it('defaults to S3 list prices and 10,000 requests a month', () => {
    expect(defaults).toEqual({ monthlyRequests: 10_000, egressPerGb: 0.09, storagePerGbMonth: 0.023 });
  });

  it('prices egress per request and storage once, per GB of 2^30 bytes', () => {
    const money = monthlyMoney(BYTES_PER_GB, BYTES_PER_GB, { monthlyRequests: 1000, egressPerGb: 0.09, storagePerGbMonth: 0.023 });
    expect(money.egress).toBeCloseTo(90, 10);
    expect(money.storage).toBeCloseTo(0.023, 10);
    expect(money.total).toBeCloseTo(90.023, 10);
    // 100 KB saved, 10,000 downloads: about 0.95 GB of egress.
    expect(monthlyMoney(100 * 1024, 100 * 1024, defaults).egress).toBeCloseTo((100 * 1024 * 10_000 * 0.09) / 2 ** 30, 12);
    expect(monthlyMoney(0, 0, defaults)).toEqual({ egress: 0, storage: 0, total: 0 });
  });

  it('prices images on their bytes and text on what travels with brotli', () => {
    const file = { publicPath: 'a', sourcePath: '/a', bytes: 0 };
    const image: Measurement = { ok: true, kind: 'image', originalTransfer: null, variants: [{ kind: 'lossless', report: report(600), transfer: null }], complete: true };
    const imageRow = pricedAsset(file, 1000, image, false, defaults);
    expect(imageRow.variants[0]).toMatchObject({ bytes: 600, savedBytes: 400, percentSaved: 40, money: monthlyMoney(400, 400, defaults) });

    const text: Measurement = {
      ok: true,
      kind: 'text',
      originalTransfer: { gzipBytes: 300, brotliBytes: 250 },
      variants: [{ kind: 'minified', report: report(700, { format: 'css' }), transfer: { gzipBytes: 240, brotliBytes: 200 } }],
      complete: true,
    };
    const textRow = pricedAsset(file, 1000, text, true, defaults);
    expect(textRow).toMatchObject({ kind: 'text', originalBrotliBytes: 250, cached: true, error: null });
    expect(textRow.variants[0]).toMatchObject({ savedBytes: 300, brotliBytes: 200, money: monthlyMoney(50, 300, defaults) });
  });

  it('totals lossless and lossy across kinds and counts an unmeasured file as kept', () => {
    const file = { publicPath: 'a', sourcePath: '/a', bytes: 0 };
    const image: Measurement = {
      ok: true,
      kind: 'image',
      originalTransfer: null,
      variants: [
        { kind: 'lossless', report: report(900), transfer: null },
        { kind: 'lossy', report: report(300), transfer: null },
      ],
      complete: true,
    };
    const text: Measurement = { ok: true, kind: 'text', originalTransfer: null, variants: [{ kind: 'minified', report: report(50), transfer: null }], complete: true };
    const broken: Measurement = { ok: false, error: 'bad', lasting: true };
    const rows = [pricedAsset(file, 1000, image, false, defaults), pricedAsset(file, 100, text, false, defaults), pricedAsset(file, 400, broken, false, defaults)];
    const totals = savingsTotals(rows);
    expect(totals).toMatchObject({ files: 3, errors: 1, cached: 0, originalBytes: 1500 });
    expect(totals.lossless).toMatchObject({ bytes: 900 + 50 + 400, savedBytes: 150, percentSaved: 10 });
    expect(totals.lossy).toMatchObject({ bytes: 300 + 50 + 400, savedBytes: 750, percentSaved: 50 });
    expect(totals.lossy.money.total).toBeCloseTo(monthlyMoney(750, 750, defaults).total, 12);
  });

  it('counts an image whose lossy search is still running at its lossless size, never at its original one', () => {
    const file = { publicPath: 'a', sourcePath: '/a', bytes: 0 };
    const quick: Measurement = { ok: true, kind: 'image', originalTransfer: null, variants: [{ kind: 'lossless', report: report(100), transfer: null }], complete: false };
    const row = pricedAsset(file, 1000, quick, false, defaults);
    expect(row.complete).toBe(false);
    const totals = savingsTotals([row]);
    expect(totals.lossy).toEqual(totals.lossless);
    expect(totals.lossy).toMatchObject({ bytes: 100, savedBytes: 900 });
  });

  it('reprices a report to exactly what pricing it afresh at the new settings gives', () => {
    const file = { publicPath: 'a', sourcePath: '/a', bytes: 0 };
    const measurements: Array<[number, Measurement]> = [
      [1000, { ok: true, kind: 'image', originalTransfer: null, variants: [{ kind: 'lossless', report: report(900), transfer: null }, { kind: 'lossy', report: report(300), transfer: null }], complete: true }],
      [1000, { ok: true, kind: 'text', originalTransfer: { gzipBytes: 300, brotliBytes: 250 }, variants: [{ kind: 'minified', report: report(700, { format: 'css' }), transfer: { gzipBytes: 240, brotliBytes: 200 } }], complete: true }],
      [400, { ok: false, error: 'bad', lasting: true }],
    ];
    const priced = (settings: typeof defaults) => measurements.map(([bytes, measurement]) => pricedAsset(file, bytes, measurement, false, settings));
    const assets = priced(defaults);
    const measured = { root: '/r', settings: defaults, mode: { lossyMode: 'auto' as const, format: 'keep' as const, keepCopyright: false }, assets, totals: savingsTotals(assets), notes: pricingNotes(defaults), elapsedMs: 1 };
    const other = { monthlyRequests: 250_000, egressPerGb: 0.085, storagePerGbMonth: 0.02 };
    const repriced = repriceReport(measured, other);
    expect(repriced.assets).toEqual(priced(other));
    expect(repriced.totals).toEqual(savingsTotals(priced(other)));
    expect(repriced.settings).toEqual(other);
    expect(repriced.notes[0]).toMatch(/^Money is an estimate at 250,000 downloads a month of every file, \$0\.085\/GB egress and \$0\.02\/GB-month storage/);
    expect(measured.settings).toEqual(defaults);
  });
});
