import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PorterPage } from './porter-page';
import { expect, test, type Workspace } from './serve-fixtures';

// Porter only offers to run Python when it finds one that can import Django (Debian: python3-django).
const hasDjango = ['python3', '/usr/bin/python3'].some((python) => spawnSync(python, ['-c', 'import django'], { stdio: 'ignore' }).status === 0);

/** A manage.py project whose settings Porter can't be sure of from the text alone (an environment variable). */
function djangoProject(workspace: Workspace): string {
  workspace.write({
    'site/manage.py':
      'import os, sys\n' +
      'if __name__ == "__main__":\n' +
      '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")\n' +
      '    from django.core.management import execute_from_command_line\n' +
      '    execute_from_command_line(sys.argv)\n',
    'site/mysite/__init__.py': '',
    'site/mysite/settings.py':
      'import os\n' +
      'from pathlib import Path\n' +
      'BASE_DIR = Path(__file__).resolve().parent.parent\n' +
      'SECRET_KEY = "e2e"\n' +
      'INSTALLED_APPS = ["django.contrib.staticfiles", "blog"]\n' +
      'STATIC_URL = "/static/"\n' +
      'STATIC_ROOT = BASE_DIR / "public"\n' +
      'STATICFILES_DIRS = [BASE_DIR / "assets", os.environ.get("EXTRA_STATIC", str(BASE_DIR / "theme"))]\n',
    'site/blog/__init__.py': '',
    'site/blog/static/blog/blog.css': '.post { margin: 0; }\n',
    'site/assets/css/site.css': 'body { margin: 0; }\n',
  });
  return workspace.path('site');
}

test.describe('a Django project', () => {
  test.skip(!hasDjango, 'python3 with Django is not installed (Debian: python3-django)');

  test('asks before running Python, flags a missing folder, and saves the order when unsure', async ({ page, workspace, porterServe }, testInfo) => {
    const root = djangoProject(workspace);
    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    await porter.openProject(root);

    const dialog = page.getByRole('dialog', { name: 'Run this project’s Python?' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('executes them as code');
    await expect(dialog.getByTestId('python-consent-python')).toHaveText(/python/);
    for (const [width, height] of [
      [1440, 900],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.screenshot({ path: testInfo.outputPath(`python-consent-${width}x${height}.png`) });
    }
    await dialog.getByRole('button', { name: 'Don’t allow' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByTestId('detection-notes')).toContainText('declined');
    await expect(page.getByTestId('detection-certainty')).toHaveText('Unsure');
    await expect(porter.sourceRows.getByTestId('source-dir')).toHaveText([
      path.join(root, 'assets'),
      path.join(root, 'theme'),
      path.join(root, 'blog/static'),
    ]);
    await expect(porter.sourceRows.getByTestId('source-origin')).toHaveText(['STATICFILES_DIRS', 'STATICFILES_DIRS', 'App blog']);
    await expect(porter.sourceRows.nth(1).getByTestId('source-missing')).toHaveText('Missing');
    await expect(porter.sourceRows.filter({ has: page.getByTestId('source-missing') })).toHaveCount(1);
    await expect(porter.outDir).toHaveValue(path.join(root, 'public'));

    await page.getByRole('button', { name: 'Save order to porter.json' }).click();
    await expect(page.getByTestId('save-sources-result')).toContainText(path.join(root, 'porter.json'));
    await expect(page.getByTestId('detection-certainty')).toHaveText('Exact');
    await expect(porter.sourceRows.getByTestId('source-origin')).toHaveText(['porter.json', 'porter.json', 'porter.json']);
    const saved = JSON.parse(readFileSync(path.join(root, 'porter.json'), 'utf8')) as { sources: Array<{ dir: string }> };
    expect(saved.sources.map((source) => source.dir)).toEqual(['assets', 'theme', 'blog/static']);
  });

  test('runs Django when allowed, and remembers the answer', async ({ page, workspace, porterServe }) => {
    const root = djangoProject(workspace);
    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    await porter.openProject(root);

    const dialog = page.getByRole('dialog', { name: 'Run this project’s Python?' });
    await dialog.getByRole('button', { name: 'Allow', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('detection-method')).toHaveText('Django itself (the project’s Python)');
    await expect(page.getByTestId('detection-certainty')).toHaveText('Exact');

    await page.reload();
    await expect(porter.ready).toBeVisible();
    await porter.openProject(root);
    await expect(page.getByTestId('detection-method')).toHaveText('Django itself (the project’s Python)');
    await expect(dialog).toBeHidden();
  });

  test('can put the Python question aside and come back to it', async ({ page, workspace, porterServe }) => {
    const root = djangoProject(workspace);
    const porter = new PorterPage(page);
    await porter.goto(porterServe.url);
    await porter.openProject(root);

    const dialog = page.getByRole('dialog', { name: 'Run this project’s Python?' });
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    const decideLater = page.getByRole('button', { name: 'Decide about running Python…' });
    await decideLater.click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Don’t allow' })).toBeFocused();
    // Focus stays inside while tabbing, and goes back to the button that asked again.
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Allow', exact: true })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Don’t allow' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(decideLater).toBeFocused();
  });
});
