import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ImagePreview } from '../../electron/contract/porter';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';
import { expect, test, type PorterServe } from './serve-fixtures';
import { photoImage } from '../support/photo-image';

/** Calls an operation on the same `porter serve` the page talks to. */
async function call(serve: PorterServe, name: string, input: unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: { message: string; hint?: string } }> {
  const response = await fetch(`${serve.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Porter-Token': serve.token },
    body: JSON.stringify(input),
  });
  return (await response.json()) as { ok: true; value: unknown } | { ok: false; error: { message: string } };
}

test('a glob recipe is checked as it is typed, refuses a treatment that cannot apply, and collect applies its quality and format', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(150_000);
  // Screenshots of each state, to look at, beside this test's other output.
  const shots = testInfo.outputPath('screenshots');
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }, null, 2) + '\n',
    'site/assets/app/img/photos/beach.png': await photoImage(240, 160, 'png'),
    'site/assets/app/img/photos/forest.png': await photoImage(200, 150, 'png'),
    'site/assets/app/img/photos/city.jpg': await photoImage(220, 140, 'jpeg'),
    'site/assets/app/css/site.css': 'body {\n  margin: 0px;\n}\n'.repeat(10),
    'site/assets/app/css/print.css': '@media print {\n  body { color: #000000; }\n}\n'.repeat(5),
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toBeVisible({ timeout: 90_000 });

  await page.getByTestId('recipe-rules').locator('summary').click();
  const glob = page.getByTestId('recipe-glob');
  const status = page.getByTestId('recipe-glob-status');
  const mode = page.getByTestId('recipe-glob-mode');
  const save = page.getByTestId('recipe-glob-save');

  // Live feedback while typing, key by key.
  await glob.focus();
  await page.keyboard.type('app/img/**');
  await expect(status).toHaveText('Matches 3 files: 2 PNG, 1 JPEG');
  await expect(mode.locator('option[value="minify"]')).toBeDisabled();
  await expect(page.getByTestId('recipe-glob-unavailable')).toContainText('Minify is for CSS, JS, HTML, SVG and JSON files; the 3 matched files are 2 PNG, 1 JPEG. Use Lossless or Lossy.');
  await page.keyboard.press('End');
  await page.keyboard.type('/[ab');
  await expect(status).toHaveText('Unclosed [ in pattern: add ], or write \\[ to match a [ in a file name.');
  await expect(glob).toHaveAttribute('aria-invalid', 'true');
  await expect(save).toBeDisabled();
  await page.keyboard.type('].png');
  await expect(status).toHaveText('No file matches.');
  await expect(glob).not.toHaveAttribute('aria-invalid', 'true');

  // A treatment that cannot apply to what the glob matches is refused, with the reason.
  await glob.fill('**/*.css');
  await expect(status).toHaveText('Matches 2 files: 2 CSS');
  await expect(page.getByTestId('recipe-glob-problem')).toHaveText(
    'Lossy, auto quality cannot change any of these files. Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images; the 2 matched files are all CSS. Use Minify.',
  );
  await expect(save).toBeDisabled();
  await expect(mode.locator('option[value="lossless"]')).toBeDisabled();
  await expect(page.getByTestId('recipe-glob-format').locator('option[value="webp"]')).toBeDisabled();
  await page.screenshot({ path: path.join(shots, 'refused-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('recipe-glob-form').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'refused-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectAccessible(page, 'recipe glob editor');
  // Saving it anyway (another client, an old page) is refused by Porter too, and porter.json is left alone.
  const refused = await call(porterServe, 'saveRecipes', { root, rules: [{ match: '**/*.css', mode: 'lossy', quality: 50 }] });
  expect(refused.ok).toBe(false);
  expect(!refused.ok && refused.error.message).toMatch(/^Recipe not saved\. "\*\*\/\*\.css": Lossy cannot change any of these files/);
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual({ sources: [{ dir: 'assets' }] });
  await mode.selectOption('minify');
  await expect(page.getByTestId('recipe-glob-problem')).toBeHidden();
  await expect(save).toBeEnabled();

  // A glob rule with quality and format, saved with the keyboard.
  await glob.fill('app/img/photos/*');
  await mode.selectOption('lossy');
  await page.getByTestId('recipe-glob-quality').fill('40');
  await page.getByTestId('recipe-glob-format').selectOption('webp');
  await expect(status).toHaveText('Matches 3 files: 2 PNG, 1 JPEG');
  await expect(save).toBeEnabled();
  await page.screenshot({ path: path.join(shots, 'quality-format-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('recipe-glob-form').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'quality-format-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await glob.focus();
  await page.keyboard.press('Enter');
  const rule = page.locator('[data-testid="recipe-rule"][data-match="app/img/photos/*"]');
  await expect(rule).toContainText('app/img/photos/* → lossy q40, also as WEBP');
  await expect(glob).toHaveValue('');
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')).recipes).toEqual([{ match: 'app/img/photos/*', mode: 'lossy', quality: 40, format: 'webp' }]);
  await expect(page.locator('[data-public-path="app/img/photos/beach.png"]').getByTestId('savings-cell-recipe')).toHaveText('Lossy q40 + WEBP (app/img/photos/*)');

  // Collect applies it: each photo is the lossy q40 encode Porter previews, plus a WebP copy beside it.
  await page.getByTestId('view-tab-project').click();
  await page.getByTestId('collect-button').click();
  await expect(page.getByTestId('collect-summary')).toContainText('Recipes changed 3 files', { timeout: 90_000 });
  const out = path.join(root, 'staticfiles');
  for (const name of ['beach.png', 'forest.png', 'city.jpg']) {
    const publicPath = `app/img/photos/${name}`;
    const source = readFileSync(path.join(root, 'assets', publicPath));
    const written = readFileSync(path.join(out, publicPath));
    expect(written.equals(source)).toBe(false);
    const same = await call(porterServe, 'previewImage', { root, publicPath, mode: 'lossy', quality: 40 });
    expect(same.ok && (same.value as ImagePreview).variant.bytes).toBe(written.length);
    const webpPath = path.join(out, publicPath.replace(/\.[a-z]+$/, '.webp'));
    expect(existsSync(webpPath)).toBe(true);
    expect((await sharp(readFileSync(webpPath)).metadata()).format).toBe('webp');
    const webp = await call(porterServe, 'previewImage', { root, publicPath, mode: 'lossy', quality: 40, format: 'webp' });
    expect(webp.ok && (webp.value as ImagePreview).variant.bytes).toBe(readFileSync(webpPath).length);
  }
  expect(readFileSync(path.join(out, 'app/css/site.css'))).toEqual(readFileSync(path.join(root, 'assets/app/css/site.css')));

  // A mixed selection: each treatment is saved for the selected files it can change, and says how many.
  await page.getByTestId('view-tab-savings').click();
  await page.locator('[data-public-path="app/css/site.css"]').getByRole('checkbox').check();
  await page.locator('[data-public-path="app/css/print.css"]').getByRole('checkbox').check();
  await page.locator('[data-public-path="app/img/photos/city.jpg"]').getByRole('checkbox').check();
  await expect(page.getByTestId('recipe-selection')).toContainText('3 selected (1 image, 2 CSS, JS or other text files)');
  await expect(page.getByTestId('recipe-lossless')).toHaveText('Lossless (1)');
  await expect(page.getByTestId('recipe-minify')).toHaveText('Minify (2)');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('recipe-selection').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'selection-1024.png') });
  await page.getByTestId('recipe-minify').click();
  await expect(page.locator('[data-public-path="app/css/print.css"]').getByTestId('savings-cell-recipe')).toHaveText('Minified');
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')).recipes).toEqual([
    { match: 'app/img/photos/*', mode: 'lossy', quality: 40, format: 'webp' },
    { match: 'app/css/site.css', mode: 'minify' },
    { match: 'app/css/print.css', mode: 'minify' },
  ]);
});

test('a lossless glob recipe takes an effort, chosen with the keyboard; collect writes the same pixels, smaller', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(150_000);
  const shots = testInfo.outputPath('screenshots');
  mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  // A flat UI-like image saved with zlib's fastest setting: every effort finds bytes to save.
  const flat = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#f4f6f8' } })
    .composite([{ input: { create: { width: 60, height: 40, channels: 3, background: '#0d6efd' } }, left: 20, top: 20 }])
    .png({ compressionLevel: 1 })
    .toBuffer();
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }, null, 2) + '\n',
    'site/assets/app/img/ui/panel.png': flat,
    'site/assets/app/img/ui/photo.png': await photoImage(120, 90, 'png'),
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toBeVisible({ timeout: 90_000 });
  await page.getByTestId('recipe-rules').locator('summary').click();

  const glob = page.getByTestId('recipe-glob');
  const mode = page.getByTestId('recipe-glob-mode');
  await glob.fill('app/img/ui/*');
  await expect(page.getByTestId('recipe-glob-effort')).toBeHidden();
  await mode.selectOption('lossless');
  const effort = page.getByTestId('recipe-glob-effort');
  await expect(effort).toHaveValue('balanced');
  await expect(page.getByTestId('recipe-glob-effort-help')).toContainText('Balanced');
  // Keyboard only: from the treatment to the effort menu, down to "Smallest (slow)".
  await mode.focus();
  await page.keyboard.press('Tab');
  await expect(effort).toBeFocused();
  await effort.selectOption('max');
  await expect(page.getByTestId('recipe-glob-effort-help')).toContainText('Smallest');
  await expect(page.getByTestId('recipe-glob-status')).toHaveText('Matches 2 files: 2 PNG');
  await page.screenshot({ path: path.join(shots, 'effort-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.getByTestId('recipe-glob-form').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, 'effort-1024.png') });
  await glob.focus();
  await page.keyboard.press('Enter');
  const rule = page.locator('[data-testid="recipe-rule"][data-match="app/img/ui/*"]');
  await expect(rule).toContainText('app/img/ui/* → lossless, max effort');
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')).recipes).toEqual([{ match: 'app/img/ui/*', mode: 'lossless', effort: 'max' }]);
  await expect(page.locator('[data-public-path="app/img/ui/panel.png"]').getByTestId('savings-cell-recipe')).toHaveText('Lossless, smallest (app/img/ui/*)');

  await page.getByTestId('view-tab-project').click();
  await page.getByTestId('collect-button').click();
  await expect(page.getByTestId('collect-summary')).toContainText('Recipes changed', { timeout: 90_000 });
  const source = readFileSync(path.join(root, 'assets/app/img/ui/panel.png'));
  const written = readFileSync(path.join(root, 'staticfiles/app/img/ui/panel.png'));
  expect(written.length).toBeLessThan(source.length);
  const rgba = (bytes: Buffer) => sharp(bytes).ensureAlpha().raw().toBuffer();
  expect((await rgba(written)).equals(await rgba(source))).toBe(true);
});
