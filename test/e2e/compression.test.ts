// The serving formats from the app: WhiteNoise's .br/.gz copies as a project setting used by Collect and Publish, the
// Savings view saying which files get them, and an environment's pre-compressed uploads in the editor.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

// porter serve reads credentials the way users give them: from the AWS environment variables.
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;

let s3: S3Server;
test.beforeAll(async () => {
  s3 = await startS3Server(['e2e-encoded']);
});
test.afterAll(() => s3.stop());

const css = `.card {\n  padding: 1rem 2rem;\n  color: #222222;\n}\n`.repeat(40);

test('compressed copies: saved for the project, written by Collect, shown in Savings', async ({ page, workspace, porterServe }, testInfo) => {
  test.setTimeout(120_000);
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'] }),
    'site/assets/css/site.css': css,
    'site/assets/img/logo.png': 'not a real png, and never compressed: PNG is on the skip list',
    'site/assets/notes.txt': 'hi',
  });
  const root = workspace.path('site');
  const outDir = workspace.path('out');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);

  const compress = page.getByTestId('collect-compress');
  await expect(compress).not.toBeChecked();
  // Keyboard only: focus the box and press Space.
  await compress.focus();
  await page.keyboard.press('Space');
  await expect(compress).toBeChecked();
  await expect.poll(() => JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')) as unknown).toEqual({ sources: ['assets'], collect: { compress: true } });

  await porter.outDir.fill(outDir);
  await porter.collectButton.click();
  await expect(porter.progress).toHaveAttribute('data-state', 'done');
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashedCss = manifest.paths['css/site.css']!;
  for (const name of ['css/site.css', hashedCss]) {
    const original = readFileSync(path.join(outDir, name));
    expect(brotliDecompressSync(readFileSync(path.join(outDir, `${name}.br`)))).toEqual(original);
    expect(gunzipSync(readFileSync(path.join(outDir, `${name}.gz`)))).toEqual(original);
  }
  expect(existsSync(path.join(outDir, 'img/logo.png.br'))).toBe(false);
  expect(existsSync(path.join(outDir, 'notes.txt.br'))).toBe(false);
  expect(existsSync(path.join(outDir, 'staticfiles.json.gz'))).toBe(false);
  // Four siblings, counted as post-processed as collectstatic counts WhiteNoise's.
  await expect(porter.count('post-processed')).toHaveText('7');
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('collect-compress.png'), fullPage: true });

  // Opening the project again keeps the setting: it lives in porter.json.
  await page.reload();
  await porter.openProject(root);
  await expect(page.getByTestId('collect-compress')).toBeChecked();

  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  await expect(page.getByTestId('savings-totals')).toBeVisible({ timeout: 60_000 });
  const row = (name: string) => page.locator(`[data-testid="savings-row"][data-public-path="${name}"]`);
  await expect(row('css/site.css').getByTestId('savings-siblings')).toHaveText('.br .gz');
  await expect(row('css/site.css').getByTestId('savings-siblings')).toHaveAttribute('title', /writes css\/site\.css\.br and css\/site\.css\.gz/);
  await expect(row('notes.txt').getByTestId('savings-siblings')).toHaveCount(0);
  await expect(row('img/logo.png').getByTestId('savings-siblings')).toHaveCount(0);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('savings-siblings.png'), fullPage: true });
});

test('the environment editor saves pre-compressed uploads for a bucket', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['assets'] }), 'site/assets/a.css': 'a{}' });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();
  await page.getByTestId('environment-add').click();
  await page.getByTestId('environment-name').fill('website');
  await page.getByTestId('environment-type').selectOption('s3');
  await page.getByTestId('environment-bucket').fill('my-site-bucket');
  const encoding = page.getByTestId('environment-content-encoding');
  await expect(encoding).toHaveValue('');
  await encoding.selectOption('gzip');
  await expect(page.getByText('gzip is read by every browser')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('environment-encoding.png'), fullPage: true });
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('push-notice')).toContainText('Saved website to porter.json.');
  const saved = JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')) as { environments: Record<string, unknown> };
  expect(saved.environments.website).toEqual({ type: 's3', bucket: 'my-site-bucket', region: 'us-east-1', prefix: 'static/', contentEncoding: 'gzip' });

  await page.getByTestId('environment-edit').click();
  await expect(page.getByTestId('environment-content-encoding')).toHaveValue('gzip');
  await page.getByTestId('environment-content-encoding').selectOption('');
  await page.getByTestId('environment-save').click();
  await expect.poll(() => (JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')) as { environments: Record<string, Record<string, unknown>> }).environments.website!.contentEncoding).toBeUndefined();
});

test('Publish to a bucket with pre-compressed uploads says so in the plan, and the bucket serves readable bytes', async ({ page, workspace, porterServe }) => {
  test.setTimeout(120_000);
  const environment = { type: 's3', bucket: 'e2e-encoded', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/', contentEncoding: 'gzip' };
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], collect: { compress: true }, environments: { website: environment } }),
    'site/assets/css/site.css': css,
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();
  await page.getByTestId('publish-button').click();
  // site.css and its hashed copy go gzip-compressed; the siblings and the manifest as they are.
  await expect(page.getByTestId('push-change')).toHaveCount(7);
  await expect(page.getByTestId('push-change-encoding')).toHaveCount(2);
  await expect(page.locator('[data-testid="push-change"]', { hasText: 'css/site.css ' }).first()).toContainText('sent gzip-compressed');
  await page.getByTestId('publish-send').click();
  await expect(page.getByTestId('push-result')).toContainText('Published 7 files');

  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const object = await client.send(new GetObjectCommand({ Bucket: 'e2e-encoded', Key: 'static/css/site.css' }));
  expect(object.ContentEncoding).toBe('gzip');
  expect(object.ContentType).toBe('text/css; charset=utf-8');
  expect(gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString()).toBe(css);
});
