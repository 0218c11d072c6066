import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImagePreview, RecipeCheck, SavingsAsset, SavingsReport, SavingsVariant } from '../../electron/contract/porter';
import { createAppStores } from '../../renderer/src/create-app-stores';
import { previewMaxSide, reencodeDebounceMs } from '../../renderer/src/features/savings/compare-store';
import { breakdown, filterRows, nextSort, savingsRows, sortRows, withoutName } from '../../renderer/src/features/savings/savings-rows';
import { reportMeasuredOtherwise } from '../../renderer/src/features/savings/savings-store';
import { formatMoney } from '../../renderer/src/lib/format';
import { fakeBridge, memoryRecent } from '../support/fake-bridge';

const money = (total: number) => ({ egress: total, storage: 0, total });

function variant(kind: SavingsVariant['kind'], bytes: number, original: number, extra: Partial<SavingsVariant> = {}): SavingsVariant {
  const savedBytes = original - bytes;
  return { kind, bytes, savedBytes, percentSaved: (savedBytes / original) * 100, format: 'png', quality: null, score: null, kept: savedBytes === 0, notes: [], gzipBytes: null, brotliBytes: null, money: money(savedBytes / 1e6), fallback: null, ...extra };
}

function asset(publicPath: string, kind: SavingsAsset['kind'], originalBytes: number, variants: SavingsVariant[], error: string | null = null): SavingsAsset {
  return { publicPath, sourcePath: `/site/${publicPath}`, kind, originalBytes, originalGzipBytes: null, originalBrotliBytes: kind === 'text' ? Math.round(originalBytes / 4) : null, variants, error, cached: false, complete: true };
}

const report: SavingsReport = {
  root: '/work/site',
  settings: { monthlyRequests: 10_000, egressPerGb: 0.09, storagePerGbMonth: 0.023 },
  mode: { lossyMode: 'auto', format: 'keep', keepCopyright: false },
  assets: [
    asset('app/img/hero.png', 'image', 400_000, [variant('lossless', 300_000, 400_000), variant('lossy', 100_000, 400_000, { quality: 80, score: 0.991 })]),
    asset('app/css/site.css', 'text', 50_000, [variant('minified', 40_000, 50_000, { gzipBytes: 9_000, brotliBytes: 8_000, format: 'css' })]),
    asset('vendor/font.woff2', 'other', 20_000, []),
    asset('app/img/broken.png', 'other', 10, [], 'app/img/broken.png: not a PNG'),
  ],
  totals: {
    files: 4,
    errors: 1,
    cached: 0,
    originalBytes: 470_010,
    lossless: { bytes: 360_010, savedBytes: 110_000, percentSaved: 23.4, money: money(0.11) },
    lossy: { bytes: 160_010, savedBytes: 310_000, percentSaved: 66, money: money(0.31) },
  },
  notes: ['An estimate.'],
  elapsedMs: 12,
};

