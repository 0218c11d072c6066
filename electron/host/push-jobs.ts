// Push jobs: each runs one push (collecting and planning first) and publishes its progress as 'push' events (at
// most ~10 a second, each with the latest arrivals so the UI's per-file log misses nothing it can show).
import type { PorterEvent, PushJobState, PushPlanSummary, PushProgress, PushResult } from '../contract/porter';
import type { TransferProgress } from '../core/push/index';
import { createJobTable, type JobStates } from './job-table';

const keptFinishedJobs = 10;
const arrivalsPerEvent = 50;

/** What a push job tells its watchers, phase by phase. */
export interface PushJobReporter {
  collecting(done: number, total: number): void;
  planning(): void;
  sending(progress: TransferProgress): void;
}

/** A job ends with a push done, or (asked to stop there) with the plan to review. */
export type PushJobOutcome = { pushed: PushResult } | { planned: PushPlanSummary };

export type RunPushJob = (signal: AbortSignal, report: PushJobReporter) => Promise<PushJobOutcome>;

/** Thrown by a job whose freshly collected files differ from the plan the user confirmed. */
export class PlanChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanChangedError';
  }
}

export interface PushJobs {
  /** `collectsInto` is the output folder of a job that collects first, so a collect elsewhere can wait its turn. */
  start(environmentKey: string, collectsInto: string | undefined, run: RunPushJob): string;
  get(jobId: string): PushJobState | undefined;
  runningFor(environmentKey: string): string | undefined;
  /** The running publish that collects into this folder, if any. */
  collectingInto(outDir: string): string | undefined;
  cancel(jobId: string): boolean;
  dispose(): void;
}

type Progress = Omit<PushProgress, 'jobId'>;
interface Tag {
  environmentKey: string;
  collectsInto: string | undefined;
}

const idle = (phase: PushProgress['phase']): Progress => ({ phase, done: 0, total: 0, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived: [] });

const pushStates: JobStates<PushJobState, Progress, PushJobOutcome, Tag> = {
  running: (jobId, progress, tag) => ({ jobId, state: 'running', progress: { jobId, ...(progress ?? idle(tag.collectsInto ? 'collect' : 'plan')) } }),
  done: (jobId, outcome) => ('planned' in outcome ? { jobId, state: 'planned', plan: outcome.planned } : { jobId, state: 'done', result: outcome.pushed }),
  failed: (jobId, error) => ({ jobId, state: 'failed', message: error instanceof Error ? error.message : String(error), planChanged: error instanceof PlanChangedError }),
  cancelled: (jobId) => ({ jobId, state: 'cancelled' }),
  isRunning: (state) => state.state === 'running',
};

export function createPushJobs(emit: (event: PorterEvent) => void): PushJobs {
  const table = createJobTable<PushJobState, Progress, PushJobOutcome, Tag>(pushStates, (state) => emit({ type: 'push', job: state }), keptFinishedJobs);
  return {
    start(environmentKey, collectsInto, run) {
      return table.start({ environmentKey, collectsInto }, (signal, onProgress) => {
        const arrived: string[] = [];
        return run(signal, {
          collecting: (done, total) => onProgress({ ...idle('collect'), done, total }),
          planning: () => onProgress(idle('plan')),
          sending: ({ done, total, bytes, totalBytes, rate, etaMs, lastKey }) => {
            if (lastKey) {
              arrived.push(lastKey);
              if (arrived.length > arrivalsPerEvent) arrived.shift();
            }
            onProgress({ phase: 'send', done, total, bytes, totalBytes, rate, etaMs, arrived: [...arrived] });
          },
        });
      });
    },
    get: (jobId) => table.get(jobId),
    runningFor: (environmentKey) => table.findRunning((tag) => tag.environmentKey === environmentKey),
    collectingInto: (outDir) => table.findRunning((tag) => tag.collectsInto === outDir),
    cancel: (jobId) => table.cancel(jobId),
    dispose: () => table.dispose(),
  };
}
