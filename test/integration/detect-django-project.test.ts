// Detection against a real Django 3.2 project (startproject + startapp + a .venv that sees the
// system Django): Django's own answer, the settings read as text, and the consent flow between them.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, rememberPythonConsent, saveSources, type OpenProjectOptions } from '../../electron/core/project/open-project';
import { djangoFinderSources, makeDjangoProject, type DjangoProject } from '../support/django-project';

const systemAdminStatic = '/usr/lib/python3/dist-packages/django/contrib/admin/static';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshProject(): Promise<{ project: DjangoProject; configDir: string; open: (options?: Partial<OpenProjectOptions>) => ReturnType<typeof openProject> }> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'porter-detect-'));
  temps.push(temp);
  const project = await makeDjangoProject(path.join(temp, 'site'));
  const configDir = path.join(temp, 'config');
  // A clean environment: the developer's VIRTUAL_ENV or DJANGO_SETTINGS_MODULE must not leak in.
  const env = { PATH: process.env.PATH, HOME: temp };
  return { project, configDir, open: (options = {}) => openProject({ root: project.root, configDir, env, ...options }) };
}

const shape = (sources: Array<{ dir: string; prefix: string; app?: string }>) => sources.map(({ dir, prefix, app }) => ({ dir, prefix, app }));

