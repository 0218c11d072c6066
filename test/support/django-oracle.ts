// Runs real Django 3.2 collectstatic (Debian's python3-django, importable from /usr/bin/python3 only) over a set of
// sources given in finder order, so tests can compare Porter's output with Django's own.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand, type CommandResult, type CommandSpec } from './run-porter';

export const djangoPython = '/usr/bin/python3';

export interface OracleSource {
  /** Absolute folder. */
  dir: string;
  /** '' for none; apps cannot have one. */
  prefix: string;
  /** Set for an app's `<package>/static` folder: the package is added to INSTALLED_APPS instead of STATICFILES_DIRS. */
  app?: string;
}

export interface DjangoCollectOptions {
  /** Finder order: STATICFILES_DIRS entries first, then apps (FileSystemFinder runs before AppDirectoriesFinder). */
  sources: OracleSource[];
  outDir: string;
  /** Where the settings module is written. */
  settingsDir: string;
  /** false = plain StaticFilesStorage (no hashing, no manifest). */
  hashing?: boolean;
  /** collectstatic `-i` patterns. */
  ignorePatterns?: string[];
  /**
   * Django with one change: a reference its converter cannot resolve is left as it is instead of raising, which is
   * what `porter collect --keep-broken-references` promises to write.
   */
  keepBrokenReferences?: boolean;
}

const keepBrokenStorage = [
  'from django.contrib.staticfiles.storage import ManifestStaticFilesStorage',
  '',
  '',
  'class KeepBrokenStorage(ManifestStaticFilesStorage):',
  '    def url_converter(self, name, hashed_files, template=None):',
  '        convert = super().url_converter(name, hashed_files, template)',
  '',
  '        def converter(matchobj):',
  '            try:',
  '                return convert(matchobj)',
  '            except ValueError:',
  '                return matchobj.group(0)',
  '',
  '        return converter',
  '',
].join('\n');

const py = (value: string): string => JSON.stringify(value);

function settingsModule(options: DjangoCollectOptions): string {
  const firstApp = options.sources.findIndex((source) => source.app);
  const dirs = firstApp === -1 ? options.sources : options.sources.slice(0, firstApp);
  const apps = firstApp === -1 ? [] : options.sources.slice(firstApp);
  for (const app of apps) {
    if (!app.app) throw new Error(`${app.dir}: STATICFILES_DIRS entries must come before apps to keep Django's finder order.`);
    if (app.prefix) throw new Error(`${app.dir}: an app's static folder cannot have a prefix.`);
    if (path.basename(app.dir) !== 'static' || path.basename(path.dirname(app.dir)) !== app.app) {
      throw new Error(`${app.dir} is not <${app.app}>/static.`);
    }
  }
  const appParents = [...new Set(apps.map((app) => path.dirname(path.dirname(app.dir))))];
  const storage = options.hashing === false ? 'django.contrib.staticfiles.storage.StaticFilesStorage' : options.keepBrokenReferences ? 'porter_oracle_storage.KeepBrokenStorage' : 'django.contrib.staticfiles.storage.ManifestStaticFilesStorage';
  return [
    'import sys',
    'import django',
    // Another Django on the path would silently produce another version's output.
    'assert django.VERSION[:2] == (3, 2), django.get_version()',
    ...appParents.map((parent) => `sys.path.insert(0, ${py(parent)})`),
    'SECRET_KEY = "porter-oracle"',
    `INSTALLED_APPS = [${['django.contrib.staticfiles', ...apps.map((app) => app.app!)].map(py).join(', ')}]`,
    'STATIC_URL = "/static/"',
    `STATIC_ROOT = ${py(options.outDir)}`,
    `STATICFILES_DIRS = [${dirs.map((dir) => (dir.prefix ? `(${py(dir.prefix)}, ${py(dir.dir)})` : py(dir.dir))).join(', ')}]`,
    `STATICFILES_STORAGE = ${py(storage)}`,
    'USE_TZ = True',
    '',
  ].join('\n');
}

/** Writes the settings module and returns the collectstatic command, so a caller can wrap it (e.g. with a timer). */
export function djangoCollectCommand(options: DjangoCollectOptions): CommandSpec {
  mkdirSync(options.settingsDir, { recursive: true });
  writeFileSync(path.join(options.settingsDir, 'porter_oracle_settings.py'), settingsModule(options));
  if (options.keepBrokenReferences) writeFileSync(path.join(options.settingsDir, 'porter_oracle_storage.py'), keepBrokenStorage);
  return {
    command: djangoPython,
    args: ['-m', 'django', 'collectstatic', '--noinput', '-v', '0', ...(options.ignorePatterns ?? []).flatMap((pattern) => ['-i', pattern])],
    cwd: options.settingsDir,
    env: {
      ...process.env,
      DJANGO_SETTINGS_MODULE: 'porter_oracle_settings',
      PYTHONPATH: options.settingsDir,
      // Keeps __pycache__ folders out of the generated apps (and so out of every later Porter or Django run).
      PYTHONDONTWRITEBYTECODE: '1',
    },
  };
}

export function runDjangoCollect(options: DjangoCollectOptions): Promise<CommandResult> {
  return runCommand(djangoCollectCommand(options));
}
