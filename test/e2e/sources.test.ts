// A folder that is not Django-shaped: its source folders are listed, ordered and prefixed in the Project view
// (chosen with the in-page folder browser, by keyboard), saved to porter.json, and collected.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './accessibility';
import { PorterPage } from './porter-page';
import { expect, test, type Workspace } from './serve-fixtures';

/** No manage.py, no porter.json: just the folders a front-end build leaves behind. */
function plainFolder(workspace: Workspace): string {
  workspace.write({
    'plain/assets/css/site.css': 'body { margin: 0; }\n',
    'plain/assets/img/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    'plain/vendor_src/lib.js': 'console.log(1);\n',
    'plain/README.md': 'not a folder',
  });
  return workspace.path('plain');
}

async function screenshot(page: Page, name: string, testInfo: { outputPath(name: string): string }): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(name) });
}

test('a plain folder: add two source folders with the keyboard, order and prefix them, save, collect', async ({ page, workspace, porterServe }, testInfo) => {
  const root = plainFolder(workspace);
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);
  await porter.openProject(root);

  await expect(page.getByTestId('detection-certainty')).toHaveText('Unsure');
  await expect(page.getByTestId('detection-notes')).toContainText('Porter found no manage.py or porter.json');
  await expect(page.getByTestId('project-overview')).not.toContainText(/--source|porter (collect|sources)|terminal/);
  await expect(page.getByTestId('sources-editor-empty')).toBeVisible();
  await expect(page.getByTestId('save-source-folders')).toBeDisabled();
  await expect(page.getByTestId('sources-save-blocker')).toHaveText('Add at least one folder first.');

  // The first folder: the browser opens at the project root with the list focused and its first folder chosen.
  const addFolder = page.getByTestId('add-source-folder');
  await addFolder.focus();
  await page.keyboard.press('Enter');
  const browser = page.getByRole('dialog', { name: 'Add a source folder' });
  await expect(browser).toBeVisible();
  const list = browser.getByRole('listbox');
  await expect(list).toBeFocused();
  await expect(browser.getByTestId('folder-browser-path')).toHaveText('plain');
  await expect(browser.getByRole('option')).toHaveText(['assets', 'vendor_src']);
  await expect(browser.getByRole('option', { selected: true })).toHaveText('assets');
  await expect(browser.getByTestId('folder-browser-up')).toBeDisabled();
  const add = browser.getByTestId('folder-browser-add');
  await expect(add).toHaveText('Add “assets”');
  await screenshot(page, 'sources-folder-browser-1440.png', testInfo);
  await expectAccessible(page, 'folder browser');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(browser).toBeHidden();
  const dirs = page.getByTestId('source-draft-dir');
  const draftDirs = () => expect.poll(() => dirs.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value)));
  await draftDirs().toEqual([path.join(root, 'assets')]);
  await expect(addFolder).toBeFocused();

  // The second: walk into a folder and back out, then choose the next one down.
  await page.keyboard.press('Enter');
  await expect(list).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(browser.getByTestId('folder-browser-path')).toHaveText('plain / assets');
  await expect(browser.getByRole('option')).toHaveText(['css', 'img']);
  await expect(add).toHaveText('Add “assets”');
  await page.keyboard.press('ArrowLeft');
  await expect(browser.getByTestId('folder-browser-path')).toHaveText('plain');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(add).toHaveText('Add “vendor_src”');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(browser).toBeHidden();
  await draftDirs().toEqual([path.join(root, 'assets'), path.join(root, 'vendor_src')]);

  // Order: vendor_src goes first; the focus stays with the row that moved, on a button that still works.
  await page.getByRole('button', { name: 'Move vendor_src up' }).focus();
  await page.keyboard.press('Enter');
  await draftDirs().toEqual([path.join(root, 'vendor_src'), path.join(root, 'assets')]);
  await expect(page.getByRole('button', { name: 'Move vendor_src down' })).toBeFocused();

  // A prefix Django would reject, and a relative folder, are refused where they are typed.
  const prefix = page.getByLabel('Prefix of folder 1');
  await prefix.fill('vendor/');
  await expect(page.getByTestId('source-draft-prefix-problem')).toContainText('must not start or end with a slash');
  await expect(page.getByTestId('save-source-folders')).toBeDisabled();
  await page.getByLabel('Folder 2', { exact: true }).fill('assets');
  await expect(page.getByTestId('source-draft-dir-problem')).toContainText('“assets” is not a full path');
  await expect(page.getByTestId('sources-save-blocker')).toHaveText('Fix the 2 folders marked above first.');
  await page.getByLabel('Folder 2', { exact: true }).fill(path.join(root, 'assets'));
  await prefix.fill('vendor');
  await expect(page.getByTestId('sources-save-blocker')).toHaveCount(0);
  await screenshot(page, 'sources-editor-1440.png', testInfo);
  await expectAccessible(page, 'sources editor');
  await page.setViewportSize({ width: 1024, height: 700 });
  await screenshot(page, 'sources-editor-1024.png', testInfo);

  await page.getByTestId('save-source-folders').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('save-sources-result')).toContainText(path.join(root, 'porter.json'));
  expect(JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8'))).toEqual({ sources: [{ dir: 'vendor_src', prefix: 'vendor' }, { dir: 'assets' }] });
  await expect(page.getByTestId('detection-certainty')).toHaveText('Exact');
  await expect(porter.sourceRows.getByTestId('source-dir')).toHaveText([path.join(root, 'vendor_src'), path.join(root, 'assets')]);
  await expect(porter.sourceRows.getByTestId('source-origin')).toHaveText(['porter.json', 'porter.json']);
  await expect(porter.sourceRows.first().getByTestId('source-prefix')).toHaveText('vendor');
  await expect(porter.assetsCounts).toHaveText(/^3 files: 3 collected/);

  await expect(page.getByTestId('collect-no-sources')).toHaveCount(0);
  const outDir = workspace.path('out');
  await porter.outDir.fill(outDir);
  await porter.collectButton.click();
  await expect(porter.summary).toContainText(`3 static files copied to '${outDir}'`);
  expect(readFileSync(path.join(outDir, 'vendor/lib.js'), 'utf8')).toBe('console.log(1);\n');
  expect(existsSync(path.join(outDir, 'css/site.css'))).toBe(true);
});

