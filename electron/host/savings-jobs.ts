// Savings jobs: each runs a savings report and publishes its progress as 'savings' events. The events carry no
// report (it can be large, and every window would get it); getSavings answers with it once the job is done.
import type { PorterEvent, SavingsJobEvent, SavingsJobState, SavingsMode, SavingsReport, SavingsSettings } from '../contract/porter';
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
  /** false when the job has already finished. */
  cancel(jobId: string): boolean;
  dispose(): void;
}

/** Reports can be large; only the latest few stay readable. */
const keptFinishedJobs = 10;

export function asJobEvent(state: SavingsJobState): SavingsJobEvent {
  return state.state === 'done' ? { jobId: state.jobId, state: 'done' } : state;
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
    (state) => emit({ type: 'savings', job: asJobEvent(state) }),
    keptFinishedJobs,
  );
  return {
    start(input) {
      const tag = { total: input.files.length, totalBytes: input.files.reduce((sum, file) => sum + file.bytes, 0) };
      return table.start(tag, (signal, onProgress) => runSavings({ ...input, signal, onProgress }));
    },
    get: (jobId) => table.get(jobId),
    cancel: (jobId) => table.cancel(jobId),
    dispose: () => table.dispose(),
  };
}