describe('detecting a real Django project', () => {
  it("with consent, lists exactly what Django's finders list, admin's static files included", async () => {
    const { project, open } = await freshProject();
    const result = await open({ pythonConsent: 'allow' });

    expect(result.detection.method).toBe('django');
    expect(result.detection.certainty).toBe('exact');
    expect(shape(result.sources)).toEqual(shape(await djangoFinderSources(project)));
    expect(shape(result.sources)).toEqual([
      { dir: path.join(project.root, 'frontend/dist'), prefix: '', app: undefined },
      { dir: path.join(project.root, 'vendor_src'), prefix: 'vendor', app: undefined },
      { dir: systemAdminStatic, prefix: '', app: 'django.contrib.admin' },
      { dir: path.join(project.root, 'blog/static'), prefix: '', app: 'blog' },
      { dir: path.join(project.root, 'polls/static'), prefix: '', app: 'polls' },
      { dir: path.join(project.root, 'shop/static'), prefix: '', app: 'shop' },
    ]);
    expect(result.sources.every((source) => source.exists)).toBe(true);
    expect(result.djangoVersion).toBe('3.2');
    expect(result.detection.djangoVersion).toBe('3.2.25');
    expect(result.detection.staticUrl).toBe('/static/');
    expect(result.detection.staticRoot).toBe(project.staticRoot);
    expect(result.outDir).toBe(project.staticRoot);
    expect(result.name).toBe('site');
  });

  it('without consent, reads the same folders in the same order from the settings text', async () => {
    const { project, open } = await freshProject();
    const exact = await open({ pythonConsent: 'allow' });
    const text = await open({ pythonConsent: 'deny' });

    expect(text.detection.method).toBe('settings-text');
    expect(text.detection.certainty).toBe('likely');
    expect(text.sources).toEqual(exact.sources);
    expect(text.detection.staticRoot).toBe(project.staticRoot);
    expect(text.detection.djangoVersion).toBe('3.2.25');
    expect(text.djangoVersion).toBe('3.2');
    expect(text.detection.pythonConsentNeeded).toBeUndefined();
  });

  it("asks before running the project's Python, and runs Django once allowed", async () => {
    const { project, configDir, open } = await freshProject();
    const asked = await open();
    expect(asked.detection.pythonConsentNeeded).toEqual({ python: project.python });
    expect(asked.detection.method).toBe('settings-text');
    expect(asked.sources.map((source) => source.dir)).toContain(systemAdminStatic);
    expect(existsSync(path.join(configDir, 'python-consent.json'))).toBe(false);

    await rememberPythonConsent(configDir, project.root, project.python, true);
    const allowed = await open();
    expect(allowed.detection.method).toBe('django');
    expect(allowed.detection.pythonConsentNeeded).toBeUndefined();

    await rememberPythonConsent(configDir, project.root, project.python, false);
    const denied = await open();
    expect(denied.detection.method).toBe('settings-text');
    expect(denied.detection.pythonConsentNeeded).toBeUndefined();
  });

  it("falls back to the settings text with Python's error when Django fails to start", async () => {
    const { project, open } = await freshProject();
    appendFileSync(project.settingsFile, '\nimport porter_missing_module\n');
    const result = await open({ pythonConsent: 'allow' });

    expect(result.detection.method).toBe('settings-text');
    expect(result.detection.notes.join('\n')).toContain("ModuleNotFoundError: No module named 'porter_missing_module'");
    expect(result.sources.map((source) => source.app ?? source.prefix)).toEqual(['', 'vendor', 'django.contrib.admin', 'blog', 'polls', 'shop']);
  });

  it('marks run-time settings unsure and still lists what it could read', async () => {
    const { project, open } = await freshProject();
    appendFileSync(
      project.settingsFile,
      ['', 'STATICFILES_DIRS += [BASE_DIR / name for name in ("extra",)]', 'if DEBUG:', '    INSTALLED_APPS += ["debug_toolbar"]', ''].join('\n'),
    );
    const text = await open({ pythonConsent: 'deny' });

    expect(text.detection.certainty).toBe('unsure');
    const notes = text.detection.notes.join('\n');
    expect(notes).toContain('STATICFILES_DIRS');
    expect(notes).toContain('list comprehension');
    expect(notes).toContain('`if DEBUG:`');
    expect(text.sources.map((source) => source.app ?? source.prefix)).toEqual(['', 'vendor', 'django.contrib.admin', 'blog', 'polls', 'shop']);
  });

  it('saves the detected order to porter.json, which then wins over detection', async () => {
    const { project, open } = await freshProject();
    writeFileSync(path.join(project.root, 'porter.json'), JSON.stringify({ environments: { prod: { bucket: 'b' } } }));
    const detected = await open({ pythonConsent: 'deny' });
    const file = await saveSources(detected);

    expect(file).toBe(path.join(project.root, 'porter.json'));
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.environments).toEqual({ prod: { bucket: 'b' } });
    expect(saved.sources.slice(0, 2)).toEqual([{ dir: 'frontend/dist' }, { dir: 'vendor_src', prefix: 'vendor' }]);
    expect(saved.sources[2]).toEqual({ dir: systemAdminStatic });

    const reopened = await open({ pythonConsent: 'deny' });
    expect(reopened.detection.method).toBe('porter.json');
    expect(reopened.detection.certainty).toBe('exact');
    expect(reopened.sources.map(({ dir, prefix }) => ({ dir, prefix }))).toEqual(detected.sources.map(({ dir, prefix }) => ({ dir, prefix })));
    expect(reopened.sources.every((source) => source.origin === 'porter.json')).toBe(true);
    expect(reopened.outDir).toBe(project.staticRoot);
  });

  it('uses --source flags over everything, keeping STATIC_ROOT and the Django version from the project', async () => {
    const { project, open } = await freshProject();
    const result = await open({ sourceFlags: ['frontend/dist', `${path.join(project.root, 'vendor_src')}=vendor`, 'missing'] });

    expect(result.detection.method).toBe('flags');
    expect(result.sources).toEqual([
      { dir: path.join(project.root, 'frontend/dist'), prefix: '', origin: 'flag', exists: true },
      { dir: path.join(project.root, 'vendor_src'), prefix: 'vendor', origin: 'flag', exists: true },
      { dir: path.join(project.root, 'missing'), prefix: '', origin: 'flag', exists: false },
    ]);
    expect(result.outDir).toBe(project.staticRoot);
    expect(result.djangoVersion).toBe('3.2');
    expect(result.detection.pythonConsentNeeded).toBeUndefined();
  });
});
