// Extracts the static-files settings from a settings module read as text, with notes on every
// value that is a guess or could not be read.

import path from 'node:path';
import type { Namespace, PyValue } from './python-values';

export const FILE_SYSTEM_FINDER = 'django.contrib.staticfiles.finders.FileSystemFinder';
export const APP_DIRECTORIES_FINDER = 'django.contrib.staticfiles.finders.AppDirectoriesFinder';
const DEFAULT_FINDERS = [FILE_SYSTEM_FINDER, APP_DIRECTORIES_FINDER];

export interface StaticfilesDir {
  prefix: string;
  /** Absolute folder. */
  dir: string;
  /** Django compares roots as given (a `Path` never equals a `str`); this is that identity. */
  key: string;
}

export interface SettingsValues {
  staticfilesDirs: StaticfilesDir[];
  installedApps: string[];
  finders: string[];
  staticUrl: string | undefined;
  staticRoot: string | undefined;
  storage: string | undefined;
  /** Doubts about STATICFILES_DIRS, INSTALLED_APPS and STATICFILES_FINDERS. */
  sourceNotes: string[];
  /** Doubts about STATIC_URL, STATIC_ROOT and the storage. */
  settingNotes: string[];
}

interface Read {
  value: PyValue | undefined;
  notes: string[];
}

/** `cwd`: where manage.py runs, which relative folders are relative to. */
export function readSettingsValues(namespace: Namespace, cwd: string): SettingsValues {
  const read = (name: string): Read => {
    const binding = namespace.get(name);
    if (!binding) return { value: undefined, notes: [] };
    const notes = [...new Set(binding.doubts)].map((doubt) => `${name} may differ when Django runs: ${doubt}.`);
    if (binding.value.kind === 'unknown') notes.push(`${name} could not be read: ${binding.value.why}.`);
    return { value: binding.value.kind === 'unknown' ? undefined : binding.value, notes };
  };

  const dirs = read('STATICFILES_DIRS');
  const apps = read('INSTALLED_APPS');
  const finders = read('STATICFILES_FINDERS');
  const url = read('STATIC_URL');
  const root = read('STATIC_ROOT');
  const storage = readStorage(read('STORAGES'), read('STATICFILES_STORAGE'));

  const sourceNotes = [...dirs.notes, ...apps.notes, ...finders.notes];
  const settingNotes = [...url.notes, ...root.notes, ...storage.notes];
  return {
    staticfilesDirs: staticfilesDirs(dirs.value, cwd, sourceNotes),
    installedApps: stringList('INSTALLED_APPS', apps.value, sourceNotes),
    finders: finders.value === undefined ? DEFAULT_FINDERS : stringList('STATICFILES_FINDERS', finders.value, sourceNotes),
    staticUrl: staticUrl(url.value, settingNotes),
    staticRoot: folder(root.value, cwd),
    storage: storage.value,
    sourceNotes,
    settingNotes,
  };
}

function staticfilesDirs(value: PyValue | undefined, cwd: string, notes: string[]): StaticfilesDir[] {
  if (value === undefined) return [];
  if (value.kind !== 'list' && value.kind !== 'tuple') {
    notes.push('STATICFILES_DIRS is not a list or tuple, so Django rejects it (staticfiles.E001).');
    return [];
  }
  const dirs: StaticfilesDir[] = [];
  value.items.forEach((item, index) => {
    const pair = item.kind === 'list' || item.kind === 'tuple' ? item.items : undefined;
    const prefixValue = pair?.length === 2 ? pair[0]! : { kind: 'str' as const, value: '' };
    const rootValue = pair?.length === 2 ? pair[1]! : item;
    const bad = [prefixValue, rootValue].find((part) => part.kind === 'unknown');
    if (bad?.kind === 'unknown') {
      notes.push(`STATICFILES_DIRS has an entry Porter could not read, left out: ${bad.why}.`);
      return;
    }
    if (prefixValue.kind !== 'str' || (rootValue.kind !== 'str' && rootValue.kind !== 'path')) {
      notes.push(`STATICFILES_DIRS entry ${index + 1} is neither a folder nor a ("prefix", folder) pair; it is left out.`);
      return;
    }
    dirs.push({ prefix: prefixValue.value, dir: path.resolve(cwd, rootValue.value), key: `${rootValue.kind}:${rootValue.value}` });
  });
  return dirs;
}

function stringList(name: string, value: PyValue | undefined, notes: string[]): string[] {
  if (value === undefined) return [];
  if (value.kind !== 'list' && value.kind !== 'tuple') {
    notes.push(`${name} is not a list or tuple Porter can read.`);
    return [];
  }
  return value.items.flatMap((item) => {
    if (item.kind === 'str') return [item.value];
    notes.push(item.kind === 'unknown' ? `${name} has an entry Porter could not read, left out: ${item.why}.` : `${name} has an entry that is not a string; it is left out.`);
    return [];
  });
}

/** Django 3.1+ prefixes a relative STATIC_URL with the script prefix, `/` for collectstatic. */
function staticUrl(value: PyValue | undefined, notes: string[]): string | undefined {
  if (value === undefined || value.kind === 'none') return undefined;
  if (value.kind !== 'str') {
    notes.push('STATIC_URL is not a string.');
    return undefined;
  }
  return value.value.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.value) ? value.value : `/${value.value}`;
}

function folder(value: PyValue | undefined, cwd: string): string | undefined {
  if (value?.kind !== 'str' && value?.kind !== 'path') return undefined;
  return value.value === '' ? undefined : path.resolve(cwd, value.value);
}

function readStorage(storages: Read, legacy: Read): { value: string | undefined; notes: string[] } {
  const entry = storages.value?.kind === 'dict' ? storages.value.entries.get('staticfiles') : undefined;
  const backend = entry?.kind === 'dict' ? entry.entries.get('BACKEND') : undefined;
  if (backend?.kind === 'str') return { value: backend.value, notes: storages.notes };
  if (backend?.kind === 'unknown') return { value: undefined, notes: [...storages.notes, `STORAGES["staticfiles"] could not be read: ${backend.why}.`] };
  if (legacy.value?.kind === 'str') return { value: legacy.value.value, notes: legacy.notes };
  return { value: undefined, notes: [...storages.notes, ...legacy.notes] };
}
