import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fontFaceSrc } from '../../electron/contract/font-face-src';
import { formatBytes, formatMoney } from '../../renderer/src/lib/format';
import { expectAccessible } from './accessibility';
import { coreReport } from './core-calls';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

const font = readFileSync(path.join(import.meta.dirname, '../fixtures/fonts/dejavu-sans-subset.ttf'));

test('a font shows its WOFF2 bytes and money, the @font-face src to copy, and a Lossless recipe collects the WOFF2 beside it', async ({ page, context, workspace, porterServe }, testInfo) => {
  test.setTimeout(150_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1440, height: 900 });
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }, null, 2) + '\n',
    'site/assets/shop/fonts/Brand-Regular.ttf': font,
    'site/assets/shop/css/fonts.css': '@font-face {\n  font-family: Brand;\n  src: url("../fonts/Brand-Regular.ttf") format("truetype");\n}\n',
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toBeVisible({ timeout: 60_000 });

  const report = await coreReport(porterServe, root);
  const asset = report.assets.find((each) => each.publicPath === 'shop/fonts/Brand-Regular.ttf')!;
  expect(asset.kind).toBe('font');
  const woff2 = asset.variants.find((variant) => variant.kind === 'lossless')!;
  expect(woff2.format).toBe('woff2');
  expect(woff2.bytes).toBeLessThan(font.length * 0.8);
  const row = page.locator('[data-testid="savings-row"][data-public-path="shop/fonts/Brand-Regular.ttf"]');
  await expect(row).toHaveAttribute('data-kind', 'font');
  await expect(row.getByTestId('savings-cell-lossless')).toHaveAttribute('data-bytes', String(woff2.bytes));
  await expect(row.getByTestId('savings-cell-lossless')).toContainText(`${formatBytes(woff2.bytes)}`);
  await expect(row.getByTestId('savings-cell-lossless')).toContainText('as WOFF2');
  await expect(row.getByTestId('savings-cell-lossy')).toHaveText('—');
  await expect(row.getByTestId('savings-cell-money')).toHaveText(formatMoney(woff2.money.total));
  // The font's WOFF2 counts in both totals: it is lossless, and what a lossy choice ships too.
  for (const kind of ['lossless', 'lossy'] as const) {
    await expect(page.getByTestId(`savings-total-${kind}-bytes`)).toHaveText(formatBytes(report.totals[kind].bytes));
    await expect(page.getByTestId(`savings-total-${kind}-money`)).toHaveText(formatMoney(report.totals[kind].money.total));
  }
  expect(report.totals.lossy.savedBytes).toBeGreaterThanOrEqual(woff2.savedBytes);
  await page.getByLabel('Type', { exact: true }).selectOption('font');
  await expect(page.getByTestId('savings-row')).toHaveCount(1);

  // The snippet, opened and copied with the keyboard.
  const snippet = row.getByTestId('font-face-snippet');
  await snippet.locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(snippet.getByTestId('font-face-code')).toHaveText(fontFaceSrc(asset.publicPath));
  await expect(snippet.getByTestId('font-face-code')).toHaveText('src: url("Brand-Regular.woff2") format("woff2"), url("Brand-Regular.ttf") format("truetype");');
  await page.keyboard.press('Tab');
  await expect(snippet.getByTestId('font-face-copy')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(snippet.getByTestId('font-face-copy-status')).toHaveText('Copied.');
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(fontFaceSrc(asset.publicPath));
  await page.screenshot({ path: testInfo.outputPath('savings-font-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('savings-font-1024.png'), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectAccessible(page, 'Savings with a font');

  // Lossless for the font: the recipe is saved, and collect writes the WOFF2 beside the untouched font.
  await row.getByRole('checkbox').check();
  await expect(page.getByTestId('recipe-lossless')).toHaveAttribute('data-files', '1');
  await page.getByTestId('recipe-lossless').click();
  await expect(row.getByTestId('savings-cell-recipe')).toHaveText('Lossless');
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')).recipes).toEqual([{ match: 'shop/fonts/Brand-Regular.ttf', mode: 'lossless' }]);
  await page.getByTestId('view-tab-project').click();
  await page.getByTestId('collect-button').click();
  await expect(page.getByTestId('collect-summary')).toContainText('Recipes added 1 converted copy.', { timeout: 90_000 });
  const out = path.join(root, 'staticfiles');
  expect(readFileSync(path.join(out, 'shop/fonts/Brand-Regular.ttf'))).toEqual(font);
  const written = readFileSync(path.join(out, 'shop/fonts/Brand-Regular.woff2'));
  expect(written.subarray(0, 4).toString('latin1')).toBe('wOF2');
  expect(written.length).toBe(woff2.bytes);
});
