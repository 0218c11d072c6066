import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

const png = (colour: string) => sharp({ create: { width: 40, height: 20, channels: 3, background: colour } }).png().toBuffer();

/** Drops files on the window as a user's drag would, through a DataTransfer built in the page. */
async function dropFiles(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  const encoded = files.map(({ name, type, bytes }) => ({ name, type, base64: bytes.toString('base64') }));
  // A string, because this runs in the page, whose DOM types the Node-side type-check does not load.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const { name, type, base64 } of ${JSON.stringify(encoded)}) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
    return transfer;
  })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('main', type, { dataTransfer });
}

test('a drop that clashes asks without preselecting, says what is already there, and keeps both under a URL-safe name', async ({ page, workspace, porterServe }, testInfo) => {
  const existing = await png('#c00');
  const same = await png('#0c0');
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['assets'] }), 'site/assets/img/logo.png': existing, 'site/assets/img/badge.png': same });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  const incoming = await png('#00c');
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');
  await dropFiles(page, [
    { name: 'logo.png', type: 'image/png', bytes: incoming },
    { name: 'badge.png', type: 'image/png', bytes: same },
    { name: 'icon.png', type: 'image/png', bytes: svg },
    { name: 'notes.txt~', type: 'text/plain', bytes: Buffer.from('backup') },
  ]);

  await page.getByTestId('import-folder').fill('img');
  const entry = (publicPath: string) => page.locator(`[data-testid="import-entry"][data-public-path="${publicPath}"]`);
  const logo = entry('img/logo.png');
  await expect(logo.getByTestId('import-conflict')).toContainText('40×20');
  await expect(logo.getByTestId('import-existing-preview')).toHaveAttribute('src', /^data:image\/webp/);
  await expect(logo.getByRole('img', { name: 'Dropped logo.png' })).toBeVisible();
  await expect(entry('img/notes.txt~')).toContainText('Collect will skip this file');

  // Identical bytes: no clash to decide.
  await expect(entry('img/badge.png').getByTestId('import-already-there')).toContainText('Already there');
  await expect(entry('img/badge.png').getByTestId('import-conflict')).toHaveCount(0);
  // An SVG named .png is refused, with what it really is.
  await expect(entry('img/icon.png')).toContainText('it is really an SVG image, not a PNG image: rename it to icon.svg');

  // Nothing is chosen for the user; the confirm button says what is left to decide.
  for (const choice of await logo.getByRole('radio').all()) await expect(choice).not.toBeChecked();
  const confirm = page.getByTestId('import-confirm');
  await expect(confirm).toHaveText('Decide 1 file');
  await expect(confirm).toBeDisabled();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('import-dialog-1440x900.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('import-dialog-1024x700.png') });

  // "Keep both" says the new name before anything is written.
  await logo.getByRole('radio', { name: 'Keep both: add it as logo-2.png' }).check();
  await expect(confirm).toHaveText('Copy 2 files into the project');
  expect(existsSync(workspace.path('site/assets/img/logo-2.png'))).toBe(false);
  await confirm.click();
  await expect(page.getByTestId('import-summary')).toContainText('Copied 2 files, 1 already there unchanged');
  await expect(page.getByTestId('import-dialog')).toContainText('icon.png: it is really an SVG image');
  expect(readFileSync(workspace.path('site/assets/img/logo-2.png'))).toEqual(incoming);
  expect(readFileSync(workspace.path('site/assets/img/logo.png'))).toEqual(existing);
  expect(existsSync(workspace.path('site/assets/img/notes.txt~'))).toBe(true);
  expect(readdirSync(workspace.path('site/assets/img')).sort()).toEqual(['badge.png', 'logo-2.png', 'logo.png', 'notes.txt~']);
});

test('Add files… opens a file picker whose files take the same way as a drop', async ({ page, workspace, porterServe }) => {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['assets'] }), 'site/assets/css/site.css': 'body{}' });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('add-files-button').click();
  const picker = await chooser;
  expect(picker.isMultiple()).toBe(true);
  await picker.setFiles([{ name: 'hero.png', mimeType: 'image/png', buffer: await png('#123') }]);
  await expect(page.getByRole('dialog', { name: 'Add 1 file to site' })).toBeVisible();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('Copied 1 file');
  await page.getByTestId('import-done').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId('add-files-button')).toBeFocused();
  expect(existsSync(workspace.path('site/assets/hero.png'))).toBe(true);
});
