// Which Django's collectstatic output Porter reproduces for an installed Django, and reading the
// installed version from `django/__init__.py` without running Python.

import { readFileSync } from 'node:fs';
import type { DjangoVersion } from '../../contract/porter';
import { findModule } from './python-modules';

export interface InstalledDjango {
  version: string;
  /** The `django` package folder. */
  folder: string;
}

export function supportedDjangoVersion(installed: string): { version: DjangoVersion; note?: string } {
  const match = /^(\d+)\.(\d+)/.exec(installed);
  const major = match ? Number(match[1]) : NaN;
  const minor = match ? Number(match[2]) : NaN;
  const version: DjangoVersion = major >= 5 ? '5.2' : major === 4 ? '4.2' : '3.2';
  if (`${major}.${minor}` === version) return { version };
  return { version, note: `Django ${installed} is installed; Porter reproduces Django ${version}, the nearest version it knows, so some output may differ.` };
}

/** Finds `django` in import order and reads its VERSION tuple. */
export function findInstalledDjango(searchPaths: string[]): InstalledDjango | undefined {
  const location = findModule('django', searchPaths);
  if (location?.kind !== 'package' || !location.initFile) return undefined;
  let source: string;
  try {
    source = readFileSync(location.initFile, 'utf8');
  } catch {
    return undefined;
  }
  const version = versionFromTuple(source);
  return version ? { version, folder: location.dirs[0]! } : undefined;
}

/** `django.utils.version.get_version` for `VERSION = (5, 2, 1, "final", 0)`, minus the dev timestamp. */
function versionFromTuple(source: string): string | undefined {
  const match = /^VERSION\s*=\s*\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*['"](\w+)['"]\s*,\s*(\d+)\s*\)/m.exec(source);
  if (!match) return undefined;
  const [, major, minor, micro, release, serial] = match;
  const main = micro === '0' ? `${major}.${minor}` : `${major}.${minor}.${micro}`;
  if (release === 'final') return main;
  if (release === 'alpha' && serial === '0') return `${main}.dev`;
  const suffix = { alpha: 'a', beta: 'b', rc: 'rc' }[release!] ?? release;
  return `${main}${suffix}${serial}`;
}
