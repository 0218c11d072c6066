// Issue 15 §3 in the Project view: the templates panel lists the {% static %} paths that name no collected file first,
// then the files nothing names, with counts; it follows the sources on disk and works from the keyboard.
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './accessibility';
import { screenshotsAtBothSizes, tabTo } from './keyboard-nav';
import { PorterPage } from './porter-page';
import { expect, test } from './serve-fixtures';

const fixture = path.resolve(import.meta.dirname, '../fixtures/templates-project');
// Porter asks before running a Python that can import Django; this test reads the settings as text.
const hasDjango = ['python3', '/usr/bin/python3'].some((python) => spawnSync(python, ['-c', 'import django'], { stdio: 'ignore' }).status === 0);

test('the templates panel shows what is missing, then what nothing names, and follows the sources', async ({ page, workspace, porterServe }, testInfo) => {
  const root = workspace.path('site');
  cpSync(fixture, root, { recursive: true });
  const porter = new PorterPage(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await porter.goto(porterServe.url);
  await porter.openProject(root);
  if (hasDjango) {
    const dialog = page.getByRole('dialog', { name: 'Run this project’s Python?' });
    await dialog.getByRole('button', { name: 'Don’t allow' }).click();
    await expect(dialog).toBeHidden();
  }

  const panel = page.getByTestId('templates-panel');
  await expect(panel.getByTestId('templates-read')).toHaveText('6');
  await expect(panel.getByTestId('templates-paths')).toHaveText('12');
  await expect(panel.getByTestId('templates-missing-count')).toHaveText('3');
  await expect(panel.getByTestId('templates-unknown-count')).toHaveText('1');
  await expect(panel.getByTestId('templates-unreferenced-count')).toHaveText('2');

  const missing = panel.getByTestId('templates-missing');
  await expect(missing).toContainText('3 paths name a file that is not collected');
  await expect(panel.getByTestId('templates-missing-row')).toHaveText([
    /base\.html\s*7\s*{% static 'css\/missing\.css' %}\s*css\/missing\.css/,
    /legacy\.html\s*3\s*{% static "css\/gone\.css" %}\s*css\/gone\.css/,
    /pages\/about\/team\.html\s*4\s*{% static 'img\/team\/photo\.jpg' %}\s*img\/team\/photo\.jpg/,
  ]);
  const unreferenced = panel.getByTestId('templates-unreferenced');
  await expect(unreferenced).toContainText('2 collected files');
  await expect(unreferenced).toContainText('Porter removes nothing');
  await expect(panel.getByTestId('templates-unreferenced-row')).toHaveText([/^fonts\/orphan\.woff2/, /^img\/unused\.png/]);
  // The missing list comes first: it is what breaks a page.
  const [missingBox, unreferencedBox] = [await missing.boundingBox(), await unreferenced.boundingBox()];
  expect(missingBox!.y).toBeLessThan(unreferencedBox!.y);
  await expect(panel.getByTestId('templates-notes')).toContainText('{% load static from staticfiles %} loads a tag library Django 3.0 removed');

  // Keyboard: the variable tags open from their summary, and Check again runs from its button.
  const unknown = panel.getByTestId('templates-unknown');
  await tabTo(page, unknown.locator('summary'));
  await page.keyboard.press('Enter');
  await expect(unknown).toContainText("base.html:6 {% static hero.image %}");
  await panel.scrollIntoViewIfNeeded();
  await screenshotsAtBothSizes(page, (name) => testInfo.outputPath(name), 'templates-panel');
  await expectAccessible(page, 'project (templates panel)');

  // A missing file added to a source folder: the panel checks again by itself.
  workspace.write({ 'site/assets/css/missing.css': 'p { }\n' });
  await expect(panel.getByTestId('templates-missing-count')).toHaveText('2');
  await expect(panel.getByTestId('templates-missing-row')).toHaveCount(2);

  // The templates themselves are not watched: Check again, from the keyboard, reads an edited one.
  workspace.write({ 'site/templates/legacy.html': '{% load static %}\n<link href="{% static \'css/old.css\' %}">\n' });
  await tabTo(page, panel.getByTestId('templates-check-again'), { backwards: true });
  await page.keyboard.press('Enter');
  await expect(panel.getByTestId('templates-missing-count')).toHaveText('1');
  await expect(panel.getByTestId('templates-notes')).not.toContainText('staticfiles');
  await tabTo(page, panel.getByTestId('templates-check-again'));
  await screenshotsAtBothSizes(page, (name) => testInfo.outputPath(name), 'templates-panel-one-missing');
});

test('a project with every path found says so, and a project without Django settings shows no panel', async ({ page, workspace, porterServe }) => {
  workspace.write({
    'site/manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    'site/mysite/__init__.py': '',
    'site/mysite/settings.py':
      'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "/static/"\nSTATICFILES_DIRS = [BASE_DIR / "assets"]\n' +
      'TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [BASE_DIR / "templates"]}]\n',
    'site/assets/site.css': 'body { }\n',
    'site/templates/index.html': "{% load static %}<link href=\"{% static 'site.css' %}\">\n",
    'plain/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }] }),
    'plain/assets/a.css': 'a { }\n',
  });
  const porter = new PorterPage(page);
  await porter.goto(porterServe.url);
  await porter.openProject(workspace.path('site'));
  if (hasDjango) await page.getByRole('dialog', { name: 'Run this project’s Python?' }).getByRole('button', { name: 'Don’t allow' }).click();
  await expect(page.getByTestId('templates-all-found')).toHaveText('The one path in the templates names a collected file.');
  await expect(page.getByTestId('templates-unreferenced')).toBeHidden();

  await porter.openProject(workspace.path('plain'));
  await expect(porter.sourceRows).toHaveCount(1);
  await expect(page.getByTestId('templates-panel')).toBeHidden();
});
