// Resolves INSTALLED_APPS entries to app folders on disk, as `AppConfig.create` does: an entry is
// an app module, or else `module.ClassName` of an AppConfig whose `name` is the app module.

import { readFileSync } from 'node:fs';
import { findModule, findModuleFile, moduleFolder, type ModuleLocation } from './python-modules';
import { logicalLines } from './python-tokens';

export interface AppLocation {
  /** The app's name (`AppConfig.name`), e.g. `polls` for `polls.apps.PollsConfig`. */
  name: string;
  /** `AppConfig.path`. */
  folder: string;
}

export type AppResolution = { ok: true; app: AppLocation } | { ok: false; problem: string };

export function resolveApp(entry: string, searchPaths: string[]): AppResolution {
  const direct = findModule(entry, searchPaths);
  if (direct) return located(entry, direct);

  const dot = entry.lastIndexOf('.');
  const configFile = dot > 0 ? findModuleFile(entry.slice(0, dot), searchPaths) : undefined;
  if (!configFile) return { ok: false, problem: `Porter could not find the app ${entry} in ${describe(searchPaths)}.` };
  const className = entry.slice(dot + 1);
  const name = appConfigName(configFile, className);
  if (!name) {
    return { ok: false, problem: `Porter could not read the app name (\`name = "…"\`) of ${className} in ${configFile}, so the app ${entry} is left out.` };
  }
  const app = findModule(name, searchPaths);
  if (!app) return { ok: false, problem: `${entry} names the app ${name}, which Porter could not find in ${describe(searchPaths)}.` };
  return located(name, app);
}

function located(name: string, location: ModuleLocation): AppResolution {
  if (location.kind === 'package' && location.dirs.length > 1) {
    // Django refuses such an app (ImproperlyConfigured), so collectstatic would not run at all.
    return { ok: false, problem: `The app ${name} is a namespace package in several folders (${location.dirs.join(', ')}); Django needs an AppConfig with a \`path\` for it.` };
  }
  return { ok: true, app: { name, folder: moduleFolder(location) } };
}

/** The string assigned to `name` in the body of `class <className>(…):`. */
function appConfigName(file: string, className: string): string | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = logicalLines(source);
  const start = lines.findIndex((line) => line.indent === 0 && line.tokens[0]?.text === 'class' && line.tokens[1]?.text === className);
  if (start < 0) return undefined;
  const bodyIndent = lines[start + 1]?.indent ?? 0;
  for (const line of lines.slice(start + 1)) {
    if (line.indent === 0) break;
    const [target, equals, value] = line.tokens;
    if (line.indent === bodyIndent && target?.text === 'name' && equals?.text === '=' && value?.kind === 'string' && line.tokens.length === 3) {
      return value.value;
    }
  }
  return undefined;
}

function describe(searchPaths: string[]): string {
  return searchPaths.length === 1 ? searchPaths[0]! : `${searchPaths.slice(0, -1).join(', ')} or ${searchPaths[searchPaths.length - 1]}`;
}
