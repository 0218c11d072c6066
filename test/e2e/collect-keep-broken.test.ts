// Issue 15 §2: a vendor's CSS and JS name files the vendor never shipped. The broken-reference list offers to collect
// anyway with exactly those left as they are, to remember them in porter.json, and to drop a missing map's comment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('keeps the listed broken references by keyboard, remembers them in porter.json and drops the missing map', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['static'] }),
    'site/static/site.css': '.logo { background: url("img/logo.png"); }\n',
    'site/static/img/logo.png': 'png',
    'site/static/vendor/select2.css': '.x { background: url(spinner.gif); }\n/*# sourceMappingURL=select2.css.map */\n',
  });
  const root = workspace.path('site');
  const outDir = workspace.path('out');
  const porter = new PorterPage(page);

  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await porter.outDir.fill(outDir);
  await porter.collectButton.focus();
  await page.keyboard.press('Enter');

  await expect(page.getByTestId('collect-failure-message')).toContainText('2 broken references');
  await expect(porter.brokenRows).toHaveCount(2);
  const choice = page.getByTestId('collect-keep-broken-choice');
  await expect(choice).toContainText('the references above stay exactly as they are');
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await choice.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`keep-broken-choice-${width}.png`) });
  }

  // Keyboard only: Space ticks each box, Tab moves on to the next, Enter presses the button.
  await page.getByTestId('collect-keep-remember').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('collect-keep-drop-maps')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  const keep = page.getByTestId('collect-keep-broken');
  await expect(keep).toBeFocused();
  await expect(keep).toHaveText('Keep these as they are and collect');
  await page.keyboard.press('Enter');

  await expect(porter.progress).toHaveAttribute('data-state', 'done');
  await expect(porter.summary).toHaveText(/post-processed\. Kept 1 broken reference as it is\. Dropped 1 sourceMappingURL comment whose map is missing\.$/);
  await expect(page.getByTestId('collect-kept-references-row')).toHaveCount(1);
  await expect(page.getByTestId('collect-kept-references-row').locator('td').nth(2)).toHaveText('spinner.gif');
  await expect(page.getByTestId('collect-dropped-source-maps-row')).toHaveCount(1);
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await page.getByTestId('collect-kept-references').scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`kept-references-${width}.png`) });
  }

  const manifest = JSON.parse(readFileSync(path.join(outDir, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  expect(readFileSync(path.join(outDir, manifest.paths['vendor/select2.css']!), 'utf8')).toBe('.x { background: url(spinner.gif); }\n\n');
  expect(readFileSync(path.join(outDir, manifest.paths['site.css']!), 'utf8')).toMatch(/url\("img\/logo\.[0-9a-f]{12}\.png"\)/);
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual({
    sources: ['static'],
    collect: { keepBrokenReferences: [{ file: 'vendor/select2.css', reference: 'spinner.gif' }], dropMissingSourceMaps: true },
  });

  // Remembered: the next collect goes through with no question asked.
  await porter.collectButton.focus();
  await page.keyboard.press('Enter');
  await expect(porter.progress).toHaveAttribute('data-state', 'done');
  await expect(porter.summary).toContainText('Kept 1 broken reference as it is.');
});
