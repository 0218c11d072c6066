// Issue 17.14: a porter.json source outside the project is usually a mistake, so the sources table says so beside it.
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

test('a porter.json source outside the project is flagged where the sources are listed, and still collected', async ({ page, workspace, porterServe }, testInfo) => {
  workspace.write({
    'site/porter.json': JSON.stringify({ sources: ['assets', '../shared'] }),
    'site/assets/css/site.css': 'body { margin: 0; }\n',
    'shared/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
  });
  const root = workspace.path('site');
  const porter = new PorterPage(page);
  for (const [width, height] of [
    [1440, 900],
    [1024, 700],
  ] as const) {
    await page.setViewportSize({ width, height });
    await porter.goto(porterServe.url);
    await porter.openProject(root);
    await expect(porter.sourceRows.getByTestId('source-dir')).toHaveText([path.join(root, 'assets'), workspace.path('shared')]);
    await expect(porter.sourceRows.nth(0).getByTestId('source-warning')).toHaveCount(0);
    const warning = porter.sourceRows.nth(1).getByTestId('source-warning');
    await expect(warning).toContainText(`This folder is outside the project (${root}): porter.json names it as "../shared". That is usually a mistake`);
    await expect(warning).not.toContainText(/terminal|porter (collect|sources)|--/);
    await expect(porter.assetRow('logo.svg', 'collected')).toBeVisible();
    await warning.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`source-outside-${width}.png`) });
  }
});
