import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { ImagePreview, SavingsJobState, SavingsReport } from '../../electron/contract/porter';
import { formatBytes, formatMoney } from '../../renderer/src/lib/format';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';
import { expect, test, type PorterServe } from './serve-fixtures';

/** Calls an operation on the same `porter serve` the page talks to: the core's own answer, to check the page against. */
async function call<T>(serve: PorterServe, name: string, input: unknown): Promise<T> {
  const response = await fetch(`${serve.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Porter-Token': serve.token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

async function coreReport(serve: PorterServe, root: string): Promise<SavingsReport> {
  const { jobId } = await call<{ jobId: string }>(serve, 'startSavings', { root });
  let state: SavingsJobState;
  await expect
    .poll(async () => {
      state = await call<SavingsJobState>(serve, 'getSavings', { jobId });
      return state.state;
    })
    .toBe('done');
  return (state! as Extract<SavingsJobState, { state: 'done' }>).report;
}

/** A photo-like image: smooth gradients plus grain, so lossless and lossy both have something to find. */
async function photo(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * 3;
      const grain = ((x * 7919 + y * 104_729) % 13) - 6;
      pixels[offset] = Math.min(255, Math.max(0, Math.round((x / width) * 200) + grain));
      pixels[offset + 1] = Math.min(255, Math.max(0, Math.round((y / height) * 180) + grain));
      pixels[offset + 2] = 120 + (grain > 0 ? grain : 0);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
}

test('the Savings view shows the core’s numbers, compares an image and saves a recipe', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }, null, 2) + '\n',
    'site/assets/app/img/hero.png': await photo(320, 200),
    'site/assets/app/css/site.css': `/* Site styles */\nbody {\n  margin: 0px;\n  color: #ff0000;\n}\n\n.hero {\n  background: url("../img/hero.png");\n}\n`.repeat(20),
    'site/assets/app/js/app.js': `function greet(name) {\n  const message = 'Hello, ' + name;\n  return message;\n}\nconsole.log(greet('world'));\n`.repeat(10),
    'site/assets/fonts/readme.txt': 'Fonts go here.\n',
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);

  await page.getByTestId('view-tab-savings').click();
  await expect(page.getByTestId('savings-empty')).toBeVisible();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toBeVisible({ timeout: 60_000 });

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
  await page.screenshot({ path: testInfo.outputPath('savings-view.png'), fullPage: true });
  await expectAccessible(page, 'Savings');

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
