import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import { NEWEST_DJANGO_VERSION } from '../../../../electron/contract/django-versions';
import type { DjangoVersion, JobState, KeepRule, PorterBridge, Project } from '../../../../electron/contract/porter';
import { cancelRunningJob } from '../../lib/cancel-job';

export interface CollectDraft {
  outDir: string;
  djangoVersion: DjangoVersion;
  hashing: boolean;
  dryRun: boolean;
}

export interface CollectState {
  root?: string;
  draft: CollectDraft;
  /** The latest known state of the job this panel started. */
  job?: JobState;
  starting: boolean;
  cancelling: boolean;
  error?: PorterError;
  /** porter.json's `collect.compress`: WhiteNoise's .br/.gz siblings, for this collect and Publish's alike. */
  compress: boolean;
  savingCompress: boolean;
  adoptProject(project: Project, previous: Project | undefined): void;
  setCompress(compress: boolean): Promise<void>;
  updateDraft(change: Partial<CollectDraft>): void;
  start(broken?: { keepReferences: KeepRule[]; dropMissingSourceMaps: boolean }): Promise<void>;
  /**
   * After a collect stopped at broken references: collect again with exactly those left as they are (or, with
   * `dropSourceMaps`, the missing maps' comments removed), and with `remember`, accept them in porter.json first.
   */
  keepBrokenAndCollect(choice: { remember: boolean; dropSourceMaps: boolean }): Promise<void>;
  cancel(): Promise<void>;
  /** Stops listening for job events. */
  dispose(): void;
}

export type CollectStore = StoreApi<CollectState>;

/** Without an event for this long, the store asks for the job's state itself (a dropped event stream must not freeze the bar). */
export const staleJobMs = 2000;

const defaultDraft = (project: Project): CollectDraft => ({
  outDir: project.outDir,
  djangoVersion: project.djangoVersion,
  hashing: true,
  dryRun: false,
});

export function createCollectStore(client: PorterBridge): CollectStore {
  let lastHeard = 0;
  let watchdog: ReturnType<typeof setInterval> | undefined;
  const stopWatchdog = (): void => {
    clearInterval(watchdog);
    watchdog = undefined;
  };

  const store = createStore<CollectState>()((set, get) => ({
      draft: { outDir: '', djangoVersion: NEWEST_DJANGO_VERSION, hashing: true, dryRun: false },
      compress: false,
      savingCompress: false,
      starting: false,
      cancelling: false,

      adoptProject(project, previous) {
        const { root, draft } = get();
        if (root !== project.root || !previous) {
          stopWatchdog();
          set({ root: project.root, draft: defaultDraft(project), job: undefined, error: undefined, cancelling: false, compress: false });
          void loadCompress(project.root);
          return;
        }
        // Same project, detected again (after the Python answer or saving porter.json): follow the new
        // defaults, except where the user already changed a field.
        set({
          draft: {
            ...draft,
            outDir: draft.outDir === previous.outDir ? project.outDir : draft.outDir,
            djangoVersion: draft.djangoVersion === previous.djangoVersion ? project.djangoVersion : draft.djangoVersion,
          },
        });
      },

      async setCompress(compress) {
        const { root } = get();
        if (!root) return;
        set({ savingCompress: true, error: undefined });
        const saved = await client.saveCollectConfig({ root, compress });
        if (get().root !== root) return;
        set(saved.ok ? { compress: saved.value.compress, savingCompress: false } : { savingCompress: false, error: saved.error });
      },

      updateDraft(change) {
        set({ draft: { ...get().draft, ...change } });
      },

      async start(broken) {
        const { root, draft, job } = get();
        if (!root || job?.state === 'running') return;
        if (!draft.outDir.trim()) {
          set({ error: { kind: 'invalid-input', message: 'Choose an output folder first.' } });
          return;
        }
        set({ starting: true, error: undefined, job: undefined, cancelling: false });
        const started = await client.startCollect({
          root,
          ...draft,
          compress: get().compress,
          outDir: draft.outDir.trim(),
          ignorePatterns: [],
          useDefaultIgnore: true,
          ...broken,
        });
        if (!started.ok) {
          set({ starting: false, error: started.error });
          return;
        }
        const { jobId } = started.value;
        set({ starting: false, job: { jobId, state: 'running', progress: { jobId, phase: 'scan', done: 0, total: 0, bytes: 0 } } });
        lastHeard = Date.now();
        watchdog = setInterval(() => {
          if (Date.now() - lastHeard >= staleJobMs) void refresh(jobId);
        }, staleJobMs);
        // Events sent before the job id came back were not matched to this job; catch up once.
        await refresh(jobId);
      },

      async keepBrokenAndCollect({ remember, dropSourceMaps }) {
        const { root, job } = get();
        if (!root || job?.state !== 'failed' || job.brokenReferences.length === 0) return;
        const keepReferences = job.brokenReferences
          .filter((broken) => !(dropSourceMaps && broken.sourceMap))
          .map((broken) => ({ file: broken.name, reference: broken.reference }));
        if (remember) {
          set({ starting: true, error: undefined });
          const saved = await client.rememberBrokenReferences({ root, references: keepReferences, ...(dropSourceMaps ? { dropMissingSourceMaps: true } : {}) });
          if (get().root !== root) return;
          if (!saved.ok) {
            set({ starting: false, error: saved.error });
            return;
          }
        }
        await get().start({ keepReferences, dropMissingSourceMaps: dropSourceMaps });
      },

      cancel: () => cancelRunningJob(client, get().job, set),

      dispose() {
        stopWatchdog();
        unsubscribe();
      },
  }));

  const apply = (next: JobState): void => {
    const current = store.getState().job;
    if (!current || current.jobId !== next.jobId || current.state !== 'running') return;
    lastHeard = Date.now();
    if (next.state !== 'running') {
      stopWatchdog();
      store.setState({ job: next, cancelling: false });
    } else if (next.progress.done >= current.progress.done || next.progress.phase !== current.progress.phase) {
      store.setState({ job: next });
    }
  };

  const loadCompress = async (root: string): Promise<void> => {
    const config = await client.getCollectConfig({ root });
    if (store.getState().root !== root) return;
    if (config.ok) store.setState({ compress: config.value.compress });
    else store.setState({ error: config.error });
  };

  const refresh = async (jobId: string): Promise<void> => {
    const result = await client.getJob({ jobId });
    if (result.ok) apply(result.value);
  };

  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'job') apply(event.job);
  });
  return store;
}
