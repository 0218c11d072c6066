// Which Django's collectstatic output Porter reproduces for an installed Django, and reading the
// installed version from `django/__init__.py` without running Python.

import { readFileSync } from 'node:fs';
import { DJANGO_VERSIONS, type DjangoVersion } from '../../contract/porter';
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
  const version = nearestDjangoVersion(major, minor);
  if (`${major}.${minor}` === version) return { version };
  return { version, note: `Django ${installed} is installed; Porter reproduces Django ${version}, the nearest version it knows, so some output may differ.` };
}

/**
 * Within a major version, the newest known release not newer than the installed one (else that major's oldest known:
 * 5.0 and 5.1 behave as 5.2 does); outside the known majors, the nearest end of the list.
 */
function nearestDjangoVersion(major: number, minor: number): DjangoVersion {
  const parsed = DJANGO_VERSIONS.map((known) => ({ known, major: Number(known.split('.')[0]), minor: Number(known.split('.')[1]) }));
  const sameMajor = parsed.filter((entry) => entry.major === major);
  if (sameMajor.length) return (sameMajor.filter((entry) => entry.minor <= minor).pop() ?? sameMajor[0]!).known;
  return major > parsed.at(-1)!.major ? parsed.at(-1)!.known : parsed[0]!.known;
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
