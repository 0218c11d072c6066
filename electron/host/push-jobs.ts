// Push jobs: each runs one push and publishes its progress as 'push' events (at most ~10 a second, each with
// the latest arrivals so the UI's per-file log misses nothing it can show).
import type { PorterEvent, PushJobState, PushProgress, PushResult } from '../contract/porter';
import type { TransferProgress } from '../core/push/index';
import { createJobTable, type JobStates } from './job-table';

const keptFinishedJobs = 10;
const arrivalsPerEvent = 50;

export type RunPushJob = (signal: AbortSignal, onProgress: (progress: TransferProgress) => void) => Promise<PushResult>;

export interface PushJobs {
  start(environmentKey: string, run: RunPushJob): string;
  get(jobId: string): PushJobState | undefined;
  runningFor(environmentKey: string): string | undefined;
  cancel(jobId: string): boolean;
  dispose(): void;
}

type Progress = Omit<PushProgress, 'jobId'>;

const pushStates: JobStates<PushJobState, Progress, PushResult, string> = {
  running: (jobId, progress) => ({ jobId, state: 'running', progress: { jobId, ...(progress ?? { done: 0, total: 0, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived: [] }) } }),
  done: (jobId, result) => ({ jobId, state: 'done', result }),
  failed: (jobId, error) => ({ jobId, state: 'failed', message: error instanceof Error ? error.message : String(error) }),
  cancelled: (jobId) => ({ jobId, state: 'cancelled' }),
  isRunning: (state) => state.state === 'running',
};

export function createPushJobs(emit: (event: PorterEvent) => void): PushJobs {
  const table = createJobTable<PushJobState, Progress, PushResult, string>(pushStates, (state) => emit({ type: 'push', job: state }), keptFinishedJobs);
  return {
    start(environmentKey, run) {
      return table.start(environmentKey, (signal, onProgress) => {
        const arrived: string[] = [];
        return run(signal, ({ done, total, bytes, totalBytes, rate, etaMs, lastKey }) => {
          if (lastKey) {
            arrived.push(lastKey);
            if (arrived.length > arrivalsPerEvent) arrived.shift();
          }
          onProgress({ done, total, bytes, totalBytes, rate, etaMs, arrived: [...arrived] });
        });
      });
    },
    get: (jobId) => table.get(jobId),
    runningFor: (environmentKey) => table.findRunning((tag) => tag === environmentKey),
    cancel: (jobId) => table.cancel(jobId),
    dispose: () => table.dispose(),
  };
}
