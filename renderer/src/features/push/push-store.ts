import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { Environments, PorterBridge, Project, PushJobState, PushPlanSummary, PushResult, ReleaseSummary } from '../../../../electron/contract/porter';

/** The per-file log keeps this many lines; older ones scroll away. */
export const logLimit = 500;

export type PendingConfirmation =
  | { action: 'push'; environment: string }
  | { action: 'rollback'; environment: string; releaseId: string }
  | { action: 'promote'; from: string; to: string };

export interface PushState {
  root?: string;
  environments?: Environments;
  selected?: string;
  plan?: PushPlanSummary;
  planning: boolean;
  job?: PushJobState;
  log: string[];
  result?: PushResult;
  releases: ReleaseSummary[];
  loadingReleases: boolean;
  busy: boolean;
  notice?: string;
  error?: PorterError;
  confirmation?: PendingConfirmation;
  adoptProject(project: Project): void;
  loadEnvironments(): Promise<void>;
  select(environment: string): Promise<void>;
  refreshPlan(): Promise<void>;
  ask(confirmation: PendingConfirmation): void;
  dismiss(): void;
  /** Carries out what the user just confirmed. */
  confirm(): Promise<void>;
  cancel(): Promise<void>;
  saveEnvironment(name: string, config: Record<string, unknown>): Promise<boolean>;
  saveCredentials(environment: string, accessKeyId: string, secretAccessKey: string): Promise<boolean>;
  dispose(): void;
}

export type PushStore = StoreApi<PushState>;

export function createPushStore(client: PorterBridge): PushStore {
  const store = createStore<PushState>()((set, get) => ({
    planning: false,
    log: [],
    releases: [],
    loadingReleases: false,
    busy: false,

    adoptProject(project) {
      if (get().root === project.root) return;
      set({ root: project.root, environments: undefined, selected: undefined, plan: undefined, job: undefined, log: [], result: undefined, releases: [], error: undefined, notice: undefined });
      void get().loadEnvironments();
    },

    async loadEnvironments() {
      const root = get().root;
      if (!root) return;
      const loaded = await client.listEnvironments({ root });
      if (get().root !== root) return;
      if (!loaded.ok) return set({ error: loaded.error });
      const names = loaded.value.environments.map((environment) => environment.name);
      const selected = get().selected;
      set({ environments: loaded.value });
      if (!selected || !names.includes(selected)) {
        if (names[0]) await get().select(names[0]);
        else set({ selected: undefined, plan: undefined, releases: [] });
      }
    },

    async select(environment) {
      set({ selected: environment, plan: undefined, result: undefined, log: [], error: undefined, notice: undefined });
      await Promise.all([get().refreshPlan(), loadReleases()]);
    },

    async refreshPlan() {
      const { root, selected } = get();
      if (!root || !selected) return;
      set({ planning: true, error: undefined });
      const plan = await client.planPush({ root, environment: selected });
      if (get().selected !== selected) return;
      set(plan.ok ? { plan: plan.value, planning: false } : { plan: undefined, planning: false, error: plan.error });
    },

    ask: (confirmation) => set({ confirmation }),
    dismiss: () => set({ confirmation: undefined }),

    async confirm() {
      const { root, confirmation } = get();
      if (!root || !confirmation) return;
      set({ confirmation: undefined, busy: true, error: undefined, notice: undefined });
      if (confirmation.action === 'push') {
        set({ log: [], result: undefined });
        const started = await client.startPush({ root, environment: confirmation.environment });
        if (!started.ok) return set({ busy: false, error: started.error });
        const { jobId } = started.value;
        set({ job: { jobId, state: 'running', progress: { jobId, done: 0, total: 0, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived: [] } } });
        const state = await client.getPush({ jobId });
        if (state.ok) apply(state.value);
        return;
      }
      if (confirmation.action === 'rollback') {
        const rolled = await client.rollback({ root, environment: confirmation.environment, to: confirmation.releaseId });
        set(rolled.ok ? { busy: false, notice: `${confirmation.environment} now serves release ${rolled.value.restored}.` } : { busy: false, error: rolled.error });
      } else {
        const promoted = await client.promote({ root, from: confirmation.from, to: confirmation.to });
        set(promoted.ok ? { busy: false, notice: `${confirmation.to} now holds what ${confirmation.from} holds (${promoted.value.copied} files copied, release ${promoted.value.releaseId}).` } : { busy: false, error: promoted.error });
      }
      await Promise.all([loadReleases(), get().refreshPlan()]);
    },

    async cancel() {
      const job = get().job;
      if (job?.state !== 'running') return;
      const result = await client.cancelJob({ jobId: job.jobId });
      if (!result.ok) set({ error: result.error });
    },

    async saveEnvironment(name, config) {
      const root = get().root;
      if (!root) return false;
      const saved = await client.saveEnvironment({ root, name, config });
      if (!saved.ok) {
        set({ error: saved.error });
        return false;
      }
      set({ environments: saved.value, error: undefined });
      await get().select(name);
      set({ notice: `Saved ${name} to porter.json.` });
      return true;
    },

    async saveCredentials(environment, accessKeyId, secretAccessKey) {
      const root = get().root;
      if (!root) return false;
      const saved = await client.saveCredentials({ root, environment, accessKeyId, secretAccessKey });
      set(saved.ok ? { notice: `Keys for ${environment} are in your keychain.`, error: undefined } : { error: saved.error });
      if (saved.ok) await get().refreshPlan();
      return saved.ok;
    },

    dispose() {
      unsubscribe();
    },
  }));

  const loadReleases = async (): Promise<void> => {
    const { root, selected } = store.getState();
    if (!root || !selected) return;
    store.setState({ loadingReleases: true });
    const loaded = await client.listReleases({ root, environment: selected });
    if (store.getState().selected !== selected) return;
    store.setState(loaded.ok ? { releases: loaded.value.releases, loadingReleases: false } : { releases: [], loadingReleases: false });
  };

  const apply = (next: PushJobState): void => {
    const { job, log } = store.getState();
    if (!job || job.jobId !== next.jobId || job.state !== 'running') return;
    if (next.state === 'running') {
      if (next.progress.done < job.progress.done) return;
      const seen = new Set(log);
      const added = next.progress.arrived.filter((key) => !seen.has(key));
      store.setState({ job: next, log: [...log, ...added].slice(-logLimit) });
      return;
    }
    store.setState({ job: next, busy: false, result: next.state === 'done' ? next.result : undefined });
    if (next.state === 'done') {
      store.setState({ log: [...new Set([...log, ...next.result.sent])].slice(-logLimit) });
      void Promise.all([loadReleases(), store.getState().refreshPlan()]);
    }
  };

  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'push') apply(event.job);
  });
  return store;
}
