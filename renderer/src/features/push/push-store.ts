import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { Environments, PorterBridge, Project, PushJobState, PushPlanSummary, PushProgress, PushResult, ReleaseSummary } from '../../../../electron/contract/porter';

/** The per-file log keeps this many lines; older ones scroll away. */
export const logLimit = 500;

/**
 * Rollback and promote change what an environment serves, so they are confirmed in a dialog first. A rollback that
 * passes over releases whose records cannot be read names them (`passesDamaged`), and the dialog says so.
 */
export type PendingConfirmation = { action: 'rollback'; environment: string; releaseId: string; passesDamaged: string[] } | { action: 'promote'; from: string; to: string };

/** What Retry runs again: the action that failed, as the user started it. */
export type RetryableAction = { action: 'publish'; environment: string } | { action: 'send'; environment: string; plan: PushPlanSummary } | PendingConfirmation;

/**
 * Publishing is one job seen twice: first it collects and compares ('review': it ends with the plan), then, once
 * the user confirms that plan, it collects again and sends ('send': nothing goes if the files changed meanwhile).
 */
export type PublishStage = 'review' | 'send';

export interface PushState {
  root?: string;
  environments?: Environments;
  selected?: string;
  /** The plan the user is reviewing or has confirmed. */
  plan?: PushPlanSummary;
  stage?: PublishStage;
  job?: PushJobState;
  /** The phase the job reported last, kept once it has finished (to say where a failure stopped it). */
  phase?: PushProgress['phase'];
  log: string[];
  result?: PushResult;
  releases: ReleaseSummary[];
  loadingReleases: boolean;
  /** A rollback or promote is under way. */
  busy: boolean;
  /** What the rollback or promote under way is doing, in words. */
  working?: string;
  cancelling: boolean;
  notice?: string;
  error?: PorterError;
  /** Set with `error` when running the same thing again may succeed. */
  retryable?: RetryableAction;
  confirmation?: PendingConfirmation;
  adoptProject(project: Project): void;
  loadEnvironments(): Promise<void>;
  select(environment: string): Promise<void>;
  /** Collects, then compares with the selected environment: the plan to review. */
  publish(): Promise<void>;
  /** Sends the reviewed plan. */
  send(): Promise<void>;
  /** Puts the reviewed plan away without sending. */
  closePlan(): void;
  ask(confirmation: PendingConfirmation): void;
  dismiss(): void;
  /** Carries out what the user just confirmed in the dialog. */
  confirm(): Promise<void>;
  retry(): Promise<void>;
  cancel(): Promise<void>;
  saveEnvironment(name: string, config: Record<string, unknown>): Promise<boolean>;
  saveCredentials(environment: string, accessKeyId: string, secretAccessKey: string): Promise<boolean>;
  dispose(): void;
}

export type PushStore = StoreApi<PushState>;

/** What a new action wipes: the outcome of the one before. */
const freshStart = { notice: undefined, error: undefined, retryable: undefined } as const;

