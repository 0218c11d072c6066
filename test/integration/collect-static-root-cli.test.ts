// Issue 15 §2: `porter collect` without --out collects into the settings' STATIC_ROOT, as collectstatic does, and
// names it; without a STATIC_ROOT it asks for --out.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

function djangoProject(settings: string): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-static-root-')));
  const files: Record<string, string> = {
    'manage.py': "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n",
    'mysite/__init__.py': '',
    'mysite/settings.py': `from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATICFILES_DIRS = [BASE_DIR / "assets"]\n${settings}`,
    'assets/site.css': 'a{}',
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

describe('collect without --out', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it("writes to the settings' STATIC_ROOT and says so", async () => {
    const root = djangoProject('STATIC_ROOT = BASE_DIR / "collected"\n');
    const result = await porter(['collect', '--no-python'], root);
    expect(result.code, result.stderr).toBe(0);
    const staticRoot = path.join(root, 'collected');
    expect(result.stderr).toContain(`Collecting into STATIC_ROOT: ${staticRoot}\n`);
    expect(result.stdout).toContain(`copied to '${staticRoot}'`);
    expect(fs.existsSync(path.join(staticRoot, 'staticfiles.json'))).toBe(true);
  });

  it('asks for --out when the settings have no STATIC_ROOT', async () => {
    const root = djangoProject('');
    const result = await porter(['collect', '--no-python'], root);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`the project's settings set no STATIC_ROOT, so there is no folder to collect into. Give --out DIR (for this project usually --out ${path.join(root, 'staticfiles')})`);
    expect(fs.existsSync(path.join(root, 'staticfiles'))).toBe(false);
  });
});
