// Savings jobs: each runs a savings report and publishes its progress as job events. The job state union is
// the collect's (the renderer handles those four states), so a savings job speaks it too: 'running' with phase
// 'optimize' while it works, then one last 'running' event with phase 'report' and done = total when the report
// is ready for getSavings; 'cancelled' and 'failed' as a collect does. getSavings has the full state with the ETA.
import type { JobState, PorterEvent, SavingsJobState, SavingsMode, SavingsReport, SavingsSettings } from '../contract/porter';
import type { SavingsFile, SavingsRunProgress } from '../core/optimize/savings/index';
import { createJobTable, type JobStates } from './job-table';

export interface SavingsJobInput {
  root: string;
  files: SavingsFile[];
  settings: SavingsSettings;
  mode: SavingsMode;
}

export type RunSavingsJob = (input: SavingsJobInput & { signal: AbortSignal; onProgress: (progress: SavingsRunProgress) => void }) => Promise<SavingsReport>;

export interface SavingsJobs {
  start(input: SavingsJobInput): string;
  get(jobId: string): SavingsJobState | undefined;
  /** The job as job events and getJob show it. */
  jobState(jobId: string): JobState | undefined;
  /** false when the job has already finished. */
  cancel(jobId: string): boolean;
  dispose(): void;
}

/** Reports can be large; only the latest few stay readable. */
const keptFinishedJobs = 10;

export function asJobState(state: SavingsJobState): JobState {
  const { jobId } = state;
  switch (state.state) {
    case 'running': {
      const { done, total, bytes } = state.progress;
      return { jobId, state: 'running', progress: { jobId, phase: 'optimize', done, total, bytes } };
    }
    case 'done': {
      const { files, originalBytes } = state.report.totals;
      return { jobId, state: 'running', progress: { jobId, phase: 'report', done: files, total: files, bytes: originalBytes } };
    }
    case 'failed':
      return { jobId, state: 'failed', message: state.message, brokenReferences: [], problems: [] };
    case 'cancelled':
      return { jobId, state: 'cancelled' };
  }
}

interface SavingsTag {
  total: number;
  totalBytes: number;
}

const savingsStates: JobStates<SavingsJobState, SavingsRunProgress, SavingsReport, SavingsTag> = {
  running: (jobId, progress, { total, totalBytes }) => ({
    jobId,
    state: 'running',
    progress: { jobId, ...(progress ?? { done: 0, total, bytes: 0, totalBytes, etaMs: null }) },
  }),
  done: (jobId, report) => ({ jobId, state: 'done', report }),
  failed: (jobId, error) => ({ jobId, state: 'failed', message: error instanceof Error ? error.message : String(error) }),
  cancelled: (jobId) => ({ jobId, state: 'cancelled' }),
  isRunning: (state) => state.state === 'running',
};

export function createSavingsJobs(runSavings: RunSavingsJob, emit: (event: PorterEvent) => void): SavingsJobs {
  const table = createJobTable<SavingsJobState, SavingsRunProgress, SavingsReport, SavingsTag>(
    savingsStates,
    (state) => emit({ type: 'job', job: asJobState(state) }),
    keptFinishedJobs,
  );
  return {
    start(input) {
      const tag = { total: input.files.length, totalBytes: input.files.reduce((sum, file) => sum + file.bytes, 0) };
      return table.start(tag, (signal, onProgress) => runSavings({ ...input, signal, onProgress }));
    },
    get: (jobId) => table.get(jobId),
    jobState(jobId) {
      const state = table.get(jobId);
      return state && asJobState(state);
    },
    cancel: (jobId) => table.cancel(jobId),
    dispose: () => table.dispose(),
  };
}
