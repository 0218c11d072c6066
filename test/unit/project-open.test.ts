// openProject without Python: source precedence (flags, porter.json, settings), the 'none' case,
// porter.json validation, and errors the user can fix.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProject, saveSources } from '../../electron/core/project/open-project';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'porter-open-'));
  temps.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

/** No PATH: no interpreter, Poetry or Pipenv can be found, so nothing outside the folder matters. */
const open = (root: string, options: { sourceFlags?: string[]; env?: NodeJS.ProcessEnv } = {}) =>
  openProject({ root, configDir: path.join(root, '.config'), pythonConsent: 'ask', env: { HOME: root, ...options.env }, sourceFlags: options.sourceFlags });

const managePy = (module: string) => `import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', '${module}')\n`;

describe('openProject', () => {
  it('says sources are still to be listed when the folder has no manage.py and no porter.json, without terminal advice', async () => {
    const root = folder({ 'assets/a.css': '' });
    const project = await open(root);
    expect(project).toMatchObject({ root, name: path.basename(root), sources: [], djangoVersion: '6.1', outDir: path.join(root, 'staticfiles') });
    expect(project.detection).toMatchObject({ method: 'none', certainty: 'unsure', staticUrl: '/static/' });
    expect(project.detection.notes).toEqual([
      `Porter found no manage.py or porter.json in ${root}, so it does not know yet which folders hold the static files. List them as the project’s sources; Porter keeps them in porter.json.`,
    ]);
  });

  it('reads porter.json sources, in object and "dir=prefix" forms, and its Django version', async () => {
    const root = folder({
      'porter.json': JSON.stringify({ sources: [{ dir: 'assets' }, 'vendor_src=vendor', { dir: '/abs/x', prefix: 'p' }], django: { version: '4.2' }, environments: {} }),
      'assets/a.css': '',
    });
    const project = await open(root);
    expect(project.detection.method).toBe('porter.json');
    expect(project.detection.certainty).toBe('exact');
    expect(project.sources).toEqual([
      { dir: path.join(root, 'assets'), prefix: '', origin: 'porter.json', exists: true },
      { dir: path.join(root, 'vendor_src'), prefix: 'vendor', origin: 'porter.json', exists: false },
      { dir: '/abs/x', prefix: 'p', origin: 'porter.json', exists: false, warning: expect.stringContaining('outside the project') },
    ]);
    expect(project.djangoVersion).toBe('4.2');
  });

  it('prefers --source flags over porter.json', async () => {
    const root = folder({ 'porter.json': JSON.stringify({ sources: ['assets'] }) });
    const project = await open(root, { sourceFlags: ['build=static/app', 'other'] });
    expect(project.detection.method).toBe('flags');
    expect(project.sources.map(({ dir, prefix, origin }) => ({ dir, prefix, origin }))).toEqual([
      { dir: path.join(root, 'build'), prefix: 'static/app', origin: 'flag' },
      { dir: path.join(root, 'other'), prefix: '', origin: 'flag' },
    ]);
  });

  it('reads the settings as text when there is no Python to ask, with STATIC_ROOT as the output folder', async () => {
    const root = folder({
      'manage.py': managePy('mysite.settings'),
      'mysite/__init__.py': '',
      'mysite/settings.py': 'from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\nSTATIC_URL = "/s/"\nSTATIC_ROOT = BASE_DIR / "out"\nSTATICFILES_DIRS = [BASE_DIR / "assets"]\n',
      'assets/a.css': '',
    });
    const project = await open(root);
    expect(project.detection).toMatchObject({ method: 'settings-text', certainty: 'likely', staticUrl: '/s/', staticRoot: path.join(root, 'out') });
    expect(project.detection.pythonConsentNeeded).toBeUndefined();
    expect(project.sources).toEqual([{ dir: path.join(root, 'assets'), prefix: '', origin: 'staticfiles-dirs', exists: true }]);
    expect(project.outDir).toBe(path.join(root, 'out'));
    expect(project.detection.notes).toContain(
      'Porter found no installed Django, so it reproduces Django 6.1; set "django": {"version": "…"} in porter.json to choose another.',
    );
  });

  it('finds manage.py one folder down and honours DJANGO_SETTINGS_MODULE from the environment', async () => {
    const root = folder({
      'backend/manage.py': managePy('app.settings.dev'),
      'backend/app/__init__.py': '',
      'backend/app/settings/__init__.py': '',
      'backend/app/settings/dev.py': 'STATICFILES_DIRS = ["dev"]\n',
      'backend/app/settings/prod.py': 'STATICFILES_DIRS = ["prod"]\n',
    });
    const project = await open(root, { env: { DJANGO_SETTINGS_MODULE: 'app.settings.prod' } });
    expect(project.sources.map((source) => source.dir)).toEqual([path.join(root, 'backend/prod')]);
    expect(project.detection.notes).toEqual(
      expect.arrayContaining([
        'manage.py is in backend/, so Porter treats that folder as the Django project.',
        "DJANGO_SETTINGS_MODULE is set to app.settings.prod in Porter's environment, so Porter used it instead of app.settings.dev.",
      ]),
    );
  });

  it('saveSources writes porter.json sources relative to the root and keeps other keys', async () => {
    const root = folder({ 'porter.json': JSON.stringify({ django: { version: '3.2' }, environments: { prod: {} } }) });
    const project = await open(root, { sourceFlags: ['assets', 'vendor_src=vendor', '/elsewhere/static'] });
    const file = await saveSources(project);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      django: { version: '3.2' },
      environments: { prod: {} },
      sources: [{ dir: 'assets' }, { dir: 'vendor_src', prefix: 'vendor' }, { dir: '/elsewhere/static' }],
    });
  });

  it('saveSources writes the sources given, in that order, with their prefixes, and keeps other keys', async () => {
    const root = folder({ 'porter.json': JSON.stringify({ sources: ['old'], recipes: [{ match: '*.png', mode: 'lossless' }], environments: { prod: { type: 'folder', path: '/p' } } }) });
    const project = await open(root);
    const file = await saveSources(project, [
      { dir: path.join(root, 'theme'), prefix: '' },
      { dir: path.join(root, 'assets', 'css'), prefix: 'site/css' },
      { dir: root, prefix: 'top' },
    ]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      sources: [{ dir: 'theme' }, { dir: 'assets/css', prefix: 'site/css' }, { dir: '.', prefix: 'top' }],
      recipes: [{ match: '*.png', mode: 'lossless' }],
      environments: { prod: { type: 'folder', path: '/p' } },
    });
    const reopened = await open(root);
    expect(reopened.sources.map(({ dir, prefix }) => [path.relative(root, dir), prefix])).toEqual([['theme', ''], [path.join('assets', 'css'), 'site/css'], ['', 'top']]);
  });

  it('saveSources refuses a prefix Django rejects and a relative folder, leaving porter.json untouched', async () => {
    const original = JSON.stringify({ sources: ['assets'], environments: {} });
    const root = folder({ 'porter.json': original });
    const project = await open(root);
    await expect(saveSources(project, [{ dir: path.join(root, 'a'), prefix: 'vendor/' }])).rejects.toThrow('Source 1 (' + path.join(root, 'a') + ') has the prefix "vendor/", which must not end with a slash.');
    await expect(saveSources(project, [{ dir: path.join(root, 'a'), prefix: '' }, { dir: path.join(root, 'b'), prefix: '/b' }])).rejects.toThrow('must not start with a slash');
    await expect(saveSources(project, [{ dir: 'assets', prefix: '' }])).rejects.toThrow('Source 1 (assets) is not a full path');
    expect(readFileSync(path.join(root, 'porter.json'), 'utf8')).toBe(original);
  });

  describe('errors the user can fix', () => {
    it('a missing project folder', async () => {
      const missing = path.join(os.tmpdir(), 'porter-no-such-folder-x1');
      await expect(open(missing)).rejects.toThrow(`The project folder ${missing} does not exist. Check the path`);
    });

    it('a file instead of a folder', async () => {
      const root = folder({ 'file.txt': '' });
      await expect(open(path.join(root, 'file.txt'))).rejects.toThrow('is a file. Open the folder that holds manage.py or porter.json instead.');
    });

    it('porter.json that is not JSON', async () => {
      const root = folder({ 'porter.json': '{"sources": [' });
      await expect(open(root)).rejects.toThrow(/porter\.json is not valid JSON \(.*\)\. Fix it or delete it/);
    });

    it('porter.json with a bad key, named in the message', async () => {
      const root = folder({ 'porter.json': JSON.stringify({ sources: ['ok', { dir: 5 }] }) });
      await expect(open(root)).rejects.toThrow(/porter\.json is not valid: sources\[1\] must be a folder/);
      const badVersion = folder({ 'porter.json': JSON.stringify({ django: { version: '4.0' } }) });
      await expect(open(badVersion)).rejects.toThrow(/porter\.json is not valid: django\.version .*"3\.2"/);
    });

    it('a prefix ending in a slash (Django rejects it too)', async () => {
      const root = folder({ 'porter.json': JSON.stringify({ sources: [{ dir: 'a', prefix: 'vendor/' }] }) });
      await expect(open(root)).rejects.toThrow('sources[0] has the prefix "vendor/", which must not end with a slash.');
      await expect(open(folder(), { sourceFlags: ['a=vendor/'] })).rejects.toThrow('--source a=vendor/ has the prefix "vendor/", which must not end with a slash.');
    });
  });
});
