// Where Django's template loaders look, from TEMPLATES read as text: each DjangoTemplates engine's DIRS first, then,
// with APP_DIRS (or an app_directories loader), every installed app's templates/ folder in INSTALLED_APPS order.

import path from 'node:path';
import type { TemplateFolder } from '../../contract/porter';
import type { AppResolution } from './app-locations';
import { isDirectory } from './fs-checks';
import { truthy, type Namespace, type PyValue } from './python-values';

const DJANGO_BACKEND = 'django.template.backends.django.DjangoTemplates';
const FILESYSTEM_LOADER = 'django.template.loaders.filesystem.Loader';
const APP_DIRECTORIES_LOADER = 'django.template.loaders.app_directories.Loader';
const CACHED_LOADER = 'django.template.loaders.cached.Loader';

export interface TemplateFolders {
  folders: TemplateFolder[];
  notes: string[];
}

/** `cwd`: where manage.py runs, which relative DIRS are relative to. */
export function templateFoldersFromSettings(namespace: Namespace, cwd: string, installedApps: string[], resolve: (entry: string) => AppResolution): TemplateFolders {
  const notes: string[] = [];
  const binding = namespace.get('TEMPLATES');
  if (!binding) return { folders: [], notes };
  for (const doubt of new Set(binding.doubts)) notes.push(`TEMPLATES may differ when Django runs: ${doubt}.`);
  const engines = binding.value;
  if (engines.kind !== 'list' && engines.kind !== 'tuple') {
    notes.push(engines.kind === 'unknown' ? `TEMPLATES could not be read: ${engines.why}.` : 'TEMPLATES is not a list Porter can read.');
    return { folders: [], notes };
  }
  const folders: TemplateFolder[] = [];
  const add = (folder: TemplateFolder) => {
    if (!folders.some((seen) => seen.dir === folder.dir)) folders.push(folder);
  };
  const addApps = () => {
    for (const entry of installedApps) {
      const resolution = resolve(entry);
      // An app Porter cannot find is already a note about the static sources.
      if (!resolution.ok) continue;
      const dir = path.join(resolution.app.folder, 'templates');
      if (isDirectory(dir)) add({ dir, origin: 'app', app: resolution.app.name });
    }
  };
  engines.items.forEach((engine, index) => {
    const where = `TEMPLATES entry ${index + 1}`;
    if (engine.kind !== 'dict') {
      notes.push(`${where} is not a dict Porter can read; its templates are not checked.`);
      return;
    }
    const backend = engine.entries.get('BACKEND');
    if (backend?.kind !== 'str') {
      notes.push(`${where} has no BACKEND Porter can read; its templates are not checked.`);
      return;
    }
    if (backend.value !== DJANGO_BACKEND) {
      notes.push(`${where} uses ${backend.value}; Porter checks only Django-language templates, so its templates are not checked.`);
      return;
    }
    const dirs = folderList(engine.entries.get('DIRS'), cwd, `${where} DIRS`, notes);
    const options = engine.entries.get('OPTIONS');
    const loaders = options?.kind === 'dict' ? options.entries.get('loaders') : undefined;
    if (loaders === undefined) {
      for (const dir of dirs) add({ dir, origin: 'dirs' });
      const appDirs = engine.entries.get('APP_DIRS');
      const appDirsOn = appDirs === undefined ? false : truthy(appDirs);
      if (appDirsOn === undefined) notes.push(`${where} APP_DIRS could not be read; Porter searches the apps' templates as if it were True.`);
      if (appDirsOn !== false) addApps();
      return;
    }
    for (const loader of flatLoaders(loaders, `${where} loaders`, notes)) {
      if (loader.name === FILESYSTEM_LOADER) for (const dir of loader.dirs === undefined ? dirs : folderList(loader.dirs, cwd, `${where} filesystem loader`, notes)) add({ dir, origin: 'dirs' });
      else if (loader.name === APP_DIRECTORIES_LOADER) addApps();
      else notes.push(`${where} uses the template loader ${loader.name}; Porter cannot list its templates, so they are not checked.`);
    }
  });
  return { folders, notes };
}

function folderList(value: PyValue | undefined, cwd: string, where: string, notes: string[]): string[] {
  if (value === undefined || value.kind === 'none') return [];
  if (value.kind !== 'list' && value.kind !== 'tuple') {
    notes.push(`${where} is not a list Porter can read; those folders are not checked.`);
    return [];
  }
  return value.items.flatMap((item) => {
    if (item.kind === 'str' || item.kind === 'path') return [path.resolve(cwd, item.value)];
    notes.push(item.kind === 'unknown' ? `${where} has a folder Porter could not read, left out: ${item.why}.` : `${where} has an entry that is not a folder; it is left out.`);
    return [];
  });
}

/** The loaders in the order they are asked, with the cached loader's wrapped loaders in its place. */
function flatLoaders(value: PyValue, where: string, notes: string[]): Array<{ name: string; dirs?: PyValue }> {
  if (value.kind !== 'list' && value.kind !== 'tuple') {
    notes.push(`${where} is not a list Porter can read; those templates are not checked.`);
    return [];
  }
  return value.items.flatMap((item) => {
    if (item.kind === 'str') return item.value === CACHED_LOADER ? [] : [{ name: item.value }];
    const parts = item.kind === 'list' || item.kind === 'tuple' ? item.items : [];
    const [name, argument] = parts;
    if (name?.kind !== 'str') {
      notes.push(`${where} has an entry Porter could not read; its templates are not checked.`);
      return [];
    }
    if (name.value === CACHED_LOADER) return argument ? flatLoaders(argument, where, notes) : [];
    return [{ name: name.value, dirs: argument }];
  });
}
