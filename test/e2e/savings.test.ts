import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { ImagePreview } from '../../electron/contract/porter';
import { repriceReport } from '../../electron/contract/savings-pricing';
import { formatBytes, formatMoney } from '../../renderer/src/lib/format';
import { expectAccessible } from './accessibility';
import { call, coreReport } from './core-calls';
import { PorterPage } from './porter-page';
import { expect, test, type PorterServe } from './serve-fixtures';
import { photoImage } from '../support/photo-image';

test('the Savings view shows the core’s numbers, compares an image and saves a recipe', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }, null, 2) + '\n',
    'site/assets/app/img/hero.png': await photoImage(320, 200),
    'site/assets/app/css/site.css': `/* Site styles */\nbody {\n  margin: 0px;\n  color: #ff0000;\n}\n\n.hero {\n  background: url("../img/hero.png");\n}\n`.repeat(20),
    'site/assets/app/js/app.js': `function greet(name) {\n  const message = 'Hello, ' + name;\n  return message;\n}\nconsole.log(greet('world'));\n`.repeat(10),
    'site/assets/fonts/readme.txt': 'Fonts go here.\n',
    'site/assets/app/img/broken.png': 'not really a PNG',
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);

  await page.getByTestId('view-tab-savings').click();
  await expect(page.getByTestId('savings-empty')).toBeVisible();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toHaveAttribute('data-complete', 'true', { timeout: 60_000 });

  const report = await coreReport(porterServe, root);
  const rows = page.getByTestId('savings-row');
  await expect(rows).toHaveCount(report.assets.length);
  for (const asset of report.assets) {
    const row = page.locator(`[data-testid="savings-row"][data-public-path="${asset.publicPath}"]`);
    await expect(row.getByTestId('savings-cell-original')).toHaveText(formatBytes(asset.originalBytes));
    for (const variant of asset.variants) {
      await expect(row.getByTestId(`savings-cell-${variant.kind}`)).toHaveAttribute('data-bytes', String(variant.bytes));
      await expect(row.getByTestId(`savings-cell-${variant.kind}`)).toContainText(formatBytes(variant.bytes));
    }
  }
  await expect(page.getByTestId('savings-total-original')).toHaveText(formatBytes(report.totals.originalBytes));
  for (const kind of ['lossless', 'lossy'] as const) {
    await expect(page.getByTestId(`savings-total-${kind}-bytes`)).toHaveText(formatBytes(report.totals[kind].bytes));
    await expect(page.getByTestId(`savings-total-${kind}-money`)).toHaveText(formatMoney(report.totals[kind].money.total));
  }
  await expect(page.getByTestId('savings-chart-bar')).toHaveCount(4);
  // A file that cannot be measured: its reason on its own line, not run into its name.
  const broken = page.locator('[data-testid="savings-row"][data-public-path="app/img/broken.png"]');
  await expect(broken.getByTestId('savings-row-name')).toHaveText('app/img/broken.png');
  await expect(broken.getByTestId('savings-row-error')).toHaveText(/^Not a PNG/);
  await expect(broken.getByTestId('savings-row-error')).toHaveCSS('display', 'block');
  await page.screenshot({ path: testInfo.outputPath('savings-view-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('savings-view-1024.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectAccessible(page, 'Savings');

  // Downloads a month and prices reprice the report at once, as arithmetic on its bytes: nothing is measured again.
  const measures: string[] = [];
  page.on('request', (request) => {
    if (/\/api\/op\/(startSavings|getSavings)$/.test(request.url())) measures.push(request.url());
  });
  await page.getByTestId('savings-monthly-requests').fill('250000');
  await page.getByTestId('savings-egress').fill('0.085');
  const repriced = repriceReport(report, { ...report.settings, monthlyRequests: 250_000, egressPerGb: 0.085 });
  for (const kind of ['lossless', 'lossy'] as const) {
    await expect(page.getByTestId(`savings-total-${kind}-money`)).toHaveText(formatMoney(repriced.totals[kind].money.total));
  }
  expect(repriced.totals.lossy.money.total).toBeGreaterThan(report.totals.lossy.money.total * 20);
  const heroMoney = repriced.assets.find((asset) => asset.publicPath === 'app/img/hero.png')!.variants.reduce((best, each) => (each.savedBytes > best.savedBytes ? each : best));
  await expect(page.locator('[data-public-path="app/img/hero.png"]').getByTestId('savings-cell-money')).toHaveText(formatMoney(heroMoney.money.total));
  await expect(page.getByTestId('savings-notes')).toContainText('at 250,000 downloads a month of every file, $0.085/GB egress');
  await expect(page.getByTestId('savings-progress-block')).toHaveCount(0);
  expect(measures).toEqual([]);
  // No "$0.0000", no raw byte counts: money to the cent or "< $0.01".
  await expect(page.getByTestId('savings-view')).not.toContainText('$0.000');
  await expect(page.getByTestId('savings-measured-otherwise')).toHaveCount(0);
  // Another lossy treatment changes the bytes, which only a new measure knows: the view says so.
  await page.getByTestId('savings-lossy-mode').selectOption('lossy');
  await expect(page.getByTestId('savings-measured-otherwise')).toContainText('Measure again to see them at fixed quality');
  await expect(page.getByTestId('savings-remeasure')).toBeVisible();
  await page.getByTestId('savings-lossy-mode').selectOption('auto');
  await expect(page.getByTestId('savings-measured-otherwise')).toHaveCount(0);
  expect(measures).toEqual([]);

  // Filter by type, then sort by size.
  await page.getByLabel('Type', { exact: true }).selectOption('image');
  await expect(rows).toHaveCount(1);
  await page.getByLabel('Type', { exact: true }).selectOption('all');
  await page.getByTestId('savings-sort-original').click();
  const largest = [...report.assets].sort((a, b) => b.originalBytes - a.originalBytes)[0]!;
  await expect(rows.first()).toHaveAttribute('data-public-path', largest.publicPath);

  // The compare: the full-size numbers are the core's for the same treatment.
  await page.locator('[data-public-path="app/img/hero.png"]').getByTestId('savings-compare').click();
  const compare = page.getByTestId('image-compare');
  await expect(compare).toBeVisible();
  await compare.getByTestId('compare-mode').selectOption('lossy');
  await compare.getByTestId('compare-quality').fill('40');
  await expect(compare.getByTestId('compare-numbers')).toHaveAttribute('data-full-size', 'true', { timeout: 30_000 });
  const expected = await call<ImagePreview>(porterServe, 'previewImage', { root, publicPath: 'app/img/hero.png', mode: 'lossy', quality: 40 });
  await expect(compare.getByTestId('compare-variant-bytes')).toHaveText(formatBytes(expected.variant.bytes));
  await expect(compare.getByTestId('compare-score')).toHaveText(expected.variant.score!.toFixed(4));
  await expect(compare.getByTestId('compare-original')).toBeVisible();
  await expect(compare.getByTestId('compare-label-original')).toHaveText('Original');
  await expect(compare.getByTestId('compare-label-variant')).toHaveText(/^PNG (q40|lossless, smaller than lossy|, original kept)$/);
  // An image narrower than the stage: the divider, which is the slider, sits at its fraction of the image.
  await expectDividerAt(compare, 50);
  await compare.getByTestId('compare-split').focus();
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(compare.getByTestId('compare-split')).toHaveAttribute('aria-valuenow', '40');
  await expectDividerAt(compare, 40);
  await compare.getByTestId('compare-zoom-200').click();
  await expect(compare.getByTestId('compare-variant')).toHaveCSS('width', '640px');
  await compare.getByTestId('compare-layout-side').click();
  await expect(compare.getByTestId('compare-stage')).toHaveAttribute('data-layout', 'side-by-side');
  await page.screenshot({ path: testInfo.outputPath('image-compare.png') });
  await expectAccessible(page, 'image compare');

  await compare.getByTestId('compare-use').click();
  await expect(page.locator('[data-public-path="app/img/hero.png"]').getByTestId('savings-cell-recipe')).toHaveText('Lossy q40');
  const saved = JSON.parse(readFileSync(workspace.path('site/porter.json'), 'utf8')) as { recipes: unknown; sources: unknown };
  expect(saved.recipes).toEqual([{ match: 'app/img/hero.png', mode: 'lossy', quality: 40 }]);
  expect(saved.sources).toEqual([{ dir: 'assets' }]);
  await compare.getByTestId('compare-close').click();
  await expect(compare).toBeHidden();

  // A recipe for the selection.
  await page.locator('[data-public-path="app/css/site.css"]').getByRole('checkbox').check();
  await page.getByTestId('recipe-minify').click();
  await expect(page.locator('[data-public-path="app/css/site.css"]').getByTestId('savings-cell-recipe')).toHaveText('Minified');
});

/** The divider's centre is `percent` of the way across the part of the image in view, and the variant is cut there. */
async function expectDividerAt(compare: Locator, percent: number): Promise<void> {
  await expect
    .poll(async () => {
      const [divider, scroll, frame] = await Promise.all([
        compare.getByTestId('compare-split').boundingBox(),
        compare.getByTestId('compare-scroll').boundingBox(),
        compare.getByTestId('compare-frame').boundingBox(),
      ]);
      const left = Math.max(frame!.x, scroll!.x);
      const right = Math.min(frame!.x + frame!.width, scroll!.x + scroll!.width - 15);
      const expected = left + (percent / 100) * (right - left);
      return { off: Math.round(Math.abs(divider!.x + divider!.width / 2 - expected) / 16), divider, scroll, frame };
    })
    .toMatchObject({ off: 0 });
  const clip = await compare.getByTestId('compare-variant').evaluate((image) => Number(/inset\(0(?:px)? 0(?:px)? 0(?:px)? ([\d.]+)px\)/.exec(image.style.clipPath)?.[1]));
  const [divider, frame] = await Promise.all([compare.getByTestId('compare-split').boundingBox(), compare.getByTestId('compare-frame').boundingBox()]);
  expect(Math.abs(frame!.x + clip - (divider!.x + divider!.width / 2))).toBeLessThan(2);
}

async function openLargeImage(page: Page, workspace: { write(files: Record<string, Buffer | string>): void; path(...parts: string[]): string }, porterServe: PorterServe, width: number, height: number): Promise<Locator> {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }) + '\n', 'site/assets/img/photo.png': await photoImage(width, height) });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toHaveAttribute('data-complete', 'true', { timeout: 90_000 });
  await page.locator('[data-public-path="img/photo.png"]').getByTestId('savings-compare').click();
  const compare = page.getByTestId('image-compare');
  await expect(compare).toBeVisible();
  return compare;
}

