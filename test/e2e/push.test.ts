import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page, TestInfo } from '@playwright/test';
import { runCollect } from '../../electron/core/collect/index';
import { openEnvironment, planPush, runPush } from '../../electron/core/push/index';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

// porter serve reads credentials the way users give them: from the AWS environment variables.
process.env.AWS_ACCESS_KEY_ID = S3RVER_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = S3RVER_CREDENTIALS.secretAccessKey;

let s3: S3Server;
test.beforeAll(async () => {
  s3 = await startS3Server(['e2e-staging', 'e2e-production', 'e2e-retry']);
});
test.afterAll(() => s3.stop());

const reader = () => new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const read = async (bucket: string, key: string) => (await reader().send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();

/** Terminal advice a designer must never see in the Push view: a CLI command, a flag, the word itself. */
const terminalTalk = /porter |--|terminal/i;

async function expectNoTerminalTalk(page: Page): Promise<void> {
  await expect(page.getByTestId('push-view')).not.toContainText(terminalTalk);
}

/** The view at both window sizes the app is checked at. */
async function shots(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}x${height}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** A loopback port nothing listens on (yet): a store that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** From now on, connections to `port` reach s3rver: the store is back. */
async function forward(port: number, target: string): Promise<net.Server> {
  const { port: targetPort } = new URL(target);
  const server = net.createServer((socket) => {
    const upstream = net.connect(Number(targetPort), '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

test('Publish collects, shows the plan, sends with progress and cancel, then rolls back and promotes', async ({ page, workspace, porterServe }, testInfo) => {
  // Uploads to staging are slow on demand, so the progress can be seen and cancelled.
  let slowUploads = true;
  const proxy: FaultProxy = await startFaultProxy(s3.endpoint, (request) => (slowUploads && request.method === 'PUT' && !request.url.includes('/porter/') ? { kind: 'slow', delayMs: 2000 } : { kind: 'pass' }));
  try {
    const env = (bucket: string, endpoint: string) => ({ type: 's3', bucket, region: 'us-east-1', endpoint, forcePathStyle: true, prefix: 'static/', publicUrl: `https://cdn.example.com/${bucket}/` });
    workspace.write({
      'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { staging: env('e2e-staging', proxy.endpoint), production: env('e2e-production', s3.endpoint) } }, null, 2),
      'site/assets/css/site.css': 'body { background: url("../img/dot.png"); }\n',
      'site/assets/img/dot.png': 'a tiny image',
    });
    const root = workspace.path('site');
    const out = path.join(root, 'staticfiles');

    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    await porter.openProject(root);
    await page.getByTestId('view-tab-push').click();
    await expect(page.getByTestId('push-environment')).toHaveValue('staging');
    // Nothing is collected yet, and nothing asks the user to collect: Publish does it.
    await expect(page.getByTestId('publish-button')).toHaveText('Publish to staging');
    await expect(page.getByTestId('push-error')).toHaveCount(0);
    expect(existsSync(out)).toBe(false);
    await expectNoTerminalTalk(page);

    await page.getByTestId('publish-button').click();
    await expect(page.getByTestId('push-plan-summary')).toContainText('5 new, 0 changed, 0 unchanged');
    expect(existsSync(path.join(out, 'staticfiles.json'))).toBe(true);
    await expect(page.getByTestId('push-change')).toHaveCount(5);
    await expect(page.getByTestId('publish-steps').locator('li[aria-current="step"]')).toContainText('Review');
    await expectAccessible(page, 'Push');

    await page.getByTestId('publish-send').click();
    await expect(page.getByTestId('push-run')).toHaveAttribute('data-phase', 'send');
    await expect(page.getByTestId('push-progress-text')).toContainText(/^0 of 5 files · 0 B of /);
    await expect(page.getByTestId('push-progress-text')).not.toContainText('0 of 0');
    await shots(page, testInfo, 'push-progress');
    await page.getByTestId('push-cancel').click();
    await expect(page.getByTestId('push-cancelled')).toContainText('the live manifest was not touched');

    slowUploads = false;
    await page.getByTestId('publish-button').click();
    await expect(page.getByTestId('push-plan-summary')).toContainText('0 changed');
    await page.getByTestId('publish-send').click();
    await expect(page.getByTestId('push-result')).toContainText(/Published \d files?/);
    await expect(page.getByTestId('publish-steps').locator('li[data-status="done"]')).toHaveCount(3);
    await page.getByTestId('push-log-toggle').click();
    await expect(page.getByTestId('push-url').first()).toHaveAttribute('href', /^https:\/\/cdn\.example\.com\/e2e-staging\//);
    await expect(page.getByTestId('release-row')).toHaveCount(1);
    const firstManifest = readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
    expect(await read('e2e-staging', 'static/staticfiles.json')).toBe(firstManifest);
    const head = await reader().send(new HeadObjectCommand({ Bucket: 'e2e-staging', Key: `static/${(JSON.parse(firstManifest) as { paths: Record<string, string> }).paths['css/site.css']}` }));
    expect(head.CacheControl).toBe('public, max-age=31536000, immutable');
    await expectNoTerminalTalk(page);

    // A source edited, and not collected by hand: Publish collects it, so what goes out is never stale.
    writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: red; background: url("../img/dot.png"); }\n');
    await page.getByTestId('publish-button').click();
    await expect(page.getByTestId('push-plan-summary')).toContainText('1 new, 2 changed');
    await page.getByTestId('publish-send').click();
    await expect(page.getByTestId('push-result')).toContainText('Published 3 files');
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
    // The rollback's notice belongs to the rollback: a new action starts clean.
    await expect(page.getByTestId('push-notice')).toHaveCount(0);
    await expect(page.getByTestId('push-confirm')).toContainText('Promote staging to production?');
    await page.getByTestId('push-confirm-confirm').click();
    await expect(page.getByTestId('push-notice')).toContainText('production now holds what staging holds');
    expect(await read('e2e-production', 'static/staticfiles.json')).toBe(firstManifest);
    await expectNoTerminalTalk(page);
  } finally {
    await proxy.stop();
  }
});

test('a fresh project publishes to a folder with public URLs; a promote to an unreachable store shows why, and Retry runs it again', async ({ page, workspace, porterServe }, testInfo) => {
  const port = await closedPort();
  workspace.write({
    'site/porter.json': JSON.stringify({
      sources: ['assets'],
      environments: {
        local: { type: 'folder', path: 'public/static', publicUrl: 'https://static.example.com/site/' },
        production: { type: 's3', bucket: 'e2e-retry', region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true },
      },
    }),
    'site/assets/css/site.css': 'body { background: url("../img/dot.png"); }\n',
    'site/assets/img/dot.png': 'a tiny image',
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();
  await expect(page.getByTestId('push-environment')).toHaveValue('local');
  await expect(page.getByTestId('publish-button')).toBeVisible();
  await expectNoTerminalTalk(page);
  await shots(page, testInfo, 'push-before-publish');

  // By keyboard: each step keeps focus in the flow, so the next control is one Tab away.
  await page.getByTestId('publish-button').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('push-plan-summary')).toContainText('5 new');
  await expectNoTerminalTalk(page);
  await shots(page, testInfo, 'push-plan');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('publish-send')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('push-result')).toContainText('Published 5 files');
  await page.getByTestId('push-log-toggle').click();
  const manifest = JSON.parse(readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashedCss = manifest.paths['css/site.css']!;
  await expect(page.getByTestId('push-url')).toHaveCount(5);
  await expect(page.getByRole('link', { name: `https://static.example.com/site/${hashedCss}` })).toHaveAttribute('href', `https://static.example.com/site/${hashedCss}`);
  expect(readFileSync(path.join(root, 'public/static', hashedCss), 'utf8')).toContain('dot.');
  await expectNoTerminalTalk(page);
  await expectAccessible(page, 'Push done');
  await shots(page, testInfo, 'push-done');

  await expect(page.getByTestId('promote-target')).toHaveValue('production');
  await page.getByTestId('promote-button').click();
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-error')).toContainText(`Cannot reach http://127.0.0.1:${port} (ECONNREFUSED)`);
  await expect(page.getByTestId('push-retry')).toBeVisible();
  await expectNoTerminalTalk(page);
  await expectAccessible(page, 'Push error');
  await shots(page, testInfo, 'push-error');

  const store = await forward(port, s3.endpoint);
  try {
    await page.getByTestId('push-retry').click();
    await expect(page.getByTestId('push-notice')).toContainText('production now holds what local holds (5 files copied');
    await expect(page.getByTestId('push-error')).toHaveCount(0);
    expect(await read('e2e-retry', 'staticfiles.json')).toBe(readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8'));
  } finally {
    await new Promise<void>((resolve) => store.close(() => resolve()));
  }
});

test('a bad environment in porter.json is explained, a bad name says which field, and a new one can be added from the view', async ({ page, workspace, porterServe }) => {
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
  await page.getByTestId('environment-name').fill('my staging');
  await page.getByTestId('environment-type').selectOption('folder');
  await page.getByTestId('environment-path').fill('public/static');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('push-error')).toContainText('Porter could not save the environment. Name: Use letters, digits, "-" and "_".');
  await expect(page.getByTestId('push-error')).not.toContainText(/saveEnvironment|Invalid input/);
  await page.getByTestId('environment-name').fill('toString');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('push-error')).toContainText('Name: "toString" is reserved (Porter uses it internally); choose another name, like "staging".');
  await page.getByTestId('environment-name').fill('staging');
  await page.getByTestId('environment-save').click();
  await expect(page.getByTestId('push-notice')).toContainText('Saved staging to porter.json.');
  await expect(page.getByTestId('push-error')).toHaveCount(0);
  const saved = JSON.parse(readFileSync(workspace.path('site/porter.json'), 'utf8')) as { environments: unknown; sources: unknown };
  expect(saved).toEqual({ sources: ['assets'], environments: { staging: { type: 'folder', path: 'public/static' } } });
  // Nothing collected yet, and nothing to do about it but publish.
  await expect(page.getByTestId('publish-button')).toHaveText('Publish to staging');
  await expectNoTerminalTalk(page);
});

test('a damaged release record is shown as damaged, and a rollback across it warns in the dialog before anything changes', async ({ page, workspace, porterServe }, testInfo) => {
  // Three collects and pushes before the page opens.
  test.setTimeout(180_000);
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public/static' } } }, null, 2),
    'site/assets/css/site.css': 'body { color: red; }\n',
  });
  const root = workspace.path('site');
  const out = path.join(root, 'staticfiles');
  const manifests: string[] = [];
  const ids: string[] = [];
  for (const colour of ['red', 'green', 'blue']) {
    writeFileSync(path.join(root, 'assets/css/site.css'), `body { color: ${colour}; }\n`);
    await runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
    const context = await openEnvironment(root, 'local');
    ids.push((await runPush(context, await planPush(context, out))).release.id);
    manifests.push(readFileSync(path.join(out, 'staticfiles.json'), 'utf8'));
  }
  writeFileSync(path.join(root, 'public/static/.porter/releases', `${ids[1]}.json`), '{"id": "trunc');

  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();
  await expect(page.getByTestId('release-row')).toHaveCount(3);
  const damagedRow = page.locator(`[data-testid="release-row"][data-release-id="${ids[1]}"]`);
  await expect(damagedRow.getByTestId('release-damaged')).toHaveText('damaged');
  await expect(damagedRow).toContainText('cannot be read');
  await expect(damagedRow.getByTestId('release-rollback')).toHaveCount(0);
  await expect(page.locator('[data-testid="release-row"][data-current="true"]')).toHaveAttribute('data-release-id', ids[2]!);
  await shots(page, testInfo, 'releases-damaged');

  await page.locator(`[data-testid="release-row"][data-release-id="${ids[0]}"]`).getByTestId('release-rollback').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rollback-damaged-warning')).toContainText(`Release ${ids[1]} comes in between, and its record is damaged`);
  await shots(page, testInfo, 'rollback-damaged-confirm');
  await expectNoTerminalTalk(page);
  // Cancelled: nothing changed.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('push-confirm')).toHaveCount(0);
  expect(readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8')).toBe(manifests[2]);

  await page.locator(`[data-testid="release-row"][data-release-id="${ids[0]}"]`).getByTestId('release-rollback').click();
  await expect(page.getByTestId('push-confirm-confirm')).toHaveText('Roll back anyway');
  await page.getByTestId('push-confirm-confirm').click();
  await expect(page.getByTestId('push-notice')).toContainText(`local now serves release ${ids[0]}`);
  expect(readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8')).toBe(manifests[0]);
  await expect(page.locator('[data-testid="release-row"][data-current="true"]')).toHaveAttribute('data-kind', 'rollback');
  await expectNoTerminalTalk(page);
});
