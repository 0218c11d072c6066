// Issue 15 §3: `porter check` exits 1 on a {% static %} path that names no collected file (for CI), 0 once fixed;
// `porter collect` prints the summary line; Django's own loaders list the same template folders as the text read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProject } from '../../electron/core/project/open-project';
import { djangoPython } from '../support/django-oracle';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';

const fixture = path.resolve(import.meta.dirname, '../fixtures/templates-project');

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

/** Each test its own copy: collect writes, and some tests add the missing files. */
function copyFixture(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-templates-')));
  temps.push(root);
  fs.cpSync(fixture, root, { recursive: true });
  return root;
}

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

describe('porter check', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it('exits 1 and names each template, line and missing file', async () => {
    const root = copyFixture();
    const result = await porter(['check', '--no-python'], root);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(`  ${path.join(root, 'templates/base.html')}:7: {% static 'css/missing.css' %} names 'css/missing.css', which is not collected`);
    expect(result.stdout).toContain(`${path.join(root, 'templates/pages/about/team.html')}:4:`);
    expect(result.stdout).toContain('  img/unused.png  (');
    expect(result.stdout).toContain(
      'Templates: 6 templates read, 12 {% static %} paths checked (1 with a variable, not checked); 3 name no collected file; 2 collected files no template, CSS or JS names.',
    );
    expect(result.stderr).toContain('{% load static from staticfiles %} loads a tag library Django 3.0 removed');
  });

  it('prints the whole result with --json, and exits 0 once every path names a collected file', async () => {
    const root = copyFixture();
    for (const name of ['css/missing.css', 'css/gone.css', 'img/team/photo.jpg']) {
      fs.mkdirSync(path.dirname(path.join(root, 'assets', name)), { recursive: true });
      fs.writeFileSync(path.join(root, 'assets', name), 'x\n');
    }
    const result = await porter(['check', '--no-python', '--json'], root);
    expect(result.code, result.stderr).toBe(0);
    const check = JSON.parse(result.stdout);
    expect(check).toMatchObject({ ok: true, missing: [], templates: 6, overridden: 2 });
    expect(check.unknown).toHaveLength(1);
  });

  it('counts a file collect ignores as missing (--ignore is the collect option)', async () => {
    const root = copyFixture();
    const result = await porter(['check', '--no-python', '--json', '--ignore', 'old.css'], root);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).missing.map((tag: { name: string }) => tag.name)).toContain('css/old.css');
  });

  it('refuses unknown options with exit 2 and its usage', async () => {
    const result = await porter(['check', '--bogus'], copyFixture());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: porter check');
  });
});

describe('porter collect', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it('adds the template summary after its own, and the whole check to --json, without failing the collect', async () => {
    const root = copyFixture();
    const out = path.join(root, 'out');
    const result = await porter(['collect', '--no-python', '--out', out], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('; 3 name no collected file; 2 collected files no template, CSS or JS names. porter check lists them.');
    const json = await porter(['collect', '--no-python', '--out', out, '--json'], root);
    expect(JSON.parse(json.stdout).templates.missing).toHaveLength(3);
  });
});

describe('template folders from Django itself', () => {
  it("are the ones read from the settings as text, Django's own apps included", async () => {
    const root = copyFixture();
    fs.appendFileSync(path.join(root, 'site_config/settings.py'), 'INSTALLED_APPS += ["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.admin"]\n');
    // A virtualenv that sees the system Django 3.2, as people make them.
    await runCommand({ command: djangoPython, args: ['-m', 'venv', '--system-site-packages', '--without-pip', path.join(root, '.venv')], cwd: root });
    const options = { root, configDir: path.join(root, '.config'), env: { PATH: process.env.PATH, HOME: root, PYTHONDONTWRITEBYTECODE: '1' } };
    const asText = await openProject({ ...options, pythonConsent: 'deny' });
    const fromDjango = await openProject({ ...options, pythonConsent: 'allow' });
    expect(fromDjango.detection.method).toBe('django');
    expect(fromDjango.detection.templateFolders).toEqual(asText.detection.templateFolders);
    expect(fromDjango.detection.templateFolders?.map((folder) => folder.app ?? folder.origin)).toEqual(['dirs', 'shop', 'blog', 'django.contrib.auth', 'django.contrib.admin']);
  });
});
