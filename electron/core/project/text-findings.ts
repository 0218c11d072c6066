// Sources from the settings read as text: used when no Python may (or can) be run.

import path from 'node:path';
import type { Source } from '../../contract/porter';
import { resolveApp } from './app-locations';
import { storageNote, type DjangoFindings } from './django-findings';
import { appDirectoriesSources, fileSystemFinderSources } from './finder-order';
import { findModuleFile } from './python-modules';
import { APP_DIRECTORIES_FINDER, FILE_SYSTEM_FINDER, readSettingsValues } from './settings-reader';
import { SettingsProgram } from './settings-program';
import { templateFoldersFromSettings } from './template-settings';

export interface TextFindingsInput {
  projectRoot: string;
  /** The folder of manage.py. */
  base: string;
  settingsModule: string;
  /** Where installed apps live after the project folder: PYTHONPATH, then the environment's site folders. */
  sitePaths: string[];
  /** The installed Django's version, read from disk. */
  djangoVersion: string | undefined;
}

export function findingsFromSettingsText(input: TextFindingsInput): DjangoFindings {
  const program = new SettingsProgram({
    cwd: input.base,
    projectRoot: input.projectRoot,
    findModuleFile: (name) => findModuleFile(name, [input.base]),
  });
  const settings = program.run(input.settingsModule);
  if (!settings) {
    return {
      method: 'settings-text',
      sources: [],
      doubts: [`Porter could not find the settings module ${input.settingsModule} in ${input.base}.`],
      notes: [],
      staticUrl: undefined,
      staticRoot: undefined,
      djangoVersion: input.djangoVersion,
      templateFolders: [],
      templateNotes: [],
    };
  }

  const values = readSettingsValues(settings.namespace, input.base);
  const doubts = [...program.notes, ...values.sourceNotes];
  const appSearchPaths = [input.base, ...input.sitePaths];
  const resolve = (entry: string) => resolveApp(entry, appSearchPaths);
  const sources: Source[] = [];
  for (const finder of values.finders) {
    if (finder === FILE_SYSTEM_FINDER) sources.push(...fileSystemFinderSources(values.staticfilesDirs));
    else if (finder === APP_DIRECTORIES_FINDER) sources.push(...appDirectoriesSources(values.installedApps, resolve, doubts));
    else doubts.push(`STATICFILES_FINDERS includes ${finder}; Porter cannot list its files, so they are not included.`);
  }
  const templates = templateFoldersFromSettings(settings.namespace, input.base, values.installedApps, resolve);
  const file = path.relative(input.projectRoot, settings.file).split(path.sep).join('/');
  return {
    method: 'settings-text',
    sources,
    doubts,
    notes: [`Porter read ${file} as text, without running Python.`, ...values.settingNotes, ...storageNote(values.storage)],
    staticUrl: values.staticUrl,
    staticRoot: values.staticRoot,
    djangoVersion: input.djangoVersion,
    templateFolders: templates.folders,
    templateNotes: templates.notes,
  };
}
