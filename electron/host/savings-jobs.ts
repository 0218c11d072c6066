// Savings jobs: each runs a savings report and publishes its progress as 'savings' events. The events carry no
// rows and no report (they can be large, and every window would get them): while the job runs, getSavings answers
// with the rows changed since the caller's last answer, and once it is done, with the report.
import type { PorterEvent, SavingsAsset, SavingsJobEvent, SavingsJobState, SavingsMode, SavingsReport, SavingsSettings } from '../contract/porter';
import type { SavingsFile, SavingsRunProgress } from '../core/optimize/savings/index';
import { createJobTable, type JobStates } from './job-table';

export interface SavingsJobInput {
  root: string;
  files: SavingsFile[];
  settings: SavingsSettings;
  mode: SavingsMode;
}

export type RunSavingsJob = (
  input: SavingsJobInput & { signal: AbortSignal; onProgress: (progress: SavingsRunProgress) => void; onAsset: (index: number, asset: SavingsAsset) => void },
) => Promise<SavingsReport>;

export interface SavingsJobs {
  start(input: SavingsJobInput): string;
  /** While running, the rows changed after `since` (a cursor from an earlier answer), or all so far without one. */
  get(jobId: string, since?: number): SavingsJobState | undefined;
  /** false when the job has already finished. */
  cancel(jobId: string): boolean;
  dispose(): void;
}

/** Reports can be large; only the latest few stay readable. */
const keptFinishedJobs = 10;

export function asJobEvent(state: SavingsJobState): SavingsJobEvent {
  if (state.state === 'done') return { jobId: state.jobId, state: 'done' };
  if (state.state === 'running') return { jobId: state.jobId, state: 'running', progress: state.progress };
  return state;
}

/** A running job's rows, each stamped with the update that last changed it. */
interface RowLog {
  rows: Map<number, { asset: SavingsAsset; sequence: number }>;
  sequence: number;
}

interface SavingsTag {
  total: number;
  totalBytes: number;
}

const savingsStates: JobStates<SavingsJobState, SavingsRunProgress, SavingsReport, SavingsTag> = {
  running: (jobId, progress, { total, totalBytes }) => ({
    jobId,
    state: 'running',
    progress: { jobId, ...(progress ?? { done: 0, quickDone: 0, total, bytes: 0, totalBytes, etaMs: null }) },
    rows: [],
    cursor: 0,
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
  const logs = new Map<string, RowLog>();
  return {
    start(input) {
      const tag = { total: input.files.length, totalBytes: input.files.reduce((sum, file) => sum + file.bytes, 0) };
      const log: RowLog = { rows: new Map(), sequence: 0 };
      const jobId = table.start(tag, async (signal, onProgress) => {
        const onAsset = (index: number, asset: SavingsAsset): void => {
          log.sequence += 1;
          log.rows.set(index, { asset, sequence: log.sequence });
        };
        try {
          return await runSavings({ ...input, signal, onProgress, onAsset });
        } finally {
          // Done, the report has every row; cancelled or failed, nobody asks for them.
          logs.delete(jobId);
        }
      });
      logs.set(jobId, log);
      return jobId;
    },
    get(jobId, since = 0) {
      const state = table.get(jobId);
      const log = logs.get(jobId);
      if (state?.state !== 'running' || !log) return state;
      const rows = [...log.rows].filter(([, row]) => row.sequence > since).map(([index, row]) => ({ index, asset: row.asset }));
      return { ...state, rows, cursor: log.sequence };
    },
    cancel: (jobId) => table.cancel(jobId),
    dispose: () => table.dispose(),
  };
}
