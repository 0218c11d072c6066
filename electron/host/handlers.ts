import { readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import type { OperationName, OperationOutput, PorterContract, Project } from '../contract/porter';
import { loadCollectConfig, projectSourceRoots, rememberKeptReferences, saveCollectConfig, scanSources } from '../core/collect/index';
import { projectSavingsFiles } from '../core/optimize/savings/index';
import { loadOptimizeBudget } from '../core/optimize/load-budget';
import { loadRecipes } from '../core/recipes/index';
import { demoProjectCopy } from '../core/project/demo-project';
import { planImport, runImport } from '../core/project/import-assets';
import { incomingContent, type IncomingContent } from '../core/project/import-content';
import { thumbnail } from '../core/project/thumbnail';
import { checkProjectTemplates } from '../core/templates/index';
import { isVideoOrSound, videoDetails } from '../core/video/index';
import { checkFfmpeg, loadFfmpegSetting, saveFfmpegSetting, videoToolsOptions } from '../core/video/ffmpeg-setting';
import { FolderOutsideProjectError, listProjectFolders } from '../core/project/list-folders';
import { defaultCacheDir } from '../core/collect/signature-cache';
import { resolveConfigDir } from '../core/project/python-consent';
import { previewProjectImage } from './image-preview';
import { previewProjectVideo } from './video-preview';
import { createPreviewRequests } from './preview-requests';
import { checkProjectRecipe, projectRecipes, removeProjectRecipe, saveProjectRecipes } from './project-recipes';
import { credentialKey } from './credential-store';
import { environmentsOf, planSummary, promoteBetween, pushOutDir, releasesOf, rollbackTo, saveEnvironment, startPush, type PushDeps } from './push-operations';
import type { JobRegistry } from './job-registry';
import { OperationError } from './operation-error';
import type { ProjectSession } from './project-session';
import { resolveUserPath } from './resolve-user-path';
import type { SavingsJobs } from './savings-jobs';
import { scanToAssets } from './scan-to-assets';

/** The input an operation receives: after zod parsing, so defaults are filled in. */
export type ParsedInput<K extends OperationName> = z.output<PorterContract[K]['input']>;

/** One handler per operation; a missing one is a compile error. */
export type PorterHandlers = {
  [K in OperationName]: (input: ParsedInput<K>) => Promise<OperationOutput<K>>;
};

export interface HostInfo {
  host: 'electron' | 'serve';
  canPickFolder: boolean;
  version: string;
}

/** The OS folder dialog: `startIn` is where it opens; null when the user cancels. */
export type PickFolder = (options: { title?: string; startIn?: string }) => Promise<string | null>;

export interface HandlerDeps {
  hostInfo: HostInfo;
  pickFolder?: PickFolder;
  projects: ProjectSession;
  jobs: JobRegistry;
  savings: SavingsJobs;
  push: PushDeps;
  /** Where Porter keeps the user's copy of the demo project. */
  dataDir: string;
  /** Follows an opened project's sources on disk. */
  watch: (project: Project) => Project;
  /** Starts the savings workers for an opened project, so its first report pays no start-up. */
  warmSavings: (project: Project) => void;
  /** Where remembered answers live (undefined: the default folder). */
  configDir?: string;
  /** Where a bundled FFmpeg may be (the packaged app's resources). */
  resourcesPath?: string;
  /** A file the host itself received from the browser, which a browser host may import by path. */
  isReceivedFile?: (file: string) => boolean;
}

export function createHandlers({ hostInfo, pickFolder, projects, jobs, savings, push, dataDir, watch, warmSavings, configDir, resourcesPath, isReceivedFile }: HandlerDeps): PorterHandlers {
  const previews = createPreviewRequests();
  const knownCollect = (jobId: string) => {
    const state = jobs.get(jobId);
    if (!state) {
      throw new OperationError({
        kind: 'not-found',
        message: `There is no job ${jobId}.`,
        hint: 'Porter forgets jobs when it restarts; start the collect again.',
      });
    }
    return state;
  };

  // A browser names no paths; `porter serve` itself turns the contents it receives into files it then names.
  const opened = (project: Project): Project => {
    warmSavings(project);
    return watch(project);
  };

  const refuseImportByPath = (files: ({ relativePath: string } | { relativePath: string; path: string })[]): void => {
    if (files.some((file) => 'path' in file && !isReceivedFile?.(file.path)) && hostInfo.host !== 'electron') {
      throw new OperationError({ kind: 'forbidden', message: 'Only the desktop app imports files by path; a browser sends their contents.' });
    }
  };

  return {
    getHostInfo: async () => hostInfo,

    pickFolder: async ({ title, startIn }) => {
      if (!pickFolder || !hostInfo.canPickFolder) {
        throw new OperationError({
          kind: 'forbidden',
          message: 'Choosing a folder with a dialog only works in the desktop app.',
          hint: 'Type or paste the folder path instead.',
        });
      }
      return { path: await pickFolder({ title, startIn: startIn === undefined ? undefined : resolveUserPath(startIn) }) };
    },

    getSettings: async () => {
      const cacheDir = defaultCacheDir();
      const machineConfig = resolveConfigDir(configDir, process.env);
      return { cacheDir, cacheBytes: await folderBytes(cacheDir), configDir: machineConfig, dataDir, keychain: push.credentials.status(), ffmpeg: await ffmpegSettingState(machineConfig) };
    },

    setFfmpegPath: async ({ path: chosen }) => {
      const saved = await saveFfmpegSetting(resolveConfigDir(configDir, process.env), chosen === null ? null : resolveUserPath(chosen));
      if (!saved.ok) throw new OperationError({ kind: 'invalid-input', message: saved.message, hint: 'Nothing was saved; Porter keeps using the FFmpeg it used before.' });
      return 'cleared' in saved ? { path: null, version: null } : { path: saved.ffmpeg, version: saved.version };
    },

    clearCache: async () => {
      const cacheDir = defaultCacheDir();
      if (jobs.anyRunning()) {
        throw new OperationError({ kind: 'conflict', message: 'A collect is running and uses the cache.', hint: 'Clear the cache once it has finished.' });
      }
      const freedBytes = await folderBytes(cacheDir);
      await rm(cacheDir, { recursive: true, force: true });
      return { freedBytes };
    },

    openProject: async ({ path: folder }) => opened(await projects.open(folder)),

    openDemoProject: async ({ reset }) => opened(await projects.open(demoProjectCopy(dataDir, { reset }))),

    answerPythonConsent: async ({ root, allow }) => opened(await projects.answerPythonConsent(root, allow)),

    saveSources: ({ root, sources }) => projects.saveSources(root, sources?.map(({ dir, prefix }) => ({ dir: resolveUserPath(dir), prefix }))),

    listAssets: async ({ root, ignorePatterns, useDefaultIgnore }) => {
      const project = await projects.get(root);
      const scan = scanSources({
        sources: projectSourceRoots(project),
        djangoVersion: project.djangoVersion,
        ignorePatterns,
        useDefaultIgnore,
      });
      return scanToAssets(scan);
    },

    startCollect: async ({ root, outDir, compress, keepReferences, dropMissingSourceMaps, ...settings }) => {
      const project = await projects.get(root);
      if (project.sources.length === 0) {
        throw new OperationError({ kind: 'invalid-input', message: 'This project has no source folders yet, so there is nothing to collect.', hint: 'Add the folders that hold its static files first.' });
      }
      const target = resolveUserPath(outDir);
      const running = jobs.runningInto(target) ?? push.jobs.collectingInto(target);
      if (running) {
        throw new OperationError({
          kind: 'conflict',
          message: `A collect into ${target} is already running.`,
          hint: 'Wait for it to finish or cancel it first.',
        });
      }
      const config = await loadCollectConfig(project.root);
      const jobId = jobs.start({
        ...settings,
        sources: projectSourceRoots(project),
        outDir: target,
        staticUrl: project.detection.staticUrl,
        recipes: await loadRecipes(project.root),
        video: await videoToolsOptions(project.root, { configDir, resourcesPath }),
        optimizeBudget: await loadOptimizeBudget(project.root),
        compress: compress ?? config.compress,
        keepBroken: { rules: config.keepBrokenReferences, once: keepReferences },
        dropMissingSourceMaps: dropMissingSourceMaps ?? config.dropMissingSourceMaps,
      });
      return { jobId };
    },

    getCollectConfig: async ({ root }) => loadCollectConfig((await projects.get(root)).root),

    saveCollectConfig: async ({ root, compress }) => {
      const project = await projects.get(root);
      await saveCollectConfig(project.root, { compress });
      return loadCollectConfig(project.root);
    },

    rememberBrokenReferences: async ({ root, references, dropMissingSourceMaps }) => {
      const project = await projects.get(root);
      return { rules: await rememberKeptReferences(project.root, references, dropMissingSourceMaps) };
    },

    getJob: async ({ jobId }) => knownCollect(jobId),

    cancelJob: async ({ jobId }) => {
      if (jobs.get(jobId)) return { cancelled: jobs.cancel(jobId) };
      if (savings.get(jobId)) return { cancelled: savings.cancel(jobId) };
      if (push.jobs.get(jobId)) return { cancelled: push.jobs.cancel(jobId) };
      throw new OperationError({ kind: 'not-found', message: `There is no job ${jobId}.`, hint: 'Porter forgets jobs when it restarts; start it again.' });
    },

    startSavings: async ({ root, settings, mode }) => {
      const project = await projects.get(root);
      return { jobId: savings.start({ root: project.root, files: projectSavingsFiles(project), settings, mode }) };
    },

    getSavings: async ({ jobId, since }) => {
      const state = savings.get(jobId, since);
      if (!state) {
        throw new OperationError({
          kind: 'not-found',
          message: `There is no savings job ${jobId}.`,
          hint: 'Porter forgets jobs when it restarts (and keeps only the latest reports); start the savings report again. Unchanged files come from the cache.',
        });
      }
      return state;
    },

    previewImage: async ({ root, requestId, ...request }) => {
      const project = await projects.get(root);
      return previews.run(requestId, (signal) => previewProjectImage(project, request, signal));
    },

    previewVideo: async ({ root, publicPath, codec, requestId }) => {
      const project = await projects.get(root);
      return previews.run(requestId, (signal) => previewProjectVideo(project, publicPath, codec, { resourcesPath, cacheDir: defaultCacheDir() }, signal));
    },

    cancelPreview: async ({ requestId }) => ({ cancelled: previews.cancel(requestId) }),

    listEnvironments: async ({ root }) => environmentsOf(await projects.get(root), push),

    saveEnvironment: async ({ root, name, config }) => saveEnvironment(await projects.get(root), name, config, push),

    saveCredentials: async ({ root, environment, accessKeyId, secretAccessKey }) => {
      const status = push.credentials.status();
      if (!status.available) throw new OperationError({ kind: 'forbidden', message: 'Porter cannot keep keys safely here.', hint: status.reason });
      await push.credentials.save(credentialKey((await projects.get(root)).root, environment), { accessKeyId, secretAccessKey });
      return { saved: true };
    },

    planPush: async ({ root, environment, outDir }) => planSummary(await projects.get(root), environment, outDir, push),

    startPush: async ({ root, environment, ...options }) => {
      const project = await projects.get(root);
      const target = pushOutDir(project, options.outDir);
      if (options.collect && (jobs.runningInto(target) ?? push.jobs.collectingInto(target))) {
        throw new OperationError({ kind: 'conflict', message: `A collect into ${target} is already running.`, hint: 'Publish once it has finished, or cancel it first.' });
      }
      return { jobId: await startPush(project, environment, options, push) };
    },

    getPush: async ({ jobId }) => {
      const state = push.jobs.get(jobId);
      if (!state) throw new OperationError({ kind: 'not-found', message: `There is no push job ${jobId}.`, hint: 'Porter forgets jobs when it restarts; push again (what arrived is not sent twice).' });
      return state;
    },

    listReleases: async ({ root, environment }) => ({ releases: await releasesOf(await projects.get(root), environment, push) }),

    rollback: async ({ root, environment, to, acrossDamaged }) => rollbackTo(await projects.get(root), environment, { to, acrossDamaged }, push),

    promote: async ({ root, from, to }) => promoteBetween(await projects.get(root), from, to, push),

    getThumbnails: async ({ root, files }) => {
      const project = await projects.get(root);
      const entries = await Promise.all(files.map(async (file) => [file, isInsideSources(project, file) ? await thumbnail(file) : null] as const));
      return { thumbnails: Object.fromEntries(entries) };
    },

    getVideoDetails: async ({ root, files }) => {
      const project = await projects.get(root);
      const readable = files.filter((file) => isInsideSources(project, file) && isVideoOrSound(file));
      const details = await videoDetails(readable, { ...(await videoToolsOptions(project.root, { configDir, resourcesPath })), cacheDir: defaultCacheDir() });
      return { details };
    },

    planImport: async ({ root, sourceIndex, folder, files }) => {
      const project = await projects.get(root);
      refuseImportByPath(files);
      const planned = await Promise.all(files.map(async (file) => ({ relativePath: file.relativePath, incoming: await plannedContent(file) })));
      return { entries: await planImport(project, { sourceIndex, folder }, planned) };
    },

    importFiles: async ({ root, sourceIndex, folder, files, decisions }) => {
      const project = await projects.get(root);
      refuseImportByPath(files);
      const items = files.map((file) => ('path' in file ? file : { relativePath: file.relativePath, bytes: Buffer.from(file.contentBase64, 'base64') }));
      return runImport(project, { sourceIndex, folder }, items, decisions);
    },

    getRecipes: async ({ root }) => projectRecipes(await projects.get(root)),

    saveRecipes: async ({ root, rules }) => saveProjectRecipes(await projects.get(root), rules),

    removeRecipe: async ({ root, match }) => removeProjectRecipe(await projects.get(root), match),

    checkRecipe: async ({ root, rule }) => checkProjectRecipe(await projects.get(root), rule),

    checkTemplates: async ({ root, ignorePatterns, useDefaultIgnore }) => checkProjectTemplates(await projects.get(root), { ignorePatterns, useDefaultIgnore }),

    listFolders: async ({ root, folder }) => {
      const project = await projects.get(root);
      try {
        return await listProjectFolders(project.root, folder === undefined ? undefined : resolveUserPath(folder));
      } catch (error) {
        if (!(error instanceof FolderOutsideProjectError)) throw error;
        throw new OperationError({ kind: 'forbidden', message: `${error.folder} is outside the project.`, hint: `Choose a folder inside ${project.root}.` });
      }
    },
  };
}

async function folderBytes(dir: string): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return 0;
  }
  const sizes = await Promise.all(entries.map((entry) => stat(path.join(dir, entry)).then((info) => (info.isFile() ? info.size : 0), () => 0)));
  return sizes.reduce((sum, size) => sum + size, 0);
}

/** Only files under the project's own sources are read for the UI, whatever path it asks about. */
function isInsideSources(project: Project, file: string): boolean {
  const absolute = path.resolve(file);
  return project.sources.some((source) => {
    const relative = path.relative(source.dir, absolute);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
}


/** What the import plan may know of a file: read from disk on the desktop (an unreadable one is found at import). */
async function plannedContent(file: ParsedInput<'planImport'>['files'][number]): Promise<IncomingContent | undefined> {
  if (!('path' in file)) return { bytes: file.bytes, sha256: file.sha256, head: Buffer.from(file.headBase64, 'base64') };
  try {
    return incomingContent(await readFile(file.path));
  } catch {
    return undefined;
  }
}

/** The Settings choice as the Settings view shows it: checked again, since the program may have moved since. */
async function ffmpegSettingState(machineConfig: string): Promise<{ path: string | null; version: string | null; problem: string | null }> {
  const chosen = await loadFfmpegSetting(machineConfig);
  if (!chosen) return { path: null, version: null, problem: null };
  const checked = await checkFfmpeg(chosen);
  return checked.ok ? { path: chosen, version: checked.version, problem: null } : { path: chosen, version: null, problem: checked.message };
}
