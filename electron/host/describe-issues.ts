import type { z } from 'zod';
import type { PorterError } from '../contract/define';
import type { OperationName } from '../contract/porter';

/** What each operation does, in the words of the screen that asks for it (every operation: the compiler checks). */
const actions: Record<OperationName, string> = {
  getHostInfo: 'start',
  getSettings: 'read the settings',
  clearCache: 'clear the cache',
  setFfmpegPath: 'choose FFmpeg',
  getJob: 'follow the collect',
  getSavings: 'follow the measure',
  getPush: 'follow the publish',
  pickFolder: 'open the folder picker',
  openProject: 'open the project',
  openDemoProject: 'open the demo project',
  answerPythonConsent: 'remember your answer',
  saveSources: 'save the sources',
  listAssets: 'list the assets',
  startCollect: 'start the collect',
  getCollectConfig: 'read the collect settings',
  saveCollectConfig: 'save the collect settings',
  rememberBrokenReferences: 'remember the accepted references in porter.json',
  cancelJob: 'cancel',
  startSavings: 'measure the savings',
  previewImage: 'compare the image',
  listEnvironments: 'read the environments',
  saveEnvironment: 'save the environment',
  saveCredentials: 'save the keys',
  planPush: 'compare with the environment',
  startPush: 'publish',
  listReleases: 'read the releases',
  rollback: 'roll back',
  promote: 'promote',
  getThumbnails: 'show the thumbnails',
  getVideoDetails: 'read the videos',
  previewVideo: 'compare the video',
  planImport: 'check the files to import',
  importFiles: 'import the files',
  getRecipes: 'read the recipes',
  saveRecipes: 'save the recipe',
  removeRecipe: 'remove the recipe',
  checkRecipe: 'check the recipe',
  cancelPreview: 'cancel the preview',
  listFolders: 'list the folders',
  checkTemplates: 'check the templates',
};

/** Input fields as the screens label them; anything else is spelled out from its name. */
const fieldLabels: Record<string, string> = {
  root: 'Project folder',
  path: 'Folder',
  outDir: 'Output folder',
  djangoVersion: 'Django version',
  hashing: 'Hashed names',
  dryRun: 'Dry run',
  name: 'Name',
  config: 'Environment settings',
  environment: 'Environment',
  accessKeyId: 'Access key ID',
  secretAccessKey: 'Secret access key',
  from: 'Promote from',
  to: 'Target',
  keep: 'Releases to keep',
  match: 'Files',
  glob: 'Files',
  sourceIndex: 'Source folder',
  folder: 'Folder',
  monthlyRequests: 'Downloads a month',
  jobId: 'Job',
};

function labelOf(path: readonly PropertyKey[]): string | undefined {
  const names = path.filter((part): part is string => typeof part === 'string');
  const last = names.at(-1);
  if (!last) return undefined;
  const label = fieldLabels[last] ?? last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().replace(/^./, (first) => first.toUpperCase());
  const row = path.find((part): part is number => typeof part === 'number');
  return row === undefined ? label : `${label} (item ${row + 1})`;
}

/** zod's own wording ("Invalid input: expected string, received undefined") turned into what to do; messages the contract wrote are kept. */
function problemOf(issue: z.core.$ZodIssue): string {
  if (!/^(Invalid|Too (small|big)|Unrecognized)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'is required.' : `must be ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}.`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}.`;
    case 'too_small':
      return issue.origin === 'string' ? (Number(issue.minimum) <= 1 ? 'is required.' : `needs at least ${issue.minimum} characters.`) : `must be at least ${issue.minimum}.`;
    case 'too_big':
      return issue.origin === 'string' ? `may have at most ${issue.maximum} characters.` : `must be at most ${issue.maximum}.`;
    case 'unrecognized_keys':
      return `has settings Porter does not know: ${issue.keys.join(', ')}.`;
    default:
      return 'is not valid.';
  }
}

/** One readable sentence per zod issue, naming the field as the user sees it. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const label = labelOf(issue.path);
      const problem = problemOf(issue);
      const sentence = label ? `${label}${/^[a-z]/.test(problem) ? ' ' : ': '}${problem}` : problem.replace(/^./, (first) => first.toUpperCase());
      return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
    })
    .join(' ');
}

/** Input an operation refused, as a message about what the user asked for and what to change. */
export function invalidInputError(operation: OperationName, issues: readonly z.core.$ZodIssue[]): PorterError {
  return {
    kind: 'invalid-input',
    message: `Porter could not ${actions[operation]}. ${describeIssues(issues)}`,
    hint: 'Correct that and try again; nothing was changed.',
  };
}
