import { fail, ok, type Result } from '../contract/define';
import { porterContract, type OperationName, type PorterEvent, type Project } from '../contract/porter';
import { runCollect } from '../core/collect/index';
import { defaultCacheDir } from '../core/collect/signature-cache';
import { projectSavingsFiles, runSavings } from '../core/optimize/savings/index';
import { describeIssues, invalidInputError } from './describe-issues';
import { createHandlers, type HostInfo, type ParsedInput, type PickFolder, type PorterHandlers } from './handlers';
import { createJobRegistry } from './job-registry';
import { createMeasureWorkers, type MeasureWorkers } from './measure-workers';
import { toPorterError } from './operation-error';
import { createProjectSession } from './project-session';
import { createSavingsJobs } from './savings-jobs';
import { noKeychain, type CredentialStore } from './credential-store';
import { createPushJobs } from './push-jobs';
import { createProjectWatchers } from './project-watchers';
import { defaultDataDir } from '../core/project/demo-project';

export type { HostInfo } from './handlers';

export interface PorterHostOptions {
  /** Where remembered answers (Python consent) live; by default the folder the CLI uses too. */
  configDir?: string;
  hostInfo: HostInfo;
  pickFolder?: PickFolder;
  /** The OS keychain in the desktop app; `porter serve` has none. */
  credentials?: CredentialStore;
  /** Porter's own data (the demo project copy); the desktop app passes its user-data folder. */
  dataDir?: string;
  /** The packaged app's resources folder, where a bundled FFmpeg lives (the desktop app passes process.resourcesPath). */
  resourcesPath?: string;
  /** A file this host itself received from the browser (`porter serve`'s imports), which it may import by path. */
  isReceivedFile?: (file: string) => boolean;
  /** The kept savings workers; by default one per core from the bundled worker. */
  measureWorkers?: MeasureWorkers;
}

/** The contract, run in plain Node: Electron's IPC handlers and `porter serve` both sit on one of these. */
export interface PorterHost {
  /** Never throws: unknown operations, bad input and core failures all come back as `{ ok: false }`. */
  call(name: string, rawInput: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: PorterEvent) => void): () => void;
  /** Cancels running jobs and drops listeners. */
  dispose(): void;
}

function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(porterContract, name);
}

export function createPorterHost(options: PorterHostOptions): PorterHost {
  const listeners = new Set<(event: PorterEvent) => void>();
  const emit = (event: PorterEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken listener (a closed window, a dropped stream) must not stop the job or the others.
        console.error('Porter: a job event listener failed:', error);
      }
    }
  };
  const jobs = createJobRegistry(runCollect, emit);
  const measureWorkers = options.measureWorkers ?? createMeasureWorkers();
  const savings = createSavingsJobs((input) => measureWorkers.use((pool) => runSavings({ ...input, cacheDir: defaultCacheDir(), pool, video: { resourcesPath: options.resourcesPath } })), emit);
  // After the open's answer has gone: the scan is the one the report will make, and the workers start meanwhile.
  const warmSavings = (project: Project): void => {
    setImmediate(() => {
      let filenames: string[];
      try {
        filenames = projectSavingsFiles(project).map((file) => file.publicPath);
      } catch {
        // A source folder that cannot be scanned: the savings report says so when it is asked for.
        return;
      }
      if (filenames.length > 0) void measureWorkers.warm(filenames);
    });
  };
  const pushJobs = createPushJobs(emit);
  const watchers = createProjectWatchers(emit);
  const handlers = createHandlers({
    hostInfo: options.hostInfo,
    pickFolder: options.pickFolder,
    projects: createProjectSession(options.configDir),
    jobs,
    savings,
    push: { credentials: options.credentials ?? noKeychain, jobs: pushJobs },
    dataDir: options.dataDir ?? defaultDataDir(),
    watch: watchers.watch,
    warmSavings,
    configDir: options.configDir,
    resourcesPath: options.resourcesPath,
    isReceivedFile: options.isReceivedFile,
  });

  return {
    async call(name, rawInput) {
      if (!isOperationName(name)) {
        return fail({ kind: 'not-found', message: `Porter has no operation called "${name}".` });
      }
      return runOperation(handlers, name, rawInput);
    },

    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    dispose() {
      jobs.dispose();
      savings.dispose();
      pushJobs.dispose();
      watchers.dispose();
      void measureWorkers.dispose();
      listeners.clear();
    },
  };
}

async function runOperation<K extends OperationName>(handlers: PorterHandlers, name: K, rawInput: unknown): Promise<Result<unknown>> {
  const operation = porterContract[name];
  const input = operation.input.safeParse(rawInput ?? {});
  if (!input.success) {
    return fail(invalidInputError(name, input.error.issues));
  }
  try {
    const handler = handlers[name] as (input: ParsedInput<K>) => Promise<unknown>;
    const value = await handler(input.data as ParsedInput<K>);
    // Parsing the answer drops anything the contract doesn't declare, so hosts send exactly what the UI expects.
    const output = operation.output.safeParse(value);
    if (!output.success) {
      console.error(`Porter: the answer to ${name} does not match its contract:`, describeIssues(output.error.issues));
      return fail({
        kind: 'failed',
        message: 'Porter produced an answer it cannot show. Nothing you did caused this.',
        hint: 'This is a bug in Porter; please report what you were doing when it happened.',
      });
    }
    return ok(output.data);
  } catch (error) {
    return fail(toPorterError(error));
  }
}
