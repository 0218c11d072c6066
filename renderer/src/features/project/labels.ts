import type { Detection, Source } from '../../../../electron/contract/porter';

export const originLabels: Record<Source['origin'], string> = {
  flag: 'Command line',
  'porter.json': 'porter.json',
  'staticfiles-dirs': 'STATICFILES_DIRS',
  app: 'App',
};

export const methodLabels: Record<Detection['method'], string> = {
  flags: 'the folders given on the command line',
  'porter.json': 'porter.json',
  django: 'Django itself (the project’s Python)',
  'settings-text': 'reading the settings file as text',
  none: 'nothing: no settings or porter.json were found',
};

export const certaintyLabels: Record<Detection['certainty'], string> = {
  exact: 'Exact',
  likely: 'Likely',
  unsure: 'Unsure',
};
