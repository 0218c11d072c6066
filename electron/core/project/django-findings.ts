// What a look at the Django project yields, whether Django answered or the settings were read as text.

import type { Source, TemplateFolder } from '../../contract/porter';

export interface DjangoFindings {
  method: 'django' | 'settings-text';
  /** STATICFILES_DIRS and app sources, in finder order. */
  sources: Source[];
  /** What makes the sources uncertain; any doubt makes the detection 'unsure'. */
  doubts: string[];
  /** Everything else worth telling: STATIC_URL/STATIC_ROOT guesses, the storage, what was read. */
  notes: string[];
  staticUrl: string | undefined;
  staticRoot: string | undefined;
  /** The installed Django's version, when known. */
  djangoVersion: string | undefined;
  /** Where the Django template loaders look, in their order. */
  templateFolders: TemplateFolder[];
  /** What makes the template folders uncertain. */
  templateNotes: string[];
}

export const DEFAULT_STORAGE = 'django.contrib.staticfiles.storage.StaticFilesStorage';

export function storageNote(storage: string | undefined): string[] {
  if (!storage || storage === DEFAULT_STORAGE) return [];
  return [`Django stores collected files with ${storage}.`];
}
