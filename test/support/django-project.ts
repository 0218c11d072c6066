// Builds real Django projects with Debian's Django 3.2 (importable from /usr/bin/python3 only),
// the way people make them: `django-admin startproject` + `startapp`, settings edited by hand,
// and a virtualenv in .venv that sees the system Django. Reusable by any test that needs one.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const systemPython = '/usr/bin/python3';

export interface DjangoProject {
  /** The project folder (holds manage.py). */
  root: string;
  /** The virtualenv's interpreter, `<root>/.venv/bin/python`, which imports the system Django. */
  python: string;
  /** `<root>/mysite/settings.py`. */
  settingsFile: string;
  /** STATIC_ROOT as the settings define it. */
  staticRoot: string;
}

/**
 * Makes, in `dir` (created if missing, expected empty):
 * - `mysite` from `startproject` (INSTALLED_APPS starts with django.contrib.admin, which ships static files);
 * - apps `blog` (listed by name), `polls` (listed as `polls.apps.PollsConfig`) and `shop`, each with
 *   `static/<app>/…`, and `notes`, listed but without a static folder;
 * - `STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist", ("vendor", BASE_DIR / "vendor_src")]`, both with files;
 * - `STATIC_ROOT = BASE_DIR / "collected"`;
 * - `.venv` from `python3 -m venv --system-site-packages --without-pip`.
 */
export async function makeDjangoProject(dir: string): Promise<DjangoProject> {
  mkdirSync(dir, { recursive: true });
  await run(systemPython, ['-m', 'django', 'startproject', 'mysite', dir]);
  for (const app of ['blog', 'polls', 'shop', 'notes']) await run(systemPython, ['-m', 'django', 'startapp', app], { cwd: dir });

  writeFiles(dir, {
    'blog/static/blog/blog.css': 'body { color: #333; }\n',
    'polls/static/polls/polls.js': 'console.log("polls");\n',
    'shop/static/shop/logo.txt': 'shop\n',
    'frontend/dist/app.js': 'console.log("app");\n',
    'vendor_src/lib.js': 'console.log("lib");\n',
  });

  const settingsFile = path.join(dir, 'mysite', 'settings.py');
  const settings = readFileSync(settingsFile, 'utf8');
  const appsEnd = "    'django.contrib.staticfiles',\n]";
  if (!settings.includes(appsEnd)) throw new Error(`startproject wrote an INSTALLED_APPS this helper does not know:\n${settings}`);
  writeFileSync(
    settingsFile,
    settings.replace(appsEnd, "    'django.contrib.staticfiles',\n    'blog',\n    'polls.apps.PollsConfig',\n    'shop',\n    'notes',\n]") +
      [
        '',
        'STATICFILES_DIRS = [',
        '    BASE_DIR / "frontend" / "dist",',
        '    ("vendor", BASE_DIR / "vendor_src"),',
        ']',
        'STATIC_ROOT = BASE_DIR / "collected"',
        '',
      ].join('\n'),
  );

  await run(systemPython, ['-m', 'venv', '--system-site-packages', '--without-pip', path.join(dir, '.venv')]);
  return { root: dir, python: path.join(dir, '.venv', 'bin', 'python'), settingsFile, staticRoot: path.join(dir, 'collected') };
}

export interface FinderSource {
  dir: string;
  prefix: string;
  /** For AppDirectoriesFinder sources: the app name. */
  app?: string;
}

/**
 * What Django's finders list, in order: every storage that yields a file from `finder.list()`,
 * once, as collectstatic meets them. Independent of Porter's probe: it walks the files.
 */
export async function djangoFinderSources(project: DjangoProject): Promise<FinderSource[]> {
  const script = [
    'import json',
    'from django.contrib.staticfiles import finders',
    'seen = []',
    'for finder in finders.get_finders():',
    '    names = {id(s): n for n, s in getattr(finder, "storages", {}).items()} if isinstance(finder, finders.AppDirectoriesFinder) else {}',
    '    for _path, storage in finder.list([]):',
    '        entry = {"dir": storage.location, "prefix": getattr(storage, "prefix", None) or ""}',
    '        if id(storage) in names: entry["app"] = names[id(storage)]',
    '        if not seen or seen[-1] != entry: seen.append(entry)',
    'print(json.dumps(seen))',
  ].join('\n');
  const { stdout } = await run(project.python, ['manage.py', 'shell', '-c', script], { cwd: project.root });
  return JSON.parse(stdout) as FinderSource[];
}

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}
