import { existsSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

const png = (colour: string) => sharp({ create: { width: 40, height: 20, channels: 3, background: colour } }).png().toBuffer();

test('a dropped file that would replace one asks first, shows both versions, and can keep both', async ({ page, workspace, porterServe }) => {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['assets'] }), 'site/assets/img/logo.png': await png('#c00') });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  const incoming = await png('#00c');
  const files = [
    { name: 'logo.png', type: 'image/png', base64: incoming.toString('base64') },
    { name: 'notes.txt~', type: 'text/plain', base64: Buffer.from('backup').toString('base64') },
  ];
  // A string, because this runs in the page, whose DOM types the Node-side type-check does not load.
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const { name, type, base64 } of ${JSON.stringify(files)}) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type }));
    return transfer;
  })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('main', type, { dataTransfer });

  await page.getByTestId('import-folder').fill('img');
  const logo = page.locator('[data-testid="import-entry"][data-public-path="img/logo.png"]');
  await expect(logo.getByTestId('import-conflict')).toContainText('40×20');
  await expect(logo.getByTestId('import-existing-preview')).toHaveAttribute('src', /^data:image\/webp/);
  await expect(logo.getByRole('img', { name: 'Dropped logo.png' })).toBeVisible();
  await expect(page.locator('[data-testid="import-entry"][data-public-path="img/notes.txt~"]')).toContainText('Collect will skip this file');

  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-error')).toContainText('Choose what to do with img/logo.png first');
  await logo.getByTestId('import-decision-keep-both').check();
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('Copied 2 files');
  expect(readFileSync(workspace.path('site/assets/img/logo (2).png'))).toEqual(incoming);
  expect(readFileSync(workspace.path('site/assets/img/logo.png'))).toEqual(await png('#c00'));
  expect(existsSync(workspace.path('site/assets/img/notes.txt~'))).toBe(true);
});
