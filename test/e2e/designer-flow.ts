// The whole flow a designer goes through, shared by the browser run (through `porter serve`) and the Electron
// run: the demo project, a drop of a PNG and a CSS file, the savings, a lossy recipe, a collect, pushes to a
// bucket on a loopback s3rver, rollback and promotion, with a screenshot and an axe check of each view.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, type Page, type TestInfo } from '@playwright/test';
import sharp from 'sharp';
import { S3RVER_CREDENTIALS, type S3Server } from '../support/s3-server';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';

/** The buckets the flow pushes to; the calling suite's s3rver must have them. */
export const FLOW_BUCKETS = ['flow-staging', 'flow-production'];

export async function designerFlow(page: Page, s3: S3Server, testInfo: TestInfo): Promise<void> {
  const bucketText = async (bucket: string, key: string) => {
    const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
    return Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());
  };

  /** A real drop: DataTransfer with File objects, through dragenter, dragover and drop on the page. */
  async function dropFiles(page: Page, files: { name: string; type: string; base64: string }[]): Promise<void> {
    // A string, because this runs in the page, whose DOM types the Node-side type-check does not load.
    const dataTransfer = await page.evaluateHandle(`(() => {
      const transfer = new DataTransfer();
      for (const { name, type, base64 } of ${JSON.stringify(files)}) {
        transfer.items.add(new File([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], name, { type }));
      }
      return transfer;
    })()`);
    for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('main', type, { dataTransfer });
  }

  async function addEnvironment(page: Page, name: string, bucket: string): Promise<void> {
    await page.getByTestId('environment-add').click();
    await page.getByTestId('environment-name').fill(name);
    await page.getByTestId('environment-type').selectOption('s3');
    await page.getByTestId('environment-bucket').fill(bucket);
    await page.getByTestId('environment-endpoint').fill(s3.endpoint);
    await page.getByTestId('environment-prefix').fill('static/');
    await page.getByTestId('environment-public-url').fill(`https://cdn.example.com/${name}/`);
    await page.getByTestId('environment-save').click();
    await expect(page.getByTestId('push-notice')).toHaveText(`Saved ${name} to porter.json.`);
  }

  async function collect(page: Page): Promise<string> {
    await page.getByTestId('view-tab-project').click();
    await page.getByTestId('collect-button').click();
    const summary = page.getByTestId('collect-summary');
    await expect(summary).toBeVisible({ timeout: 60_000 });
    return (await summary.textContent()) ?? '';
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const porter = new PorterPage(page);
  await expectAccessible(page, 'home');
  await shot('1-home');

  await page.getByTestId('open-demo').click();
  await expect(porter.projectRoot).toHaveText(/demo-project$/);
  const demo = (await porter.projectRoot.textContent())!;
  await expect(porter.assetsCounts).toContainText('collected');
  // Pictures where people would rather look than read: the images have thumbnails.
  await expect(porter.assetRow('shop/img/hero.jpg', 'collected').getByTestId('asset-thumb')).toHaveAttribute('src', /^data:image\/webp;base64,/);
  await expectAccessible(page, 'project');
  await shot('2-project');

  const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3366cc' } })
    .composite([{ input: Buffer.from('<svg width="400" height="300"><circle cx="200" cy="150" r="120" fill="#ffcc00"/></svg>') }])
    .png({ compressionLevel: 0 })
    .toBuffer();
  await dropFiles(page, [
    { name: 'photo.png', type: 'image/png', base64: photo.toString('base64') },
    { name: 'extra.css', type: 'text/css', base64: Buffer.from('.extra {\n  color: #ff0000;\n}\n').toString('base64') },
  ]);
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toContainText('Add 2 files to demo-project');
  await page.getByTestId('import-source').selectOption({ index: 1 });
  await page.getByTestId('import-folder').fill('shop/new');
  await expect(page.getByTestId('import-public-path')).toHaveText(['shop/new/photo.png', 'shop/new/extra.css']);
  await expect(page.getByTestId('import-snippet').first()).toHaveText("{% static 'shop/new/photo.png' %}");
  await expectAccessible(page, 'import dialog');
  await shot('3-drop');
  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-summary')).toContainText('Copied 2 files');
  await page.getByTestId('import-done').click();
  expect(readFileSync(path.join(demo, 'shop/static/shop/new/photo.png'))).toEqual(photo);
  await expect(porter.assetRow('shop/new/photo.png', 'collected')).toBeVisible();

  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  const photoRow = page.locator('[data-testid="savings-row"][data-public-path="shop/new/photo.png"]');
  await expect(photoRow).toBeVisible({ timeout: 90_000 });
  // The row shows with its quick numbers first; its lossy one follows when the auto-quality search is done.
  await expect(photoRow.getByTestId('savings-cell-lossy')).toContainText('%', { timeout: 90_000 });
  await photoRow.getByRole('checkbox').check();
  await page.getByTestId('recipe-auto').click();
  await expect(photoRow.getByTestId('savings-cell-recipe')).toHaveText('Lossy, auto quality');
  await expectAccessible(page, 'savings');
  await shot('4-savings');

  expect(await collect(page)).toMatch(/Recipes changed 1 file/);
  const out = path.join(demo, 'staticfiles');
  const manifest = () => JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashedPhoto = manifest().paths['shop/new/photo.png']!;
  expect(readFileSync(path.join(out, hashedPhoto)).length).toBeLessThan(photo.length);

  await page.getByTestId('view-tab-push').click();
  await addEnvironment(page, 'staging', 'flow-staging');
  await addEnvironment(page, 'production', 'flow-production');
  await page.getByTestId('push-environment').selectOption('staging');
  // Publish collects again (nothing changed since the collect above), then shows the plan to confirm.
  await page.getByTestId('publish-button').click();
  await expect(page.getByTestId('push-plan-summary')).toContainText('0 changed, 0 unchanged');
  await page.getByTestId('publish-send').click();
  await expect(page.getByTestId('push-result')).toContainText('to staging as release');
  const firstManifest = readFileSync(path.join(out, 'staticfiles.json'));
  expect(await bucketText('flow-staging', 'static/staticfiles.json')).toEqual(firstManifest);
  expect(await bucketText('flow-staging', `static/${hashedPhoto}`)).toEqual(readFileSync(path.join(out, hashedPhoto)));
  await expectAccessible(page, 'push');
  await shot('5-push');

  // A second release: one more file dropped and published (Publish collects it).
  await dropFiles(page, [{ name: 'more.css', type: 'text/css', base64: Buffer.from('.more { margin: 0; }\n').toString('base64') }]);
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-done').click();
  await page.getByTestId('view-tab-push').click();
  await page.getByTestId('publish-button').click();
  await expect(page.getByTestId('push-plan-summary')).toContainText(/[1-9] new, 1 changed/);
  await page.getByTestId('publish-send').click();
  await expect(page.getByTestId('release-row')).toHaveCount(2);
  expect(await bucketText('flow-staging', 'static/staticfiles.json')).not.toEqual(firstManifest);

  await page.locator('[data-testid="release-row"][data-current="false"]').getByTestId('release-rollback').click();
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-notice')).toContainText('staging now serves release');
  expect(await bucketText('flow-staging', 'static/staticfiles.json')).toEqual(firstManifest);

  await page.getByTestId('promote-target').selectOption('production');
  await page.getByTestId('promote-button').click();
  await expect(page.getByTestId('push-confirm')).toContainText('Promote staging to production?');
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-notice')).toContainText('production now holds what staging holds');
  expect(await bucketText('flow-production', 'static/staticfiles.json')).toEqual(firstManifest);
  expect(await bucketText('flow-production', `static/${hashedPhoto}`)).toEqual(readFileSync(path.join(out, hashedPhoto)));
  await shot('6-releases');

  await page.getByTestId('view-tab-settings').click();
  await expect(page.getByTestId('settings-cache-dir')).not.toBeEmpty();
  await expectAccessible(page, 'settings');
  await shot('7-settings');
  await page.getByTestId('settings-clear-cache').click();
  await expect(page.getByTestId('settings-notice')).toContainText('of cache');
  await expect(page.getByTestId('settings-cache-bytes')).toHaveText('0 B');
}