test('the compare fits a large image, keeps the divider in view and draggable at 400 %, and zooms both panes together', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const compare = await openLargeImage(page, workspace, porterServe, 1600, 1250);
  await compare.getByTestId('compare-mode').selectOption('lossy');
  await compare.getByTestId('compare-quality').fill('30');
  await expect(compare.getByTestId('compare-numbers')).toHaveAttribute('data-full-size', 'true', { timeout: 90_000 });
  await expect(compare.getByTestId('compare-label-original')).toHaveText('Original');
  await expect(compare.getByTestId('compare-label-variant')).toHaveText(/^PNG (q30|lossless, smaller than lossy|, original kept)$/);

  // Fit: the whole image in view, as tall as the stage (it is the tighter side here), nothing to scroll.
  const scroll = compare.getByTestId('compare-scroll');
  const fitted = await compare.getByTestId('compare-variant').boundingBox();
  const stage = await scroll.boundingBox();
  expect(fitted!.height).toBeLessThanOrEqual(stage!.height + 1);
  expect(fitted!.width).toBeLessThanOrEqual(stage!.width + 1);
  expect(Math.abs(fitted!.width / fitted!.height - 1600 / 1250)).toBeLessThan(0.01);
  expect(Math.max(fitted!.width / stage!.width, fitted!.height / stage!.height)).toBeGreaterThan(0.98);
  await page.screenshot({ path: testInfo.outputPath('compare-split-fit-1440.png') });

  for (const zoom of [100, 200, 400]) {
    await compare.getByTestId(`compare-zoom-${zoom}`).click();
    await expect(compare.getByTestId('compare-stage')).toHaveAttribute('data-scale', (zoom / 100).toFixed(4));
    await expectDividerAt(compare, 50);
    await page.screenshot({ path: testInfo.outputPath(`compare-split-${zoom}-1440.png`) });
  }
  // Zoomed to 400 %, the view is around the divider: the image point it was on (the middle) is still under it.
  const around = await scroll.evaluate((box) => ({ left: box.scrollLeft, width: box.clientWidth }));
  expect(Math.abs(around.left + around.width / 2 - 1600 * 4 * 0.5)).toBeLessThan(40);

  // Drag the divider where the user looks: a quarter of the way across the view.
  const knob = await compare.getByTestId('compare-split').boundingBox();
  const view = await scroll.boundingBox();
  await page.mouse.move(knob!.x + knob!.width / 2, knob!.y + knob!.height / 2);
  await page.mouse.down();
  await page.mouse.move(view!.x + (view!.width - 15) * 0.25, knob!.y + knob!.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => Number(await compare.getByTestId('compare-split').getAttribute('aria-valuenow'))).toBeGreaterThan(22);
  expect(Number(await compare.getByTestId('compare-split').getAttribute('aria-valuenow'))).toBeLessThan(28);
  const split = Number(await compare.getByTestId('compare-split').getAttribute('aria-valuenow'));
  await expectDividerAt(compare, split);
  // Scrolled elsewhere, the divider stays in view at the same place.
  await scroll.evaluate((box) => box.scrollBy(1500, 800));
  await expectDividerAt(compare, split);
  const divider = await compare.getByTestId('compare-split').boundingBox();
  expect(divider!.x).toBeGreaterThan(view!.x);
  expect(divider!.x + divider!.width).toBeLessThan(view!.x + view!.width);

  // Side by side, zoomed: the panes scroll together.
  await compare.getByTestId('compare-layout-side').click();
  await expect(compare.getByTestId('compare-label-original')).toHaveText('Original');
  await expect(compare.getByTestId('compare-label-variant')).toHaveText(/^PNG/);
  await compare.getByTestId('compare-zoom-200').click();
  await expect(compare.getByTestId('compare-stage')).toHaveAttribute('data-scale', '2.0000');
  await compare.getByTestId('compare-scroll-original').evaluate((box) => box.scrollTo(700, 500));
  await expect.poll(() => compare.getByTestId('compare-scroll-variant').evaluate((box) => [box.scrollLeft, box.scrollTop])).toEqual([700, 500]);
  await compare.getByTestId('compare-scroll-variant').evaluate((box) => box.scrollTo(900, 300));
  await expect.poll(() => compare.getByTestId('compare-scroll-original').evaluate((box) => [box.scrollLeft, box.scrollTop])).toEqual([900, 300]);
  await page.screenshot({ path: testInfo.outputPath('compare-side-200-1440.png') });

  await page.setViewportSize({ width: 1024, height: 700 });
  await compare.getByTestId('compare-layout-split').click();
  for (const zoom of ['fit', '100', '200', '400']) {
    await compare.getByTestId(`compare-zoom-${zoom}`).click();
    await expectDividerAt(compare, split);
    await page.screenshot({ path: testInfo.outputPath(`compare-split-${zoom}-1024.png`) });
  }
  await compare.getByTestId('compare-layout-side').click();
  await compare.getByTestId('compare-zoom-200').click();
  await page.screenshot({ path: testInfo.outputPath('compare-side-200-1024.png') });
});

