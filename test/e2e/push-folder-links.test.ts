// Issue 17.1 as a designer meets it: a folder environment holding a link out of its folder. The plan says which
// link Porter leaves alone, and a publish whose files would land through it is refused before anything is sent.
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('a link out of a folder environment is named in the plan, and nothing is written through it', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public/static' } } }),
    'site/assets/css/site.css': 'body { margin: 0; }\n',
    'elsewhere/victim.txt': 'not the site’s\n',
  });
  const root = workspace.path('site');
  mkdirSync(path.join(root, 'public/static'), { recursive: true });
  symlinkSync(workspace.path('elsewhere'), path.join(root, 'public/static/d0'));
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  await page.getByTestId('view-tab-push').click();

  await page.getByTestId('publish-button').click();
  await expect(page.getByTestId('push-plan-summary')).toContainText('0 only on local');
  const warning = page.getByTestId('push-plan-warning');
  await expect(warning).toContainText(`d0 leads outside ${path.join(root, 'public/static')} (to ${workspace.path('elsewhere')}), so it is left alone`);
  await expect(page.getByTestId('push-view')).not.toContainText(/porter |--|terminal/i);
  await page.screenshot({ path: testInfo.outputPath('push-folder-link-plan-1440.png') });
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.screenshot({ path: testInfo.outputPath('push-folder-link-plan-1024.png') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByTestId('publish-send').click();
  await expect(page.getByTestId('push-result')).toContainText('Published');
  expect(existsSync(path.join(root, 'public/static/staticfiles.json'))).toBe(true);

  // Now a collected file would land through the link: refused with the reason, and nothing is written anywhere.
  workspace.write({ 'site/assets/d0/victim.txt': 'overwritten\n', 'site/assets/css/site.css': 'body { margin: 1px; }\n' });
  const manifestBefore = readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8');
  await page.getByTestId('publish-button').click();
  await expect(page.getByTestId('push-error')).toContainText(/Cannot publish d0\/victim\.[0-9a-f]+\.txt: d0 leads outside .* 1 more file would land the same way\.Nothing was sent\./);
  await expect(page.getByTestId('push-view')).not.toContainText(/porter |--|terminal/i);
  await page.screenshot({ path: testInfo.outputPath('push-folder-link-refused-1440.png') });
  expect(readFileSync(workspace.path('elsewhere/victim.txt'), 'utf8')).toBe('not the site’s\n');
  expect(readFileSync(path.join(root, 'public/static/staticfiles.json'), 'utf8')).toBe(manifestBefore);
});
