import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runCollect } from '../../electron/core/collect/index';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

// porter serve reads credentials the way users give them: from the AWS environment variables.
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;

let s3: S3Server;
test.beforeAll(async () => {
  s3 = await startS3Server(['e2e-staging', 'e2e-production']);
});
test.afterAll(() => s3.stop());

const reader = () => new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const read = async (bucket: string, key: string) => (await reader().send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

test('the Push view plans, pushes, rolls back and promotes, and the bucket holds exactly that', async ({ page, workspace, porterServe }, testInfo) => {
  const env = (bucket: string) => ({ type: 's3', bucket, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/', publicUrl: `https://cdn.example.com/${bucket}/` });
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { staging: env('e2e-staging'), production: env('e2e-production') } }, null, 2),
    'site/assets/css/site.css': 'body { background: url("../img/dot.png"); }\n',
    'site/assets/img/dot.png': 'a tiny image',
  });
  const root = workspace.path('site');
  const out = path.join(root, 'staticfiles');
  const collect = () => runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
  await collect();

  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();
  await expect(page.getByTestId('push-environment')).toHaveValue('staging');
  await expect(page.getByTestId('push-plan-summary')).toContainText('5 new, 0 changed, 0 unchanged');
  await expect(page.getByTestId('push-change')).toHaveCount(5);
  await expectAccessible(page, 'Push');
  await page.screenshot({ path: testInfo.outputPath('push-plan.png'), fullPage: true });

  await page.getByTestId('push-button').click();
  const confirm = page.getByTestId('push-confirm');
  await expect(confirm).toContainText('Push to staging?');
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-result')).toContainText('Pushed 5 files');
  await expect(page.getByTestId('push-url').first()).toHaveAttribute('href', /^https:\/\/cdn\.example\.com\/e2e-staging\//);
  await expect(page.getByTestId('push-plan-summary')).toContainText('0 new, 0 changed, 5 unchanged');
  await expect(page.getByTestId('release-row')).toHaveCount(1);
  const firstManifest = readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
  expect(await read('e2e-staging', 'static/staticfiles.json')).toBe(firstManifest);
  const head = await reader().send(new HeadObjectCommand({ Bucket: 'e2e-staging', Key: `static/${(JSON.parse(firstManifest) as { paths: Record<string, string> }).paths['css/site.css']}` }));
  expect(head.CacheControl).toBe('public, max-age=31536000, immutable');
  await page.screenshot({ path: testInfo.outputPath('push-done.png'), fullPage: true });

  writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: red; background: url("../img/dot.png"); }\n');
  await collect();
  await page.getByTestId('push-refresh').click();
  await expect(page.getByTestId('push-plan-summary')).toContainText('1 new, 2 changed');
  await page.getByTestId('push-button').click();
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-result')).toContainText('Pushed 3 files');
  await expect(page.getByTestId('release-row')).toHaveCount(2);
  expect(await read('e2e-staging', 'static/staticfiles.json')).not.toBe(firstManifest);

  await page.locator('[data-testid="release-row"][data-current="false"]').getByTestId('release-rollback').click();
  await expect(page.getByTestId('push-confirm')).toContainText('Roll staging back?');
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-notice')).toContainText('staging now serves release');
  expect(await read('e2e-staging', 'static/staticfiles.json')).toBe(firstManifest);
  await expect(page.locator('[data-testid="release-row"][data-current="true"]')).toHaveAttribute('data-kind', 'rollback');

  await expect(page.getByTestId('promote-target')).toHaveValue('production');
  await page.getByTestId('promote-button').click();
  await expect(page.getByTestId('push-confirm')).toContainText('Promote staging to production?');
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-notice')).toContainText('production now holds what staging holds');
  expect(await read('e2e-production', 'static/staticfiles.json')).toBe(firstManifest);
  await page.screenshot({ path: testInfo.outputPath('push-releases.png'), fullPage: true });
});

test('a bad environment in porter.json is explained, and a new one can be added from the view', async ({ page, workspace, porterServe }) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { staging: { type: 's3' } } }),
    'site/assets/app.js': 'console.log(1);\n',
  });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await page.getByTestId('view-tab-push').click();
  await expect(page.getByTestId('push-environments-problem')).toContainText('environments.staging.bucket is required');
  await page.getByTestId('environment-add').click();
  await page.getByTestId('environment-name').fill('staging');
  await page.getByTestId('environment-type').selectOption('folder');
  await page.getByTestId('environment-path').fill('public/static');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('push-notice')).toContainText('Saved staging to porter.json.');
  const saved = JSON.parse(readFileSync(workspace.path('site/porter.json'), 'utf8')) as { environments: unknown; sources: unknown };
  expect(saved).toEqual({ sources: ['assets'], environments: { staging: { type: 'folder', path: 'public/static' } } });
  // Nothing collected yet: the plan says what to do first.
  await expect(page.getByTestId('push-error')).toContainText('Run a collect into it first');
});
