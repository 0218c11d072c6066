import { rmSync } from 'node:fs';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('a file added or removed on disk shows in the asset list within a second', async ({ page, workspace, porterServe }) => {
  workspace.write({ 'site/porter.json': JSON.stringify({ sources: ['assets'] }), 'site/assets/css/site.css': 'body {}\n' });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  await expect(porter.assetRow('css/site.css', 'collected')).toBeVisible();

  workspace.write({ 'site/assets/img/new-logo.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>' });
  // The host settles changes for 150 ms; the list must follow within a second.
  await expect(porter.assetRow('img/new-logo.svg', 'collected')).toBeVisible({ timeout: 1000 });
  rmSync(workspace.path('site/assets/css/site.css'));
  await expect(porter.assetRow('css/site.css', 'collected')).toBeHidden({ timeout: 1000 });
});
