import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('opens a project, shows its sources and assets, and collects it', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }, { dir: 'theme' }, { dir: 'vendor_src', prefix: 'vendor' }] }),
    'site/assets/css/site.css': 'body { background: url("../img/bg.png"); }\n',
    'site/assets/img/bg.png': 'not really a png',
    'site/assets/shared/dup.txt': 'first',
    'site/assets/css/backup.css~': 'editor backup',
    'site/theme/shared/dup.txt': 'second',
    'site/vendor_src/lib.js': 'console.log(1);\n',
  });
  const root = workspace.path('site');
  const outDir = workspace.path('out');
  const porter = new PorterPage(page);

  await porter.goto(porterServe.url);
  await expect(page.getByTestId('no-project')).toBeVisible();
  await porter.openProject(root);

  await expect(porter.sourceRows.getByTestId('source-dir')).toHaveText([
    path.join(root, 'assets'),
    path.join(root, 'theme'),
    path.join(root, 'vendor_src'),
  ]);
  await expect(porter.sourceRows.nth(2).getByTestId('source-prefix')).toHaveText('vendor');
  await expect(porter.sourceRows.getByTestId('source-origin')).toHaveText(['porter.json', 'porter.json', 'porter.json']);
  await expect(page.getByTestId('detection-certainty')).toHaveText('Exact');

  await expect(porter.assetsCounts).toHaveText('6 files: 4 collected (80 B), 1 duplicate, 1 ignored');
  await expect(porter.assetRow('shared/dup.txt', 'collected')).toBeVisible();
  const duplicate = porter.assetRow('shared/dup.txt', 'duplicate');
  await expect(duplicate.getByTestId('asset-badge')).toHaveText('Duplicate');
  await expect(duplicate.getByTestId('asset-reason')).toContainText(path.join(root, 'assets/shared/dup.txt'));
  const ignored = porter.assetRow('css/backup.css~', 'ignored');
  await expect(ignored.getByTestId('asset-badge')).toHaveText('Ignored');
  await expect(ignored.getByTestId('asset-reason')).toContainText('*~');
  await porter.assetsFilter.fill('vendor/');
  await expect(page.getByTestId('asset-row')).toHaveCount(1);
  await expect(porter.assetRow('vendor/lib.js', 'collected')).toBeVisible();

  await expect(porter.outDir).toHaveValue(path.join(root, 'staticfiles'));
  // No Django installed and none pinned in porter.json: the newest version Porter reproduces.
  const djangoVersion = page.getByTestId('collect-django-version');
  await expect(djangoVersion).toHaveValue('6.1');
  await expect(djangoVersion.locator('option')).toHaveText(['Django 3.2', 'Django 4.2', 'Django 5.2', 'Django 6.0', 'Django 6.1']);
  await porter.outDir.fill(outDir);
  await expect(porter.hashing).toBeChecked();
  await expect(porter.dryRun).not.toBeChecked();
  await porter.collectButton.click();

  await expect(porter.progress).toHaveAttribute('data-state', 'done');
  await expect(porter.progress).toHaveAttribute('aria-valuenow', '100');
  await expect(page.getByTestId('collect-progress-phase')).toHaveText('Done');
  await expect(porter.count('copied')).toHaveText('4');
  const postProcessed = await porter.count('post-processed').textContent();
  await expect(porter.summary).toHaveText(`4 static files copied to '${outDir}', ${postProcessed} post-processed.`);
  await expect(porter.count('duplicates-skipped')).toHaveText('1');
  await expect(porter.count('ignored')).toHaveText('1');
  await page.screenshot({ path: testInfo.outputPath('collected.png'), fullPage: true });

  // What the UI reported is what is on disk: each collected file, its hashed copy, and the manifest.
  const manifest = JSON.parse(readFileSync(path.join(outDir, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  expect(Object.keys(manifest.paths).sort()).toEqual(['css/site.css', 'img/bg.png', 'shared/dup.txt', 'vendor/lib.js']);
  for (const [name, hashed] of Object.entries(manifest.paths)) {
    expect(existsSync(path.join(outDir, name)), name).toBe(true);
    expect(existsSync(path.join(outDir, hashed)), hashed).toBe(true);
  }
  expect(readFileSync(path.join(outDir, 'shared/dup.txt'), 'utf8')).toBe('first');
  expect(readFileSync(path.join(outDir, manifest.paths['css/site.css']!), 'utf8')).toContain(path.basename(manifest.paths['img/bg.png']!));
  expect(existsSync(path.join(outDir, 'css/backup.css~'))).toBe(false);
});

test('shows broken references and leaves the output folder untouched', async ({ page, workspace, porterServe }) => {
  workspace.write({
    'broken/porter.json': JSON.stringify({ sources: ['static'] }),
    'broken/static/css/app.css': 'h1 { color: red; }\n.logo { background: url("../img/logo.png"); }\n',
    'broken/static/js/app.js': 'console.log("ok");\n',
    'out/previous.txt': 'from the last deploy',
  });
  const root = workspace.path('broken');
  const outDir = workspace.path('out');
  const porter = new PorterPage(page);

  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await expect(porter.assetsCounts).toHaveText(/^2 files: 2 collected/);
  await porter.outDir.fill(outDir);
  await porter.collectButton.click();

  await expect(porter.failure).toBeVisible();
  await expect(page.getByTestId('collect-failure-message')).toContainText('1 broken reference');
  await expect(porter.failure).toContainText('Nothing was written to the output folder');
  await expect(porter.brokenRows).toHaveCount(1);
  const row = porter.brokenRows.first();
  await expect(row.locator('td').nth(0)).toContainText('css/app.css');
  await expect(row.locator('td').nth(1)).toHaveText('2');
  await expect(row.locator('td').nth(2)).toHaveText('../img/logo.png');
  await expect(row.locator('td').nth(3)).toContainText('img/logo.png');
  await expect(porter.progress).toHaveCount(0);
  await expect(porter.summary).toHaveCount(0);

  expect(readdirSync(outDir)).toEqual(['previous.txt']);
  expect(readFileSync(path.join(outDir, 'previous.txt'), 'utf8')).toBe('from the last deploy');
});

test('a dry run reports what would be copied and writes nothing', async ({ page, workspace, porterServe }) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['static'] }),
    'site/static/css/a.css': 'a { color: red; }\n',
    'site/static/img/b.png': 'png',
  });
  const outDir = workspace.path('out');
  const porter = new PorterPage(page);

  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await porter.outDir.fill(outDir);
  await porter.dryRun.check();
  await porter.collectButton.click();

  await expect(page.getByTestId('collect-dry-run-note')).toBeVisible();
  await expect(porter.summary).toContainText(`2 static files would be copied to '${outDir}'`);
  expect(existsSync(outDir)).toBe(false);
});

test('sums up symlinks followed out of the sources in one warning and lists them on request', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['static'] }),
    'site/static/css/a.css': 'a { color: red; }\n',
    'share/jquery/jquery.js': '// jquery\n',
    'share/select2/select2.js': '// select2\n',
  });
  for (const name of ['jquery', 'select2']) symlinkSync(workspace.path('share', name), workspace.path('site/static', name));
  const porter = new PorterPage(page);

  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await porter.outDir.fill(workspace.path('out'));
  await porter.collectButton.click();

  await expect(page.getByTestId('collect-warnings')).toHaveText('2 symlinks lead outside their source folders; Porter follows them, as Django does.');
  const list = page.getByTestId('collect-followed-symlinks');
  await expect(list.locator('li').first()).toBeHidden();
  await list.getByText('Show the 2 symlinks').focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('listitem')).toHaveText([
    `${workspace.path('site/static/jquery')} → ${workspace.path('share/jquery')}`,
    `${workspace.path('site/static/select2')} → ${workspace.path('share/select2')}`,
  ].sort());
  for (const [width, height] of [[1440, 900], [1024, 700]] as const) {
    await page.setViewportSize({ width, height });
    await list.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`followed-symlinks-${width}.png`) });
  }
});
