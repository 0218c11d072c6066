// Django's finder semantics for sources read from settings text.

import path from 'node:path';
import type { Source } from '../../contract/porter';
import type { AppResolution } from './app-locations';
import { isDirectory } from './fs-checks';
import type { StaticfilesDir } from './settings-reader';

/**
 * FileSystemFinder: `(prefix, root)` pairs de-duplicated in order; storages are keyed by root
 * alone, so a root listed with two prefixes lists its files twice, both times under the last prefix.
 */
export function fileSystemFinderSources(dirs: StaticfilesDir[]): Source[] {
  const locations: StaticfilesDir[] = [];
  for (const dir of dirs) {
    if (!locations.some((seen) => seen.key === dir.key && seen.prefix === dir.prefix)) locations.push(dir);
  }
  const prefixByRoot = new Map(locations.map((location) => [location.key, location.prefix]));
  return locations.map((location) => ({
    dir: location.dir,
    prefix: prefixByRoot.get(location.key)!,
    origin: 'staticfiles-dirs',
    exists: isDirectory(location.dir),
  }));
}

/** AppDirectoriesFinder: apps in INSTALLED_APPS order, once each, only those with a `static` folder. */
export function appDirectoriesSources(entries: string[], resolve: (entry: string) => AppResolution, problems: string[]): Source[] {
  const sources: Source[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const resolution = resolve(entry);
    if (!resolution.ok) {
      problems.push(resolution.problem);
      continue;
    }
    const { name, folder } = resolution.app;
    const dir = path.join(folder, 'static');
    if (seen.has(name) || !isDirectory(dir)) continue;
    seen.add(name);
    sources.push({ dir, prefix: '', origin: 'app', app: name, exists: true });
  }
  return sources;
}