describe('savings rows', () => {
  const rows = savingsRows(report);

  it('takes each column from the report and the transfer size a browser downloads', () => {
    const [hero, css, font] = rows;
    expect(hero).toMatchObject({ lossless: { bytes: 300_000 }, lossy: { bytes: 100_000 }, minified: null, transferBytes: 100_000, bestSavedBytes: 300_000 });
    expect(css).toMatchObject({ minified: { bytes: 40_000 }, transferBytes: 8_000, bestSavedBytes: 10_000 });
    expect(font).toMatchObject({ transferBytes: 20_000, bestSavedBytes: 0, bestMoney: 0 });
    expect(rows[3]!.error).toMatch(/not a PNG/);
  });

  it('filters by type and by part of the path', () => {
    expect(filterRows(rows, 'image', '').map((row) => row.publicPath)).toEqual(['app/img/hero.png']);
    expect(filterRows(rows, 'all', ' IMG/ ').map((row) => row.publicPath)).toEqual(['app/img/hero.png', 'app/img/broken.png']);
  });

  it('sorts either way, with rows lacking a variant last both ways', () => {
    const order = (key: Parameters<typeof sortRows>[1]['key'], direction: 'ascending' | 'descending') => sortRows(rows, { key, direction }).map((row) => row.publicPath);
    expect(order('original', 'descending')[0]).toBe('app/img/hero.png');
    expect(order('original', 'ascending')[0]).toBe('app/img/broken.png');
    expect(order('minified', 'ascending')[0]).toBe('app/css/site.css');
    expect(order('minified', 'descending')[0]).toBe('app/css/site.css');
    expect(nextSort({ key: 'saved', direction: 'descending' }, 'saved')).toEqual({ key: 'saved', direction: 'ascending' });
    expect(nextSort({ key: 'saved', direction: 'descending' }, 'path')).toEqual({ key: 'path', direction: 'ascending' });
  });

  it('breaks the bytes down by type and by folder, largest first, folding the tail into one slice', () => {
    expect(breakdown(rows, 'type').map((slice) => [slice.label, slice.originalBytes, slice.savedBytes])).toEqual([
      ['png', 400_010, 300_000],
      ['css', 50_000, 10_000],
      ['woff2', 20_000, 0],
    ]);
    expect(breakdown(rows, 'folder').map((slice) => slice.label)).toEqual(['app/img/', 'app/css/', 'vendor/']);
    const folded = breakdown(rows, 'folder', 2);
    expect(folded.map((slice) => [slice.label, slice.files])).toEqual([['app/img/', 2], ['2 others', 2]]);
  });

  it('prints money to the cent, a sum below a cent as "< $0.01", never "$0.0000"', () => {
    expect([0, 0.00004, 0.0049, 0.005, 0.31, 12.5, 99.996, 1234.4].map(formatMoney)).toEqual(['$0.00', '< $0.01', '< $0.01', '$0.01', '$0.31', '$12.50', '$100.00', '$1,234']);
    expect([-0.002, -0.5].map(formatMoney)).toEqual(['> −$0.01', '−$0.50']);
  });

  it('shows a per-file error without the file name it starts with', () => {
    expect(withoutName('app/img/broken.png: not a PNG', 'app/img/broken.png')).toBe('Not a PNG');
    expect(withoutName('broken.png: truncated', 'app/img/broken.png')).toBe('Truncated');
    expect(withoutName('The optimizer stopped', 'app/img/broken.png')).toBe('The optimizer stopped');
  });
});

