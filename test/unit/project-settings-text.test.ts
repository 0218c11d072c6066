// The settings text reader across the shapes people write settings in, including the ones it
// must call unsure. No Python runs here: projects are plain files in a temp folder.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findingsFromSettingsText } from '../../electron/core/project/text-findings';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` under a fresh folder; `app/` names get an `__init__.py` so they import. */
function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'porter-settings-'));
  temps.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** A fake installed package tree (site-packages) holding django.contrib.admin with static files. */
function sitePackages(root: string): string {
  const site = path.join(root, 'site-packages');
  for (const [name, content] of Object.entries({
    'django/__init__.py': 'VERSION = (4, 2, 11, "final", 0)\n',
    'django/contrib/__init__.py': '',
    'django/contrib/admin/__init__.py': '',
    'django/contrib/admin/static/admin/css/base.css': '',
    'django/contrib/staticfiles/__init__.py': '',
    'debug_toolbar/__init__.py': '',
    'debug_toolbar/static/debug_toolbar/toolbar.js': '',
  })) {
    mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
    writeFileSync(path.join(site, name), content);
  }
  return site;
}

function read(root: string, settingsModule = 'mysite.settings', sitePaths: string[] = []) {
  return findingsFromSettingsText({ projectRoot: root, base: root, settingsModule, sitePaths, djangoVersion: undefined });
}

const summary = (root: string, findings: ReturnType<typeof read>) =>
  findings.sources.map((source) => {
    const dir = path.relative(root, source.dir) || '.';
    return [source.origin === 'app' ? `app:${source.app}` : 'dir', dir, source.prefix, source.exists ? '' : 'missing'].filter(Boolean).join(' ');
  });

const app = (name: string, withStatic = true): Record<string, string> => ({
  [`${name}/__init__.py`]: '',
  ...(withStatic ? { [`${name}/static/${name}/${name}.css`]: '' } : {}),
});

