// Turns Django's own report (django-probe.py) into sources in finder order.

import type { Source } from '../../contract/porter';
import { storageNote, type DjangoFindings } from './django-findings';
import type { ProbeReport } from './django-probe';
import { isDirectory } from './fs-checks';
import { APP_DIRECTORIES_FINDER, FILE_SYSTEM_FINDER } from './settings-reader';

const DEFAULT_IGNORE_PATTERNS = ['CVS', '.*', '*~'];

export function findingsFromProbe(report: ProbeReport): DjangoFindings {
  const sources: Source[] = [];
  const doubts: string[] = [];
  for (const finder of report.finders) {
    if (finder.kind === 'filesystem') {
      for (const { location, prefix } of finder.locations ?? []) {
        sources.push({ dir: location, prefix, origin: 'staticfiles-dirs', exists: isDirectory(location) });
      }
    } else if (finder.kind === 'app-directories') {
      for (const { name, location } of finder.apps ?? []) {
        sources.push({ dir: location, prefix: '', origin: 'app', app: name, exists: isDirectory(location) });
      }
    }
    if (finder.kind === 'other') {
      doubts.push(`Django also uses the finder ${finder.class}; Porter cannot list its files, so they are not included.`);
    } else if (finder.class !== FILE_SYSTEM_FINDER && finder.class !== APP_DIRECTORIES_FINDER) {
      doubts.push(`Django uses ${finder.class}, a customised finder; Porter listed the folders it reports, but the finder may choose files differently.`);
    }
  }

  const notes = storageNote(report.storage ?? undefined);
  if (report.ignorePatterns === null) {
    notes.push('django.contrib.staticfiles is not in INSTALLED_APPS, so this project has no collectstatic command.');
  } else if (report.ignorePatterns.join('\0') !== DEFAULT_IGNORE_PATTERNS.join('\0')) {
    notes.push(`The project's staticfiles app ignores ${report.ignorePatterns.map((p) => `"${p}"`).join(', ')} instead of the default "CVS", ".*", "*~".`);
  }
  return {
    method: 'django',
    sources,
    doubts,
    notes,
    staticUrl: report.staticUrl ?? undefined,
    staticRoot: report.staticRoot ?? undefined,
    djangoVersion: report.djangoVersion,
    templateFolders: report.templates.folders,
    templateNotes: [
      ...(report.templates.error ? [`Django could not list its template folders, so no template was checked: ${report.templates.error}`] : []),
      ...report.templates.others.map((other) => `Django also renders templates with ${other}; Porter cannot list those templates, so they are not checked.`),
    ],
  };
}
