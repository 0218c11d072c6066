// `porter collect --project P` with no --source must give what `python manage.py collectstatic` gives,
// admin files included, on a project made the way people make them.
import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeDjangoProject, type DjangoProject } from '../support/django-project';
import { diffTrees, ensurePorterBuilt, readTree, repoRoot, runCommand } from '../support/run-porter';

const run = promisify(execFile);

describe('collect on a detected Django project', () => {
  let project: DjangoProject;
  let djangoOut: Map<string, Buffer>;

  beforeAll(async () => {
    ensurePorterBuilt();
    project = await makeDjangoProject(path.join(mkdtempSync(path.join(os.tmpdir(), 'porter-django-')), 'site'));
    appendFileSync(project.settingsFile, "STATICFILES_STORAGE = 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage'\n");
    await run(project.python, ['manage.py', 'collectstatic', '--noinput', '-v', '0'], { cwd: project.root });
    djangoOut = readTree(project.staticRoot);
  }, 120_000);

  async function porterCollect(consentFlag: string) {
    const base = mkdtempSync(path.join(os.tmpdir(), 'porter-out-'));
    const out = path.join(base, 'static');
    const result = await runCommand({
      command: process.execPath,
      args: [path.join(repoRoot, 'bin/porter.js'), 'collect', '--project', project.root, '--out', out, consentFlag],
      cwd: base,
      env: { ...process.env, PORTER_CONFIG_DIR: path.join(base, 'config'), PORTER_CACHE_DIR: path.join(base, 'cache') },
    });
    return { result, out };
  }

  it.each(['--allow-python', '--no-python'])('with %s writes exactly what collectstatic wrote, admin included', async (flag) => {
    const { result, out } = await porterCollect(flag);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    const porterOut = readTree(out);
    expect(diffTrees(porterOut, djangoOut)).toEqual({ missing: [], extra: [], different: [] });
    expect(porterOut.has('admin/css/base.css')).toBe(true);
    expect([...porterOut.keys()].some((name) => /^admin\/css\/base\.[0-9a-f]{12}\.css$/.test(name))).toBe(true);
    expect(porterOut.has('vendor/lib.js')).toBe(true);
  }, 120_000);
});