describe('settings read as text', () => {
  it('reads a startproject settings file with pathlib paths, a prefix tuple, apps and STATIC_ROOT', () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': `
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.staticfiles',
    "blog",  # a comment between entries
    'polls.apps.PollsConfig',
    'notes',
]

STATIC_URL = 'static/'
STATIC_ROOT = BASE_DIR / 'staticfiles_out'
STATICFILES_DIRS = [
    BASE_DIR / "frontend" / "dist",
    ("vendor", BASE_DIR / "vendor_src"),
    '/srv/shared/static',
]
`,
      ...app('blog'),
      ...app('polls'),
      'polls/apps.py': 'from django.apps import AppConfig\n\n\nclass PollsConfig(AppConfig):\n    default_auto_field = "x"\n    name = "polls"\n',
      ...app('notes', false),
      'frontend/dist/app.js': '',
    });
    const site = sitePackages(root);
    const findings = read(root, 'mysite.settings', [site]);

    expect(findings.doubts).toEqual([]);
    expect(summary(root, findings)).toEqual([
      'dir frontend/dist',
      'dir vendor_src vendor missing',
      `dir ${path.relative(root, '/srv/shared/static')} missing`,
      'app:django.contrib.admin site-packages/django/contrib/admin/static',
      'app:blog blog/static',
      'app:polls polls/static',
    ]);
    expect(findings.staticUrl).toBe('/static/');
    expect(findings.staticRoot).toBe(path.join(root, 'staticfiles_out'));
    expect(findings.notes[0]).toBe('Porter read mysite/settings.py as text, without running Python.');
  });

  it('follows os.path settings (older startproject) and string paths', () => {
    const root = project({
      'proj/__init__.py': '',
      'proj/settings.py': `
import os
BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STATIC_URL = '/assets/'
STATIC_ROOT = os.path.join(BASE_DIR, 'public', 'static')
STATICFILES_DIRS = (
    os.path.join(BASE_DIR, "static"),
    'relative/dir',
)
INSTALLED_APPS = ()
`,
      'static/x.css': '',
    });
    const findings = read(root, 'proj.settings');
    expect(findings.doubts).toEqual([]);
    expect(summary(root, findings)).toEqual(['dir static', 'dir relative/dir missing']);
    expect(findings.staticUrl).toBe('/assets/');
    expect(findings.staticRoot).toBe(path.join(root, 'public/static'));
  });

  it('reads a settings package: base.py pulled in with `from .base import *`, then extended', () => {
    const root = project({
      'config/__init__.py': '',
      'config/settings/__init__.py': '',
      'config/settings/base.py': `
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent.parent
DJANGO_APPS = ["django.contrib.staticfiles"]
THIRD_PARTY_APPS = []
LOCAL_APPS = ["apps.blog"]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS
STATICFILES_DIRS = [str(BASE_DIR / "assets")]
STATIC_URL = "/static/"
`,
      'config/settings/production.py': `
from .base import *  # noqa
INSTALLED_APPS += ["shop"]
STATICFILES_DIRS.append(BASE_DIR / "frontend" / "dist")
STATICFILES_DIRS.insert(0, ("top", BASE_DIR / "first"))
STATIC_ROOT = BASE_DIR.parent / "public"
try:
    from .local import *
except ImportError:
    pass
`,
      'apps/__init__.py': '',
      'apps/blog/__init__.py': '',
      'apps/blog/static/blog/b.css': '',
      ...app('shop'),
    });
    const findings = read(root, 'config.settings.production', [sitePackages(root)]);
    expect(findings.doubts).toEqual([]);
    expect(summary(root, findings)).toEqual(['dir first top missing', 'dir assets missing', 'dir frontend/dist missing', 'app:apps.blog apps/blog/static', 'app:shop shop/static']);
    expect(findings.staticRoot).toBe(path.join(path.dirname(root), 'public'));
  });

  it('resolves AppConfig paths whose name differs from the module, and an f-string folder', () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': `
from pathlib import Path
BASE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_APPS = ["core.apps.CoreConfig"]
STATICFILES_DIRS = [f"{BASE_DIR}/assets", BASE_DIR.joinpath("more", "x")]
`,
      'core/__init__.py': '',
      'core/apps.py': 'from django.apps import AppConfig\nclass CoreConfig(AppConfig):\n    """Core."""\n    name = "project_core"\n',
      ...app('project_core'),
      'assets/a.css': '',
    });
    expect(summary(root, read(root))).toEqual(['dir assets', 'dir more/x missing', 'app:project_core project_core/static']);
  });

  it('looks for apps in the project folder first, then in the environment', () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': 'INSTALLED_APPS = ["debug_toolbar", "django.contrib.admin"]\n',
      ...app('debug_toolbar'),
    });
    const site = sitePackages(root);
    expect(summary(root, read(root, 'mysite.settings', [site]))).toEqual([
      'app:debug_toolbar debug_toolbar/static',
      'app:django.contrib.admin site-packages/django/contrib/admin/static',
    ]);
  });

  it("keeps Django's FileSystemFinder rules: duplicate pairs once, a root's last prefix for every listing", () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': `
STATICFILES_DIRS = [
    ("a", "/srv/shared"),
    "/srv/other",
    ("a", "/srv/shared"),
    ("b", "/srv/shared"),
]
`,
    });
    expect(read(root).sources.map(({ dir, prefix }) => `${dir}=${prefix}`)).toEqual(['/srv/shared=b', '/srv/other=', '/srv/shared=b']);
  });

  it('lists finders in STATICFILES_FINDERS order and calls unknown finders unsure', () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': `
INSTALLED_APPS = ["blog"]
STATICFILES_DIRS = ["/srv/static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "compressor.finders.CompressorFinder",
]
`,
      ...app('blog'),
    });
    const findings = read(root);
    expect(summary(root, findings).map((line) => line.split(' ')[0])).toEqual(['app:blog', 'dir']);
    expect(findings.doubts).toEqual(['STATICFILES_FINDERS includes compressor.finders.CompressorFinder; Porter cannot list its files, so they are not included.']);
  });

  describe('unsure cases', () => {
    const settings = (body: string) => project({ 'mysite/__init__.py': '', 'mysite/settings.py': `import os\nfrom pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent\n${body}`, ...app('blog') });

    it('a list comprehension', () => {
      const root = settings('STATICFILES_DIRS = [BASE_DIR / d for d in ("a", "b")]\n');
      const findings = read(root);
      expect(findings.sources).toEqual([]);
      expect(findings.doubts).toEqual([
        'STATICFILES_DIRS could not be read: `[BASE_DIR / d for d in ("a", "b")]` (mysite/settings.py line 4) is a list comprehension, worked out only when Django runs.',
      ]);
    });

    it('environment lookups: the written default is used, a missing one is left out', () => {
      const root = settings(`
STATIC_ROOT = os.environ.get("STATIC_ROOT", BASE_DIR / "static_root")
STATICFILES_DIRS = [os.getenv("ASSETS_DIR"), BASE_DIR / "assets"]
INSTALLED_APPS = ["blog"]
`);
      const findings = read(root);
      expect(findings.staticRoot).toBe(path.join(root, 'static_root'));
      expect(findings.notes.join('\n')).toContain('STATIC_ROOT may differ when Django runs: `os.environ.get("STATIC_ROOT", BASE_DIR / "static_root")` (mysite/settings.py line 5) reads the environment variable STATIC_ROOT; Porter used the default written there.');
      expect(findings.doubts).toEqual([
        'STATICFILES_DIRS has an entry Porter could not read, left out: `os.getenv("ASSETS_DIR")` (mysite/settings.py line 6) reads the environment variable ASSETS_DIR.',
      ]);
      expect(summary(root, findings)).toEqual(['dir assets missing', 'app:blog blog/static']);
    });

    it('django-environ and python-decouple readers', () => {
      const root = settings(`
import environ
from decouple import config
env = environ.Env()
STATIC_URL = env("STATIC_URL", default="/s/")
STATIC_ROOT = config("STATIC_ROOT")
`);
      const findings = read(root);
      expect(findings.staticUrl).toBe('/s/');
      expect(findings.staticRoot).toBeUndefined();
      expect(findings.notes.join('\n')).toContain('STATIC_ROOT could not be read: `config("STATIC_ROOT")` (mysite/settings.py line 9) reads the environment variable STATIC_ROOT.');
    });

    it('`+=` from values Porter cannot know keeps what it knows', () => {
      const root = settings(`
from .helpers import extra_apps
INSTALLED_APPS = ["blog"]
INSTALLED_APPS += extra_apps()
`);
      const findings = read(root);
      expect(summary(root, findings)).toEqual(['app:blog blog/static']);
      expect(findings.doubts).toEqual([
        'INSTALLED_APPS may differ when Django runs: `from .helpers import extra_apps` (mysite/settings.py line 5) imports a module Porter could not find; Porter left out what it adds.',
      ]);
    });

    it('changes inside `if` and `except` blocks', () => {
      const root = settings(`
INSTALLED_APPS = ["blog"]
DEBUG = os.environ.get("DEBUG") == "1"
if DEBUG:
    INSTALLED_APPS += ["debug_toolbar"]
try:
    import whitenoise
except ImportError:
    STATICFILES_DIRS = ["fallback"]
`);
      const findings = read(root);
      expect(summary(root, findings)).toEqual(['dir fallback missing', 'app:blog blog/static']);
      expect(findings.doubts).toEqual([
        'STATICFILES_DIRS may differ when Django runs: it is changed in `except ImportError:` (mysite/settings.py line 11), which runs only when the `try` above it fails.',
        'INSTALLED_APPS may differ when Django runs: it is changed inside `if DEBUG:` (mysite/settings.py line 7), which Porter cannot decide without running Python.',
      ]);
    });

    it("imports it can't follow, and helpers that rewrite settings", () => {
      const root = settings(`
INSTALLED_APPS = ["blog"]
from .missing_settings import *
from some_package.settings import *
import django_heroku
django_heroku.settings(locals())
`);
      expect(read(root).doubts).toEqual([
        '`from .missing_settings import *` (mysite/settings.py line 6) imports settings from a module Porter could not find.',
        '`from some_package.settings import *` (mysite/settings.py line 7) brings in settings from outside the project, which Porter cannot see.',
        '`django_heroku.settings(locals())` (mysite/settings.py line 9) can change any setting, and Porter cannot see how.',
      ]);
    });

    it('apps it cannot find', () => {
      const root = settings('INSTALLED_APPS = ["blog", "ghost", "blog.apps.Missing", "blog.apps.Nameless"]\n');
      writeFileSync(path.join(root, 'blog/apps.py'), 'class Nameless(AppConfig):\n    label = "x"\n');
      const findings = read(root);
      expect(summary(root, findings)).toEqual(['app:blog blog/static']);
      expect(findings.doubts).toEqual([
        `Porter could not find the app ghost in ${root}.`,
        `Porter could not read the app name (\`name = "…"\`) of Missing in ${path.join(root, 'blog/apps.py')}, so the app blog.apps.Missing is left out.`,
        `Porter could not read the app name (\`name = "…"\`) of Nameless in ${path.join(root, 'blog/apps.py')}, so the app blog.apps.Nameless is left out.`,
      ]);
    });

    it('a settings module that does not exist', () => {
      const root = project({ 'manage.py': '' });
      expect(read(root, 'nowhere.settings').doubts).toEqual([`Porter could not find the settings module nowhere.settings in ${root}.`]);
    });
  });

  it('is not fooled by strings, comments and line continuations', () => {
    const root = project({
      'mysite/__init__.py': '',
      'mysite/settings.py': `
"""Docstring with STATICFILES_DIRS = ['nope'] and a # hash."""
NOTE = '''
STATIC_URL = "/wrong/"
'''
PART = "atic"
STATIC_URL = "/st" \\
    f"{PART}/"  # implicit concatenation across a continuation, with an f-string
STATIC_ROOT = "/srv/{x}" f"/{PART}"  # a plain part's braces stay literal
INSTALLED_APPS = [
    # "commented_out",
    'blog',
]; STATICFILES_DIRS = [r"C:\\not\\escaped" if False else "/srv/a"]
`,
      ...app('blog'),
    });
    const findings = read(root);
    expect(findings.staticUrl).toBe('/static/');
    expect(findings.staticRoot).toBe('/srv/{x}/atic');
    expect(summary(root, findings)).toEqual(['app:blog blog/static']);
    expect(findings.doubts[0]).toContain('a conditional expression');
  });
});
