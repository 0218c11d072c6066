// A PorterBridge for renderer store tests: typed against the contract, answers set per test, events pushed by hand.
import { vi } from 'vitest';
import type { Result } from '../../electron/contract/define';
import type { OperationInput, OperationName, OperationOutput, PorterBridge, PorterEvent, Project } from '../../electron/contract/porter';

type Handlers = { [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>> };

export function project(overrides: Partial<Project> = {}): Project {
  return {
    root: '/work/site',
    name: 'site',
    sources: [
      { dir: '/work/site/assets', prefix: '', origin: 'porter.json', exists: true },
      { dir: '/work/site/blog/static', prefix: '', origin: 'app', app: 'blog', exists: true },
    ],
    detection: { method: 'porter.json', certainty: 'exact', notes: [], staticUrl: '/static/' },
    djangoVersion: '4.2',
    outDir: '/work/site/staticfiles',
    ...overrides,
  };
}

const unexpected = (name: string) => async () => {
  throw new Error(`unexpected call to ${name}`);
};

/** A PorterBridge typed against the contract, whose answers each test sets, with a way to push events. */
export function fakeBridge(overrides: Partial<Handlers> = {}) {
  const listeners = new Set<(event: PorterEvent) => void>();
  const handlers: Handlers = {
    getHostInfo: async () => ({ ok: true, value: { host: 'serve', canPickFolder: false, version: '0.0.0' } }),
    pickFolder: unexpected('pickFolder'),
    openProject: async ({ path }) => ({ ok: true, value: project({ root: path }) }),
    getSettings: unexpected('getSettings'),
    clearCache: unexpected('clearCache'),
    setFfmpegPath: unexpected('setFfmpegPath'),
    openDemoProject: unexpected('openDemoProject'),
    answerPythonConsent: unexpected('answerPythonConsent'),
    saveSources: unexpected('saveSources'),
    listAssets: async () => ({ ok: true, value: { assets: [], warnings: [] } }),
    startCollect: unexpected('startCollect'),
    getCollectConfig: async () => ({ ok: true, value: { compress: false } }),
    saveCollectConfig: async ({ compress }) => ({ ok: true, value: { compress } }),
    rememberBrokenReferences: unexpected('rememberBrokenReferences'),
    getJob: unexpected('getJob'),
    cancelJob: unexpected('cancelJob'),
    startSavings: unexpected('startSavings'),
    getSavings: unexpected('getSavings'),
    previewImage: unexpected('previewImage'),
    previewVideo: unexpected('previewVideo'),
    cancelPreview: unexpected('cancelPreview'),
    listEnvironments: async () => ({ ok: true, value: { environments: [], problem: null, keychain: { available: false, reason: 'no keychain in tests' } } }),
    saveEnvironment: unexpected('saveEnvironment'),
    saveCredentials: unexpected('saveCredentials'),
    planPush: unexpected('planPush'),
    startPush: unexpected('startPush'),
    getPush: unexpected('getPush'),
    listReleases: unexpected('listReleases'),
    rollback: unexpected('rollback'),
    promote: unexpected('promote'),
    getThumbnails: async () => ({ ok: true, value: { thumbnails: {} } }),
    getVideoDetails: async () => ({ ok: true, value: { details: {} } }),
    planImport: unexpected('planImport'),
    importFiles: unexpected('importFiles'),
    getRecipes: async () => ({ ok: true, value: { rules: [], assignments: [] } }),
    saveRecipes: unexpected('saveRecipes'),
    removeRecipe: unexpected('removeRecipe'),
    checkRecipe: unexpected('checkRecipe'),
    listFolders: unexpected('listFolders'),
    checkTemplates: async () => ({
      ok: true,
      value: { templateFolders: [], templates: 0, overridden: 0, literalTags: 0, missing: [], unknown: [], unreferenced: [], collectedFiles: 0, notes: [] },
    }),
    ...overrides,
  };
  const spies = Object.fromEntries(Object.entries(handlers).map(([name, handler]) => [name, vi.fn(handler)])) as unknown as {
    [K in OperationName]: ReturnType<typeof vi.fn<Handlers[K]>>;
  };
  const bridge: PorterBridge = {
    ...spies,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { bridge, spies, emit: (event: PorterEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

export function memoryRecent(initial: string[] = []) {
  let items = [...initial];
  return {
    list: () => [...items],
    add: (path: string) => {
      items = [path, ...items.filter((item) => item !== path)];
    },
  };
}
