import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type {
  PorterBridge,
  Project,
  RecipeCheck,
  RecipeRule,
  Recipes,
  SavingsAsset,
  SavingsJobEvent,
  SavingsJobState,
  SavingsMode,
  SavingsReport,
  SavingsSettings,
} from '../../../../electron/contract/porter';
import { repriceReport } from '../../../../electron/contract/savings-pricing';
import type { KindFilter, SortOrder } from './savings-rows';
import { cancelRunningJob } from '../../lib/cancel-job';

export interface SavingsState {
  root?: string;
  settings: SavingsSettings;
  mode: SavingsMode;
  job?: SavingsJobEvent;
  /** While a job runs, the rows measured so far (some with only their quick numbers); then the job's report. */
  report?: SavingsReport;
  recipes?: Recipes;
  /** The last answer for the rule being typed in the glob editor, with the rule it answers. */
  recipeCheck?: { rule: RecipeRule; check: RecipeCheck } | { rule: RecipeRule; error: PorterError };
  starting: boolean;
  cancelling: boolean;
  savingRecipe: boolean;
  error?: PorterError;
  kindFilter: KindFilter;
  textFilter: string;
  sort: SortOrder;
  selected: ReadonlySet<string>;
  adoptProject(project: Project): void;
  /** Reprices the report at once: money is arithmetic on the measured bytes, so nothing is measured again. */
  updateSettings(change: Partial<SavingsSettings>): void;
  /** Only remembered: a report measured another way says it needs measuring again (reportMeasuredOtherwise). */
  updateMode(change: Partial<SavingsMode>): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  setKindFilter(kind: KindFilter): void;
  setTextFilter(text: string): void;
  setSort(sort: SortOrder): void;
  toggleSelected(publicPath: string): void;
  setSelected(paths: Iterable<string>): void;
  /** Saves one rule per path (or glob) to porter.json. */
  applyRecipe(matches: string[], rule: Omit<RecipeRule, 'match'>): Promise<boolean>;
  removeRecipe(match: string): Promise<void>;
  /** Checks a rule against the project's files before it is saved; undefined forgets the last answer. */
  checkRecipe(rule: RecipeRule | undefined): Promise<void>;
  dispose(): void;
}

export type SavingsStore = StoreApi<SavingsState>;

/** True when the report's lossy images were made otherwise than the form now asks (mode, quality or format). */
export function reportMeasuredOtherwise(report: SavingsReport, mode: SavingsMode): boolean {
  const quality = (each: SavingsMode) => (each.lossyMode === 'lossy' ? (each.quality ?? null) : null);
  return report.mode.lossyMode !== mode.lossyMode || quality(report.mode) !== quality(mode) || report.mode.format !== mode.format || report.mode.keepCopyright !== mode.keepCopyright;
}

const noTotal = { bytes: 0, savedBytes: 0, percentSaved: 0, money: { egress: 0, storage: 0, total: 0 } };

const defaultSettings: SavingsSettings = { monthlyRequests: 10_000, egressPerGb: 0.09, storagePerGbMonth: 0.023 };
const defaultMode: SavingsMode = { lossyMode: 'auto', format: 'keep', keepCopyright: false };