export function createPushStore(client: PorterBridge): PushStore {
  const store = createStore<PushState>()((set, get) => ({
    log: [],
    releases: [],
    loadingReleases: false,
    busy: false,
    cancelling: false,

    adoptProject(project) {
      if (get().root === project.root) return;
      set({ root: project.root, environments: undefined, selected: undefined, plan: undefined, stage: undefined, job: undefined, log: [], result: undefined, releases: [], ...freshStart });
      void get().loadEnvironments();
    },

    async loadEnvironments() {
      const root = get().root;
      if (!root) return;
      const loaded = await client.listEnvironments({ root });
      if (get().root !== root) return;
      if (!loaded.ok) return set({ error: loaded.error, retryable: undefined });
      const names = loaded.value.environments.map((environment) => environment.name);
      const selected = get().selected;
      set({ environments: loaded.value });
      if (!selected || !names.includes(selected)) {
        if (names[0]) await get().select(names[0]);
        else set({ selected: undefined, plan: undefined, releases: [] });
      }
    },

    async select(environment) {
      if (get().job?.state === 'running') return;
      set({ selected: environment, plan: undefined, stage: undefined, job: undefined, result: undefined, log: [], ...freshStart });
      await loadReleases();
    },

    async publish() {
      const { root, selected } = get();
      if (!root || !selected || get().job?.state === 'running') return;
      set({ plan: undefined, result: undefined, log: [], confirmation: undefined, ...freshStart });
      await startJob('review', { action: 'publish', environment: selected }, { root, environment: selected, collect: true, planOnly: true });
    },

    async send() {
      const { root, selected, plan } = get();
      if (!root || !selected || !plan || get().job?.state === 'running') return;
      set({ result: undefined, log: [], ...freshStart });
      await startJob('send', { action: 'send', environment: selected, plan }, { root, environment: selected, collect: true, expectedFingerprint: plan.fingerprint });
    },

    closePlan() {
      if (get().job?.state === 'running') return;
      set({ plan: undefined, stage: undefined, job: undefined, ...freshStart });
    },

    ask: (confirmation) => set({ confirmation, ...freshStart }),
    dismiss: () => set({ confirmation: undefined }),

    async confirm() {
      const confirmation = get().confirmation;
      set({ confirmation: undefined });
      if (confirmation) await carryOut(confirmation);
    },

    async retry() {
      const failed = get().retryable;
      if (!failed) return;
      if (failed.action === 'publish') return get().publish();
      if (failed.action === 'send') {
        set({ plan: failed.plan });
        return get().send();
      }
      await carryOut(failed);
    },

    async cancel() {
      const job = get().job;
      if (job?.state !== 'running') return;
      set({ cancelling: true });
      const result = await client.cancelJob({ jobId: job.jobId });
      if (!result.ok) set({ cancelling: false, error: result.error, retryable: undefined });
    },

    async saveEnvironment(name, config) {
      const root = get().root;
      if (!root) return false;
      set(freshStart);
      const saved = await client.saveEnvironment({ root, name, config });
      if (!saved.ok) {
        set({ error: saved.error });
        return false;
      }
      set({ environments: saved.value });
      await get().select(name);
      set({ notice: `Saved ${name} to porter.json.` });
      return true;
    },

    async saveCredentials(environment, accessKeyId, secretAccessKey) {
      const root = get().root;
      if (!root) return false;
      set(freshStart);
      const saved = await client.saveCredentials({ root, environment, accessKeyId, secretAccessKey });
      set(saved.ok ? { notice: `Keys for ${environment} are in your keychain.` } : { error: saved.error });
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

  const startJob = async (stage: PublishStage, retryable: RetryableAction, input: Parameters<PorterBridge['startPush']>[0]): Promise<void> => {
    const { environment } = input;
    store.setState({ stage, phase: 'collect', cancelling: false, job: { jobId: '', state: 'running', progress: { jobId: '', phase: 'collect', done: 0, total: 0, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived: [] } } });
    const started = await client.startPush(input);
    if (store.getState().selected !== environment) return;
    if (!started.ok) return store.setState({ job: undefined, stage: stage === 'send' ? 'review' : undefined, error: started.error, retryable });
    const { jobId } = started.value;
    store.setState({ job: { jobId, state: 'running', progress: { jobId, phase: 'collect', done: 0, total: 0, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived: [] } } });
    // Events sent before the job id came back were not matched to this job; catch up once.
    const state = await client.getPush({ jobId });
    if (state.ok) apply(state.value);
  };

  const carryOut = async (action: PendingConfirmation): Promise<void> => {
    const root = store.getState().root;
    if (!root) return;
    const working = action.action === 'rollback' ? `Rolling ${action.environment} back to release ${action.releaseId}…` : `Copying what ${action.from} holds to ${action.to}…`;
    // The last publish's outcome belongs to that action: the view starts clean for this one.
    const publishing = store.getState().job?.state === 'running';
    store.setState({ busy: true, working, ...freshStart, ...(publishing ? {} : { job: undefined, stage: undefined, plan: undefined, result: undefined, log: [] }) });
    if (action.action === 'rollback') {
      // The user saw the damaged releases named in the dialog and confirmed: only then may the host pass over them.
      const rolled = await client.rollback({ root, environment: action.environment, to: action.releaseId, acrossDamaged: action.passesDamaged.length > 0 });
      store.setState(rolled.ok ? { busy: false, working: undefined, notice: `${action.environment} now serves release ${rolled.value.restored}.` } : { busy: false, working: undefined, error: rolled.error, retryable: action });
    } else {
      const promoted = await client.promote({ root, from: action.from, to: action.to });
      store.setState(
        promoted.ok
          ? { busy: false, working: undefined, notice: `${action.to} now holds what ${action.from} holds (${promoted.value.copied} files copied, release ${promoted.value.releaseId}).` }
          : { busy: false, working: undefined, error: promoted.error, retryable: action },
      );
    }
    await loadReleases();
  };

  const apply = (next: PushJobState): void => {
    const { job, log, stage, selected, plan } = store.getState();
    if (!job || job.jobId !== next.jobId || job.state !== 'running') return;
    if (next.state === 'running') {
      const { progress } = next;
      // Events can arrive out of order: never step back a phase, nor back within one.
      const phases = ['collect', 'plan', 'send'];
      const order = phases.indexOf(progress.phase) - phases.indexOf(job.progress.phase);
      if (order < 0 || (order === 0 && progress.done < job.progress.done)) return;
      const seen = new Set(log);
      const added = progress.arrived.filter((key) => !seen.has(key));
      store.setState({ job: next, phase: progress.phase, log: [...log, ...added].slice(-logLimit) });
      return;
    }
    store.setState({ job: next, cancelling: false });
    if (next.state === 'planned') {
      store.setState({ plan: next.plan });
    } else if (next.state === 'done') {
      store.setState({ result: next.result, log: [...new Set([...log, ...next.result.sent])].slice(-logLimit) });
      void loadReleases();
    } else if (next.state === 'failed' && next.planChanged && selected) {
      // The sources changed after the review: the new plan is made at once, to be reviewed again.
      void store
        .getState()
        .publish()
        .then(() => store.setState({ notice: next.message }));
    } else if (next.state === 'failed' && selected) {
      const retryable: RetryableAction = stage === 'send' && plan ? { action: 'send', environment: selected, plan } : { action: 'publish', environment: selected };
      store.setState({ error: { kind: 'failed', message: next.message, hint: stage === 'send' ? 'What arrived is kept and the live manifest was not touched; Retry sends the rest.' : 'Nothing was sent.' }, retryable });
    }
  };

  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'push') apply(event.job);
  });
  return store;
}