test('a slow encode shows its progress and Cancel stops it', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  // Lossless AVIF of a 4 MP photo takes tens of seconds, far longer than the clicks below.
  const compare = await openLargeImage(page, workspace, porterServe, 2400, 1800);
  const answers: Array<{ ok: boolean; error?: { kind: string } }> = [];
  page.on('response', (response) => {
    if (response.url().endsWith('/api/op/previewImage')) void response.json().then((body: { ok: boolean; error?: { kind: string } }) => answers.push(body));
  });
  await compare.getByTestId('compare-format').selectOption('avif');
  await compare.getByTestId('compare-mode').selectOption('lossless');
  const progress = compare.getByTestId('compare-progress');
  await expect(progress).toContainText('Encoding lossless AVIF');
  await expect(compare.getByTestId('compare-elapsed')).toHaveText(/^[1-9]\d* s$/);
  await page.screenshot({ path: testInfo.outputPath('compare-encoding.png') });
  const cancelledAnswers = () => answers.filter((answer) => !answer.ok && answer.error?.kind === 'cancelled').length;
  const before = cancelledAnswers();
  const clicked = Date.now();
  await compare.getByTestId('compare-cancel').click();
  await expect(compare.getByTestId('compare-cancelled')).toBeVisible();
  await expect(progress).toHaveCount(0);
  // The core answered both requests as cancelled, at once, rather than after the encode.
  await expect.poll(cancelledAnswers).toBeGreaterThan(before);
  expect(Date.now() - clicked).toBeLessThan(10_000);
  await expect(compare.getByTestId('compare-error')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('compare-cancelled.png') });

  // And it can be asked again.
  await compare.getByTestId('compare-retry').click();
  await expect(progress).toBeVisible();
  await compare.getByTestId('compare-cancel').click();
  await expect(compare.getByTestId('compare-cancelled')).toBeVisible();
});

