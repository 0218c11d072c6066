import type { OperationName } from './porter';

// Kept free of zod so the sandboxed preload bundle can import it and stay small.

/** Keyed by every operation: adding one to the contract without listing it here is a compile error. */
const operations: Record<OperationName, true> = {
  getHostInfo: true,
  pickFolder: true,
  openProject: true,
  getSettings: true,
  clearCache: true,
  setFfmpegPath: true,
  openDemoProject: true,
  answerPythonConsent: true,
  saveSources: true,
  listAssets: true,
  startCollect: true,
  getCollectConfig: true,
  saveCollectConfig: true,
  rememberBrokenReferences: true,
  getJob: true,
  cancelJob: true,
  startSavings: true,
  getSavings: true,
  previewImage: true,
  previewVideo: true,
  cancelPreview: true,
  listEnvironments: true,
  saveEnvironment: true,
  saveCredentials: true,
  planPush: true,
  startPush: true,
  getPush: true,
  listReleases: true,
  rollback: true,
  promote: true,
  getThumbnails: true,
  getVideoDetails: true,
  planImport: true,
  importFiles: true,
  getRecipes: true,
  saveRecipes: true,
  removeRecipe: true,
  checkRecipe: true,
  listFolders: true,
  checkTemplates: true,
};

export const operationNames = Object.keys(operations) as OperationName[];

export const ipcChannel = (name: OperationName): string => `porter:${name}`;
export const eventChannel = 'porter:event';
