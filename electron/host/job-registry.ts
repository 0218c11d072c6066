import type { JobState, PorterEvent } from '../contract/porter';
import { CollectError, type CollectOptions, type CollectProgress, type CollectReport } from '../core/collect/types';
import { createJobTable, type JobStates } from './job-table';

export { progressIntervalMs } from './job-table';

/** Finished jobs stay queryable with getJob; the oldest are forgotten past this many. */
const keptFinishedJobs = 50;

export type RunCollect = (options: CollectOptions) => Promise<CollectReport>;

export interface JobRegistry {
  start(options: Omit<CollectOptions, 'signal' | 'onProgress'>): string;
  get(jobId: string): JobState | undefined;
  /** false when the job has already finished. */
  cancel(jobId: string): boolean;
  /** The running job writing to this folder, if any. */
  runningInto(outDir: string): string | undefined;
  anyRunning(): boolean;
  dispose(): void;
}

const collectStates: JobStates<JobState, CollectProgress, CollectReport, string> = {
  running: (jobId, progress) => ({ jobId, state: 'running', progress: { jobId, ...(progress ?? { phase: 'scan', done: 0, total: 0, bytes: 0 }) } }),
  done: (jobId, report) => ({ jobId, state: 'done', report }),
  failed: (jobId, error) =>
    error instanceof CollectError
      ? { jobId, state: 'failed', message: error.message, brokenReferences: error.brokenReferences, problems: error.problems }
      : { jobId, state: 'failed', message: error instanceof Error ? error.message : String(error), brokenReferences: [], problems: [] },
  cancelled: (jobId) => ({ jobId, state: 'cancelled' }),
  isRunning: (state) => state.state === 'running',
};

export function createJobRegistry(runCollect: RunCollect, emit: (event: PorterEvent) => void): JobRegistry {
  const table = createJobTable<JobState, CollectProgress, CollectReport, string>(collectStates, (job) => emit({ type: 'job', job }), keptFinishedJobs);
  return {
    start: (options) => table.start(options.outDir, (signal, onProgress) => runCollect({ ...options, signal, onProgress })),
    get: (jobId) => table.get(jobId),
    cancel: (jobId) => table.cancel(jobId),
    runningInto: (outDir) => table.findRunning((tag) => tag === outDir),
    anyRunning: () => table.findRunning(() => true) !== undefined,
    dispose: () => table.dispose(),
  };
}
