// Locates the Django project in a folder: manage.py (at the root or one folder down, as in
// backend/ + frontend/ repositories) and the settings module it selects.

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDirectory, isFile } from './fs-checks';

export interface DjangoProjectLocation {
  /** The folder of manage.py: Django's working folder and first import path. */
  base: string;
  settingsModule: string | undefined;
  notes: string[];
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'venv', 'env', 'site-packages', '__pycache__']);

export async function locateDjangoProject(root: string, env: NodeJS.ProcessEnv): Promise<DjangoProjectLocation | undefined> {
  const notes: string[] = [];
  const base = await findManagePyFolder(root, notes);
  if (!base) return notes.length > 0 ? { base: root, settingsModule: undefined, notes } : undefined;

  const fromManagePy = settingsModuleIn(await readFile(path.join(base, 'manage.py'), 'utf8'));
  // manage.py uses os.environ.setdefault, so a value already in the environment wins, as it would for manage.py.
  const fromEnv = env.DJANGO_SETTINGS_MODULE;
  if (fromEnv && fromEnv !== fromManagePy) {
    notes.push(`DJANGO_SETTINGS_MODULE is set to ${fromEnv} in Porter's environment, so Porter used it instead of ${fromManagePy ?? "manage.py's choice"}.`);
    return { base, settingsModule: fromEnv, notes };
  }
  if (fromManagePy) return { base, settingsModule: fromManagePy, notes };

  const guesses = await settingsCandidates(base);
  if (guesses.length === 1) {
    notes.push(`manage.py does not name a settings module; Porter used ${guesses[0]}, the only settings module it found.`);
    return { base, settingsModule: guesses[0], notes };
  }
  notes.push(
    guesses.length === 0
      ? 'manage.py does not name a settings module (DJANGO_SETTINGS_MODULE), and Porter found no settings.py.'
      : `manage.py does not name a settings module, and Porter found several: ${guesses.join(', ')}.`,
  );
  return { base, settingsModule: undefined, notes };
}

async function findManagePyFolder(root: string, notes: string[]): Promise<string | undefined> {
  if (isFile(path.join(root, 'manage.py'))) return root;
  const found = (await subfolders(root)).filter((folder) => isFile(path.join(folder, 'manage.py')));
  if (found.length === 1) {
    notes.push(`manage.py is in ${path.relative(root, found[0]!)}/, so Porter treats that folder as the Django project.`);
    return found[0];
  }
  if (found.length > 1) {
    notes.push(`Several folders hold a manage.py (${found.map((folder) => path.relative(root, folder)).join(', ')}); open the one you collect from.`);
  }
  return undefined;
}

async function subfolders(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name))
      .map((entry) => path.join(folder, entry.name));
  } catch {
    return [];
  }
}

/** `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "x.settings")` or `os.environ["DJANGO_SETTINGS_MODULE"] = "x.settings"`. */
export function settingsModuleIn(managePy: string): string | undefined {
  const setdefault = /setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(managePy);
  if (setdefault) return setdefault[1];
  return /\[\s*['"]DJANGO_SETTINGS_MODULE['"]\s*\]\s*=\s*['"]([\w.]+)['"]/.exec(managePy)?.[1];
}

async function settingsCandidates(base: string): Promise<string[]> {
  const modules: string[] = [];
  for (const folder of await subfolders(base)) {
    const name = path.basename(folder);
    if (isFile(path.join(folder, 'settings.py'))) modules.push(`${name}.settings`);
    else if (isDirectory(path.join(folder, 'settings')) && isFile(path.join(folder, 'settings', '__init__.py'))) modules.push(`${name}.settings`);
  }
  return modules;
}