test('Collect says why it is off while there are no sources, and a relative folder is never opened', async ({ page, workspace, porterServe }) => {
  const root = plainFolder(workspace);
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);

  // `plain` exists in the folder porter serve runs in: a relative path resolved there would open it.
  await porter.pathInput.fill('plain');
  await porter.openButton.click();
  await expect(page.getByTestId('open-project-error')).toContainText('“plain” is not a full path');
  await expect(page.getByTestId('project-overview')).toHaveCount(0);

  await porter.openProject(root);
  await expect(porter.collectButton).toBeDisabled();
  await expect(page.getByTestId('collect-no-sources')).toHaveText('Nothing to collect yet: add the project’s source folders first.');
  await expect(porter.collectButton).toHaveAttribute('aria-describedby', (await page.getByTestId('collect-no-sources').getAttribute('id'))!);
});

test('a failed open shows its error and not the previous project', async ({ page, workspace, porterServe }) => {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['static'] }), 'site/static/a.css': 'a {}\n' });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await expect(page.getByTestId('project-bar-name')).toHaveText('site');

  const missing = workspace.path('no-such-site');
  await page.getByTestId('change-project').click();
  await porter.pathInput.fill(missing);
  await porter.openButton.click();
  await expect(page.getByTestId('open-project-error')).toContainText(`There is no folder at ${missing}`);
  await expect(porter.pathInput).toHaveValue(missing);
  await expect(page.getByTestId('project-overview')).toHaveCount(0);
  await expect(page.getByTestId('project-bar')).toHaveCount(0);
  await expect(page.getByRole('tablist', { name: 'Project views' })).toHaveCount(0);
  await expect(page.getByTestId('no-project')).toBeVisible();

  // The project is one click away again, and opens on its own.
  await page.getByTestId('recent-project').filter({ hasText: workspace.path('site') }).click();
  await expect(porter.projectRoot).toHaveText(workspace.path('site'));
  await expect(page.getByTestId('open-project-error')).toHaveCount(0);
});

test('the open project’s card is one line, so the Savings totals are in view at 1024×700', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['static'] }),
    'site/static/css/site.css': 'body {\n  margin: 0px;\n  color: #ff0000;\n}\n'.repeat(20),
    'site/static/js/app.js': 'function greet(name) {\n  return "Hello, " + name;\n}\nconsole.log(greet("world"));\n'.repeat(10),
  });
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1024, height: 700 });
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));

  const bar = page.getByTestId('project-bar');
  await expect(bar).toBeVisible();
  await expect(porter.pathInput).toHaveCount(0);
  const barBox = (await bar.boundingBox())!;
  expect(barBox.height).toBeLessThan(60);

  await page.getByTestId('view-tab-savings').click();
  await page.getByTestId('savings-run').click();
  const totals = page.getByTestId('savings-totals');
  await expect(totals).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('savings-total-lossy')).toBeInViewport({ ratio: 1 });
  await screenshot(page, 'savings-collapsed-card-1024.png', testInfo);
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, 'savings-collapsed-card-1440.png', testInfo);

  // "Open another…" unfolds the form with its field ready; Escape folds it and gives the focus back.
  await page.getByTestId('change-project').click();
  await expect(porter.pathInput).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(porter.pathInput).toHaveCount(0);
  await expect(page.getByTestId('change-project')).toBeFocused();
});
