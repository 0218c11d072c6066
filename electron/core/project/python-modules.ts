// Finds Python modules on disk the way the import system does, without running Python: in
// search-path order, a regular package (`__init__.py`) or module file wins at once; plain folders
// only count as a namespace package when nothing else in the path has that name.

import { isDirectory, isFile } from './fs-checks';
import path from 'node:path';

export type ModuleLocation =
  | { kind: 'package'; dirs: string[]; initFile?: string }
  | { kind: 'module'; file: string };

export function findModule(name: string, searchPaths: string[]): ModuleLocation | undefined {
  let dirs = searchPaths;
  let found: ModuleLocation | undefined;
  for (const part of name.split('.')) {
    if (found?.kind === 'module') return undefined;
    found = findIn(part, dirs);
    if (!found) return undefined;
    if (found.kind === 'package') dirs = found.dirs;
  }
  return found;
}

/** The source file Python would run for a module (`__init__.py` for packages), or undefined. */
export function findModuleFile(name: string, searchPaths: string[]): string | undefined {
  const location = findModule(name, searchPaths);
  if (!location) return undefined;
  return location.kind === 'module' ? location.file : location.initFile;
}

/** Django's `AppConfig.path` for a module: its package folder, or a plain module's folder. */
export function moduleFolder(location: ModuleLocation): string {
  return location.kind === 'module' ? path.dirname(location.file) : location.dirs[0]!;
}

function findIn(part: string, dirs: string[]): ModuleLocation | undefined {
  const portions: string[] = [];
  for (const dir of dirs) {
    const candidate = path.join(dir, part);
    const initFile = path.join(candidate, '__init__.py');
    if (isFile(initFile)) return { kind: 'package', dirs: [candidate], initFile };
    if (isFile(`${candidate}.py`)) return { kind: 'module', file: `${candidate}.py` };
    if (isDirectory(candidate)) portions.push(candidate);
  }
  return portions.length > 0 ? { kind: 'package', dirs: portions } : undefined;
}