export function createSavingsStore(client: PorterBridge): SavingsStore {
  let checkSequence = 0;
  const store = createStore<SavingsState>()((set, get) => ({
    settings: defaultSettings,
    mode: defaultMode,
    starting: false,
    cancelling: false,
    savingRecipe: false,
    kindFilter: 'all',
    textFilter: '',
    sort: { key: 'saved', direction: 'descending' },
    selected: new Set(),

    adoptProject(project) {
      if (get().root === project.root) return;
      live = undefined;
      set({ root: project.root, job: undefined, report: undefined, recipes: undefined, recipeCheck: undefined, error: undefined, selected: new Set(), cancelling: false });
      void loadRecipes(project.root);
    },

    updateSettings(change) {
      const settings = { ...get().settings, ...change };
      const report = get().report;
      set({ settings, report: report && repriceReport(report, settings) });
    },

    updateMode(change) {
      set({ mode: { ...get().mode, ...change } });
    },

    async start() {
      const { root, settings, mode, job } = get();
      if (!root || job?.state === 'running') return;
      set({ starting: true, error: undefined, cancelling: false });
      const started = await client.startSavings({ root, settings, mode });
      if (!started.ok) {
        set({ starting: false, error: started.error });
        return;
      }
      const { jobId } = started.value;
      live = { jobId, cursor: 0, rows: new Map(), mode };
      set({ starting: false, job: { jobId, state: 'running', progress: { jobId, done: 0, quickDone: 0, total: 0, bytes: 0, totalBytes: 0, etaMs: null } } });
      // Events sent before the job id came back were not matched to this job; catch up once.
      await follow(jobId);
    },

    cancel: () => cancelRunningJob(client, get().job, set),

    setKindFilter: (kindFilter) => set({ kindFilter }),
    setTextFilter: (textFilter) => set({ textFilter }),
    setSort: (sort) => set({ sort }),

    toggleSelected(publicPath) {
      const selected = new Set(get().selected);
      if (!selected.delete(publicPath)) selected.add(publicPath);
      set({ selected });
    },

    setSelected: (paths) => set({ selected: new Set(paths) }),

    async applyRecipe(matches, rule) {
      const root = get().root;
      if (!root || matches.length === 0) return false;
      set({ savingRecipe: true, error: undefined });
      const saved = await client.saveRecipes({ root, rules: matches.map((match) => ({ ...rule, match })) });
      set(saved.ok ? { savingRecipe: false, recipes: saved.value } : { savingRecipe: false, error: saved.error });
      return saved.ok;
    },

    async removeRecipe(match) {
      const root = get().root;
      if (!root) return;
      const removed = await client.removeRecipe({ root, match });
      set(removed.ok ? { recipes: removed.value } : { error: removed.error });
    },

    async checkRecipe(rule) {
      const root = get().root;
      const sequence = ++checkSequence;
      if (!root || !rule) {
        set({ recipeCheck: undefined });
        return;
      }
      const checked = await client.checkRecipe({ root, rule });
      // Typing runs ahead of the answers: only the newest question's answer is shown.
      if (sequence !== checkSequence || get().root !== root) return;
      set({ recipeCheck: checked.ok ? { rule, check: checked.value } : { rule, error: checked.error } });
    },

    dispose() {
      unsubscribe();
    },
  }));

  const loadRecipes = async (root: string): Promise<void> => {
    const loaded = await client.getRecipes({ root });
    if (store.getState().root !== root) return;
    store.setState(loaded.ok ? { recipes: loaded.value } : { error: loaded.error });
  };

  /** The running job's rows so far, by their place in the report, and the cursor of the last answer. */
  let live: { jobId: string; cursor: number; rows: Map<number, SavingsAsset>; mode: SavingsMode } | undefined;
  let following = false;
  let followAgain = false;

  const isCurrentRunning = (jobId: string): boolean => {
    const job = store.getState().job;
    return job?.jobId === jobId && job.state === 'running';
  };

  const apply = (next: SavingsJobEvent): void => {
    const current = store.getState().job;
    if (!current || current.jobId !== next.jobId || current.state !== 'running') return;
    if (next.state === 'done') {
      void follow(next.jobId);
      return;
    }
    if (next.state !== 'running') store.setState({ job: next, cancelling: false });
    else {
      setProgress(next);
      // The event says rows changed; their numbers are fetched, only those changed since the last fetch.
      void follow(next.jobId);
    }
  };

  const setProgress = (next: Extract<SavingsJobEvent, { state: 'running' }>): void => {
    const current = store.getState().job;
    if (current?.state !== 'running' || current.jobId !== next.jobId) return;
    if (next.progress.quickDone >= current.progress.quickDone && next.progress.done >= current.progress.done) store.setState({ job: next });
  };

  // One fetch at a time; events that arrive meanwhile ask for one more, so bursts of rows cost few requests.
  const follow = async (jobId: string): Promise<void> => {
    if (following) {
      followAgain = true;
      return;
    }
    following = true;
    try {
      do {
        followAgain = false;
        await fetchState(jobId);
      } while (followAgain && isCurrentRunning(jobId));
    } finally {
      following = false;
    }
  };

  const fetchState = async (jobId: string): Promise<void> => {
    const since = live?.jobId === jobId ? live.cursor : 0;
    const result = await client.getSavings({ jobId, since });
    if (store.getState().job?.jobId !== jobId) return;
    if (!result.ok) {
      store.setState({ job: { jobId, state: 'failed', message: result.error.message }, cancelling: false });
      return;
    }
    const state = result.value;
    if (state.state === 'done') {
      live = undefined;
      const paths = new Set(state.report.assets.map((asset) => asset.publicPath));
      const selected = new Set([...store.getState().selected].filter((path) => paths.has(path)));
      store.setState({ job: { jobId, state: 'done' }, report: state.report, cancelling: false, selected });
      return;
    }
    if (state.state === 'running') {
      showRows(jobId, state);
      setProgress({ jobId, state: 'running', progress: state.progress });
    } else if (isCurrentRunning(jobId)) store.setState({ job: state, cancelling: false });
  };

  const showRows = (jobId: string, state: Extract<SavingsJobState, { state: 'running' }>): void => {
    if (!live || live.jobId !== jobId || state.rows.length === 0) return;
    for (const { index, asset } of state.rows) live.rows.set(index, asset);
    live.cursor = Math.max(live.cursor, state.cursor);
    const { root, settings } = store.getState();
    const assets = [...live.rows].sort(([a], [b]) => a - b).map(([, asset]) => asset);
    // The host priced the rows at the settings the job started with; the form may have changed since.
    const measured: SavingsReport = { root: root ?? '', settings, mode: live.mode, assets, totals: { files: 0, errors: 0, cached: 0, originalBytes: 0, lossless: noTotal, lossy: noTotal }, notes: [], elapsedMs: 0 };
    store.setState({ report: repriceReport(measured, settings) });
  };

  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'savings') apply(event.job);
  });
  return store;
}
