// The main actions with the keyboard alone: no click, no fill, no selectOption; only key presses, and the files the
// system's file picker hands over. Each step asserts where focus is and what the user sees.
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { expectAccessible } from './accessibility';
import { screenshotsAtBothSizes, tabTo } from './keyboard-steps';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('open, collect, compare, import and push with the keyboard alone', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(180_000);
  const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#3366cc' } })
    .composite([{ input: Buffer.from('<svg width="320" height="200"><circle cx="160" cy="100" r="80" fill="#ffcc00"/></svg>') }])
    .png({ compressionLevel: 0 })
    .toBuffer();
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public/static' }, staging: { type: 'folder', path: 'public/staging' } } }),
    'site/assets/css/site.css': 'body {\n  color: #333333;\n}\n',
    'site/assets/img/photo.png': photo,
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  const shot = (name: string) => testInfo.outputPath(name);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);

  // Open a project: type its folder and press Enter.
  await tabTo(page, porter.pathInput);
  await page.keyboard.type(root);
  await page.keyboard.press('Enter');
  await expect(porter.projectRoot).toHaveText(root);

  // Collect.
  await tabTo(page, porter.collectButton);
  await page.keyboard.press('Enter');
  await expect(porter.summary).toBeVisible({ timeout: 60_000 });

  // Switch views with the arrow keys, as in any tab list.
  const tab = (name: string) => page.getByTestId(`view-tab-${name}`);
  await tabTo(page, tab('project'), { backwards: true });
  await page.keyboard.press('ArrowRight');
  await expect(tab('savings')).toBeFocused();
  await expect(tab('savings')).toHaveAttribute('aria-selected', 'true');

  // Measure savings, then open the compare of the photo.
  await tabTo(page, page.getByTestId('savings-run'));
  await page.keyboard.press('Enter');
  const photoRow = page.locator('[data-testid="savings-row"][data-public-path="img/photo.png"]');
  await expect(photoRow).toBeVisible({ timeout: 90_000 });
  const compareLink = photoRow.getByTestId('savings-compare');
  await tabTo(page, compareLink);
  await page.keyboard.press('Enter');
  const compare = page.getByRole('dialog', { name: 'img/photo.png' });
  await expect(compare).toBeVisible();
  await expect(compare.getByTestId('compare-close')).toBeFocused();
  // The preview adds the divider to the dialog's controls, so wait for the full-size one before walking them.
  await expect(compare.getByTestId('compare-numbers')).toHaveAttribute('data-full-size', 'true', { timeout: 60_000 });

  // Focus stays inside: Shift+Tab from the first control goes to the last, Tab from there back to the first.
  await page.keyboard.press('Shift+Tab');
  expect(await compare.evaluate((dialog) => dialog.contains(dialog.ownerDocument.activeElement) && dialog.ownerDocument.activeElement !== dialog.querySelector('[data-testid="compare-close"]'))).toBe(true);
  await page.keyboard.press('Tab');
  await expect(compare.getByTestId('compare-close')).toBeFocused();

  // "Use for this file" says in words what it saved, and the dialog stays open and usable.
  await tabTo(page, compare.getByTestId('compare-use'));
  await page.keyboard.press('Enter');
  await expect(compare.getByTestId('compare-use-status')).toHaveText('Recipe saved: lossy, auto quality for img/photo.png. Collect applies it from now on.');
  await expect(compare.getByTestId('compare-use')).toBeFocused();
  await expect(compare.getByTestId('compare-numbers')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'compare dialog');
  await screenshotsAtBothSizes(page, shot, 'compare-dialog');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Escape closes it from wherever focus is inside, and focus goes back to the link that opened it.
  await tabTo(page, compare.getByTestId('compare-mode'), { backwards: true });
  await page.keyboard.press('Escape');
  await expect(compare).toHaveCount(0);
  await expect(compareLink).toBeFocused();

  // Import a file through Add files…: Enter on the button opens the system's file picker.
  await tabTo(page, tab('savings'), { backwards: true });
  await page.keyboard.press('ArrowLeft');
  await expect(tab('project')).toHaveAttribute('aria-selected', 'true');
  const addFiles = page.getByTestId('add-files-button');
  await tabTo(page, addFiles);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles([{ name: 'hero.png', mimeType: 'image/png', buffer: photo }]);
  const importing = page.getByTestId('import-dialog');
  await expect(page.getByRole('dialog', { name: 'Add 1 file to site' })).toBeVisible();
  await expect(importing.getByTestId('import-source')).toBeFocused();
  await expectAccessible(page, 'import dialog');
  await tabTo(page, importing.getByTestId('import-confirm'));
  await expect(importing.getByTestId('import-confirm')).toHaveText('Copy 1 file into the project');
  await page.keyboard.press('Enter');
  await expect(importing.getByTestId('import-summary')).toContainText('Copied 1 file');
  await expect(importing.getByTestId('import-done')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(importing).toHaveCount(0);
  await expect(addFiles).toBeFocused();
  expect(existsSync(workspace.path('site/assets/hero.png'))).toBe(true);
  await expect(porter.assetRow('hero.png', 'collected')).toBeVisible();

  // Collect again, then publish: Publish collects, shows the plan, and Send is one Tab away.
  await tabTo(page, porter.collectButton, { backwards: true });
  await page.keyboard.press('Enter');
  // The recipe saved from the compare dialog applies to this collect.
  await expect(porter.summary).toContainText('Recipes changed 1 file', { timeout: 60_000 });
  await tabTo(page, tab('project'), { backwards: true });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(tab('push')).toHaveAttribute('aria-selected', 'true');
  const publishButton = page.getByTestId('publish-button');
  await tabTo(page, publishButton);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('push-plan-summary')).toContainText('new');
  await tabTo(page, page.getByTestId('publish-send'));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('push-result')).toContainText(/Published \d+ files? \([^)]+\) to local/);
  expect(existsSync(workspace.path('site/public/static/staticfiles.json'))).toBe(true);

  // Promote asks first in a confirm dialog, with the safe answer focused; Escape gives focus back to the button.
  const promoteButton = page.getByTestId('promote-button');
  await expect(page.getByTestId('promote-target')).toHaveValue('staging');
  await tabTo(page, promoteButton);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog', { name: 'Promote local to staging?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByTestId('push-confirm-cancel')).toBeFocused();
  await expectAccessible(page, 'confirm dialog');
  await screenshotsAtBothSizes(page, shot, 'confirm-dialog');
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(promoteButton).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(confirm).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(confirm.getByTestId('push-confirm-confirm')).toBeFocused();
  // Tab from the last control comes back to the first.
  await page.keyboard.press('Tab');
  await expect(confirm.getByTestId('push-confirm-cancel')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('push-notice')).toContainText('staging now holds what local holds');
  expect(existsSync(workspace.path('site/public/staging/staticfiles.json'))).toBe(true);
});