test('on the demo, every row shows before the run finishes, and lossy is never worse than lossless', async ({ page, porterServe }, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await page.getByTestId('open-demo').click();
  await expect(porter.projectRoot).toHaveText(/demo-project$/);
  const root = (await porter.projectRoot.textContent())!;
  await page.getByTestId('view-tab-savings').click();

  // What the user sees while it measures, recorded on every change of the page: how many rows were on screen while
  // the progress bar still was, and whether a number was shown as still measuring.
  await page.locator('body').evaluate((body) => {
    const seen = { rowsWhileRunning: 0, pendingWhileRunning: false };
    body.dataset.savingsSeen = JSON.stringify(seen);
    const view = body.ownerDocument;
    new view.defaultView!.MutationObserver(() => {
      if (!view.querySelector('[data-testid="savings-progress-block"]')) return;
      seen.rowsWhileRunning = Math.max(seen.rowsWhileRunning, view.querySelectorAll('[data-testid="savings-row"]').length);
      if (view.querySelector('[data-testid="savings-cell-lossy"][data-pending="measuring"]')) seen.pendingWhileRunning = true;
      // Written only when it changes: the write is itself a change this observer sees.
      const text = JSON.stringify(seen);
      if (body.dataset.savingsSeen !== text) body.dataset.savingsSeen = text;
    }).observe(body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.getByTestId('savings-run').click();
  const rows = page.getByTestId('savings-row');
  await expect(rows).toHaveCount(10);
  await page.screenshot({ path: testInfo.outputPath('savings-streaming-1440.png'), fullPage: true });
  const totals = page.getByTestId('savings-totals');
  await expect(totals).toHaveAttribute('data-complete', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('savings-progress-block')).toHaveCount(0);
  expect(JSON.parse((await page.locator('body').getAttribute('data-savings-seen'))!)).toEqual({ rowsWhileRunning: 10, pendingWhileRunning: true });
  await expect(page.getByTestId('savings-totals-partial')).toHaveCount(0);
  await expect(page.locator('[data-testid="savings-row"][data-complete="false"]')).toHaveCount(0);

  // The banner: no lossy PNG looks the same, so its lossy number is its lossless one, and says so.
  const banner = page.locator('[data-testid="savings-row"][data-public-path="shop/img/banner.png"]');
  const losslessBytes = await banner.getByTestId('savings-cell-lossless').getAttribute('data-bytes');
  await expect(banner.getByTestId('savings-cell-lossy')).toHaveAttribute('data-bytes', losslessBytes!);
  await expect(banner.getByTestId('savings-cell-lossy')).toHaveAttribute('data-fallback', 'target-missed');
  await expect(banner.getByTestId('savings-cell-lossy')).toContainText('lossless: lossy looks different');
  // Every row's lossy number is at most its lossless one, and the totals are the core's.
  for (const row of await rows.all()) {
    const lossy = await row.getByTestId('savings-cell-lossy').getAttribute('data-bytes');
    const lossless = await row.getByTestId('savings-cell-lossless').getAttribute('data-bytes');
    if (lossy !== null && lossless !== null) expect(Number(lossy)).toBeLessThanOrEqual(Number(lossless));
  }
  const report = await coreReport(porterServe, root);
  expect(report.totals.lossy.bytes).toBeLessThanOrEqual(report.totals.lossless.bytes);
  await expect(page.getByTestId('savings-total-lossy-bytes')).toHaveText(formatBytes(report.totals.lossy.bytes));
  await expect(page.getByTestId('savings-total-lossless-bytes')).toHaveText(formatBytes(report.totals.lossless.bytes));
  await page.screenshot({ path: testInfo.outputPath('savings-demo-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('savings-demo-1024.png'), fullPage: true });
  await expectAccessible(page, 'Savings on the demo');
});