describe('savings store', () => {
  it('starts a job, follows its events and fetches the report once it is done', async () => {
    const { bridge, spies, emit } = fakeBridge({
      startSavings: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getSavings: vi.fn(async () => ({ ok: true as const, value: { jobId: 'j1', state: 'running' as const, progress: { jobId: 'j1', done: 0, quickDone: 0, total: 4, bytes: 0, totalBytes: 470_010, etaMs: null }, rows: [], cursor: 0 } })),
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    stores.savings.getState().updateSettings({ monthlyRequests: 50_000 });
    await stores.savings.getState().start();
    expect(spies.startSavings).toHaveBeenCalledWith({ root: '/work/site', settings: { monthlyRequests: 50_000, egressPerGb: 0.09, storagePerGbMonth: 0.023 }, mode: expect.objectContaining({ lossyMode: 'auto' }) });

    emit({ type: 'savings', job: { jobId: 'j1', state: 'running', progress: { jobId: 'j1', done: 2, quickDone: 2, total: 4, bytes: 400_000, totalBytes: 470_010, etaMs: 900 } } });
    expect(stores.savings.getState().job).toMatchObject({ state: 'running', progress: { done: 2 } });
    // A collect job's event is not this store's business.
    emit({ type: 'job', job: { jobId: 'j1', state: 'cancelled' } });
    expect(stores.savings.getState().job?.state).toBe('running');

    spies.getSavings.mockResolvedValue({ ok: true, value: { jobId: 'j1', state: 'done', report } });
    emit({ type: 'savings', job: { jobId: 'j1', state: 'done' } });
    await vi.waitFor(() => expect(stores.savings.getState().report).toBe(report));
    expect(stores.savings.getState().job).toEqual({ jobId: 'j1', state: 'done' });
  });

  it('shows rows as the job measures them, asking only for those changed since its last answer', async () => {
    const progress = (done: number, quickDone: number) => ({ jobId: 'j1', done, quickDone, total: 2, bytes: 0, totalBytes: 450_000, etaMs: null });
    const quickHero = { ...report.assets[0]!, complete: false, variants: [report.assets[0]!.variants[0]!] };
    const answers = [
      { jobId: 'j1', state: 'running' as const, progress: progress(0, 1), rows: [{ index: 0, asset: quickHero }], cursor: 1 },
      { jobId: 'j1', state: 'running' as const, progress: progress(1, 2), rows: [{ index: 1, asset: report.assets[1]! }], cursor: 2 },
      { jobId: 'j1', state: 'running' as const, progress: progress(2, 2), rows: [{ index: 0, asset: report.assets[0]! }], cursor: 3 },
    ];
    const { bridge, spies, emit } = fakeBridge({
      startSavings: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getSavings: vi.fn(async () => ({ ok: true as const, value: answers.shift()! })),
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    await stores.savings.getState().start();
    const shown = () => stores.savings.getState().report!;
    expect(shown().assets.map((each) => [each.publicPath, each.complete, each.variants.map((v) => v.bytes)])).toEqual([['app/img/hero.png', false, [300_000]]]);
    // An image still being searched counts its lossless bytes in the lossy total.
    expect(shown().totals.lossy.bytes).toBe(300_000);

    emit({ type: 'savings', job: { jobId: 'j1', state: 'running', progress: progress(1, 2) } });
    await vi.waitFor(() => expect(shown().assets.map((each) => each.publicPath)).toEqual(['app/img/hero.png', 'app/css/site.css']));
    emit({ type: 'savings', job: { jobId: 'j1', state: 'running', progress: progress(2, 2) } });
    await vi.waitFor(() => expect(shown().assets[0]!.complete).toBe(true));
    expect(shown().totals.lossy.bytes).toBe(100_000 + 40_000);
    expect(spies.getSavings.mock.calls.map(([input]) => input)).toEqual([
      { jobId: 'j1', since: 0 },
      { jobId: 'j1', since: 1 },
      { jobId: 'j1', since: 2 },
    ]);
    expect(stores.savings.getState().job).toMatchObject({ state: 'running', progress: { done: 2, quickDone: 2 } });
  });

  it('reprices the report when downloads or prices change, without measuring again', async () => {
    const { bridge, spies } = fakeBridge({
      startSavings: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getSavings: async () => ({ ok: true as const, value: { jobId: 'j1', state: 'done' as const, report } }),
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    await stores.savings.getState().start();
    expect(spies.startSavings).toHaveBeenCalledTimes(1);
    const hero = () => stores.savings.getState().report!.assets[0]!.variants.find((each) => each.kind === 'lossy')!;
    const before = hero().money.egress;

    stores.savings.getState().updateSettings({ monthlyRequests: 20_000 });
    expect(hero().money.egress).toBeCloseTo(((300_000 * 20_000) / 2 ** 30) * 0.09, 12);
    expect(hero().money.egress).not.toBeCloseTo(before, 6);
    stores.savings.getState().updateSettings({ egressPerGb: 0.085 });
    const state = stores.savings.getState();
    expect(state.report!.settings).toEqual({ monthlyRequests: 20_000, egressPerGb: 0.085, storagePerGbMonth: 0.023 });
    expect(state.report!.totals.lossy.money.total).toBeCloseTo(state.report!.assets.reduce((sum, each) => sum + (each.variants.find((v) => v.kind === 'lossy' || v.kind === 'minified')?.money.total ?? 0), 0), 12);
    expect(state.report!.notes[0]).toContain('20,000 downloads a month');
    expect(state.report!.notes[0]).toContain('$0.085/GB egress');
    // Same bytes, same job: no new measure, no new fetch of the report.
    expect(state.report!.assets.map((each) => each.variants.map((v) => v.bytes))).toEqual(report.assets.map((each) => each.variants.map((v) => v.bytes)));
    expect(spies.startSavings).toHaveBeenCalledTimes(1);
    expect(spies.getSavings).toHaveBeenCalledTimes(1);

    // Another lossy treatment changes the bytes: the report says so rather than pretending.
    expect(reportMeasuredOtherwise(state.report!, state.mode)).toBe(false);
    stores.savings.getState().updateMode({ lossyMode: 'lossy', quality: 60 });
    expect(reportMeasuredOtherwise(stores.savings.getState().report!, stores.savings.getState().mode)).toBe(true);
    expect(spies.startSavings).toHaveBeenCalledTimes(1);
  });

  it('saves a recipe per selected file and keeps porter.json’s answer', async () => {
    const saved = { rules: [{ match: 'app/img/hero.png', mode: 'auto' as const }], assignments: [{ publicPath: 'app/img/hero.png', match: 'app/img/hero.png' }] };
    const { bridge, spies } = fakeBridge({ saveRecipes: async () => ({ ok: true, value: saved }) });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    stores.savings.getState().toggleSelected('app/img/hero.png');
    expect(await stores.savings.getState().applyRecipe([...stores.savings.getState().selected], { mode: 'auto' })).toBe(true);
    expect(spies.saveRecipes).toHaveBeenCalledWith({ root: '/work/site', rules: [{ match: 'app/img/hero.png', mode: 'auto' }] });
    expect(stores.savings.getState().recipes).toEqual(saved);
  });

  it('shows only the newest answer to a recipe check, and forgets it when the pattern is cleared', async () => {
    const answers = new Map<string, (value: RecipeCheck) => void>();
    const checkOf = (match: string, matched: number): RecipeCheck => ({ match, glob: true, patternError: null, matched, types: [], modes: [], formats: [], problems: [], notes: [] });
    const { bridge } = fakeBridge({
      checkRecipe: ({ rule }) => new Promise((resolve) => answers.set(rule.match, (value) => resolve({ ok: true, value }))),
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    const older = stores.savings.getState().checkRecipe({ match: 'app/**', mode: 'auto' });
    const newer = stores.savings.getState().checkRecipe({ match: 'app/img/**', mode: 'auto' });
    answers.get('app/img/**')!(checkOf('app/img/**', 2));
    await newer;
    answers.get('app/**')!(checkOf('app/**', 7));
    await older;
    expect(stores.savings.getState().recipeCheck).toEqual({ rule: { match: 'app/img/**', mode: 'auto' }, check: checkOf('app/img/**', 2) });
    await stores.savings.getState().checkRecipe(undefined);
    expect(stores.savings.getState().recipeCheck).toBeUndefined();
  });
});

describe('image compare store', () => {
  afterEach(() => vi.useRealTimers());

  const preview = (bytes: number, fullSize: boolean): ImagePreview => ({
    original: { dataUrl: 'data:image/png;base64,', bytes: 1000, width: 10, height: 10 },
    variant: { dataUrl: 'data:image/png;base64,', bytes, width: 10, height: 10, format: 'png', quality: 50, score: 0.99, kept: false, notes: [], fallback: null },
    fullSize,
    sourceWidth: 10,
    sourceHeight: 10,
    elapsedMs: 1,
  });

  it('asks for a screen-size preview, then the full size, debounces the slider and drops answers to old settings', async () => {
    vi.useFakeTimers();
    const answers: { input: { quality?: number; maxSide?: number }; resolve: (bytes: number) => void }[] = [];
    const { bridge } = fakeBridge({
      previewImage: (input) =>
        new Promise((resolve) => answers.push({ input, resolve: (bytes) => resolve({ ok: true, value: preview(bytes, input.maxSide === undefined) }) })),
      cancelPreview: async () => ({ ok: true, value: { cancelled: true } }),
    });
    const stores = createAppStores(bridge, memoryRecent());
    const compare = stores.compare;
    compare.getState().open('/work/site', 'app/img/hero.png', { mode: 'lossy', quality: 60 });
    expect(answers.map((answer) => answer.input)).toEqual([expect.objectContaining({ quality: 60, maxSide: previewMaxSide })]);
    // The full size only once the preview is in, so the two do not share the CPU.
    answers[0]!.resolve(100);
    await vi.advanceTimersByTimeAsync(0);
    expect(answers[1]!.input).toEqual(expect.not.objectContaining({ maxSide: expect.anything() }));
    expect(compare.getState()).toMatchObject({ preview: { variant: { bytes: 100 } }, loadingPreview: false, loadingFull: true });

    compare.getState().setTreatment({ quality: 40 });
    compare.getState().setTreatment({ quality: 30 });
    expect(answers).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(reencodeDebounceMs);
    expect(answers.slice(2).map((answer) => [answer.input.quality, answer.input.maxSide])).toEqual([[30, previewMaxSide]]);

    answers[1]!.resolve(111); // full size for q60: stale
    answers[2]!.resolve(222); // preview for q30
    await vi.advanceTimersByTimeAsync(0);
    expect(compare.getState()).toMatchObject({ full: undefined, preview: { variant: { bytes: 222 } }, loadingFull: true });
    expect(answers[3]!.input).toMatchObject({ quality: 30 });
    answers[3]!.resolve(333);
    await vi.advanceTimersByTimeAsync(0);
    expect(compare.getState()).toMatchObject({ full: { fullSize: true, variant: { bytes: 333 } }, loadingFull: false, encodeStartedAt: undefined });
  });

  it('names each request so Cancel, a new treatment and closing stop the encode in the core', async () => {
    vi.useFakeTimers();
    const answers: { input: { requestId?: string; maxSide?: number }; resolve: (bytes: number) => void }[] = [];
    const cancelled: string[] = [];
    const { bridge } = fakeBridge({
      previewImage: (input) =>
        new Promise((resolve) => answers.push({ input, resolve: (bytes) => resolve({ ok: true, value: preview(bytes, input.maxSide === undefined) }) })),
      cancelPreview: async ({ requestId }) => {
        cancelled.push(requestId);
        return { ok: true, value: { cancelled: true } };
      },
    });
    const compare = createAppStores(bridge, memoryRecent()).compare;
    compare.getState().open('/work/site', 'app/img/hero.png', { mode: 'lossless', format: 'avif' });
    const quick = answers[0]!.input.requestId!;
    expect(quick).toBeTruthy();
    expect(compare.getState()).toMatchObject({ loadingPreview: true, loadingFull: true, cancelled: false, encodeStartedAt: expect.any(Number) });

    answers[0]!.resolve(500);
    await vi.advanceTimersByTimeAsync(0);
    const slow = answers[1]!.input.requestId!;
    expect(slow).not.toBe(quick);
    compare.getState().cancel();
    // Only the full-size encode was still running; the preview that arrived stays.
    expect(cancelled).toEqual([slow]);
    expect(compare.getState()).toMatchObject({ loadingFull: false, cancelled: true, preview: { variant: { bytes: 500 } }, encodeStartedAt: undefined });
    answers[1]!.resolve(999); // a late answer to the cancelled request is dropped
    await vi.advanceTimersByTimeAsync(0);
    expect(compare.getState().full).toBeUndefined();

    compare.getState().retry();
    expect(compare.getState()).toMatchObject({ cancelled: false, loadingPreview: true, loadingFull: true });
    compare.getState().setTreatment({ format: 'webp' });
    await vi.advanceTimersByTimeAsync(reencodeDebounceMs);
    // The new treatment stopped the retry's preview.
    expect(cancelled).toEqual([slow, answers[2]!.input.requestId]);
    compare.getState().close();
    expect(cancelled).toEqual([slow, answers[2]!.input.requestId, answers[3]!.input.requestId]);
    expect(answers).toHaveLength(4);
  });
});

describe('compare labels', () => {
  it('names the lossless file standing in for a lossy treatment, and why', async () => {
    const { variantLabel } = await import('../../renderer/src/features/savings/compare-labels');
    const variant = { dataUrl: '', bytes: 1, width: 1, height: 1, format: 'png', quality: null, score: 1, kept: false, notes: [] };
    expect(variantLabel({ ...variant, fallback: 'lossless-smaller' })).toBe('PNG lossless, smaller than lossy');
    expect(variantLabel({ ...variant, fallback: 'target-missed' })).toBe('PNG lossless, lossy looks different');
    expect(variantLabel({ ...variant, format: 'webp', quality: 62, score: 0.99, fallback: null })).toBe('WebP q62');
  });
});
