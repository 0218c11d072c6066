// Savings jobs: each runs a savings report and publishes its progress as job events. The job state union is
// the collect's (the renderer handles those four states), so a savings job speaks it too: 'running' with phase
// 'optimize' while it works, then one last 'running' event with phase 'report' and done = total when the report
// is ready for getSavings; 'cancelled' and 'failed' as a collect does. getSavings has the full state with the ETA.
import { randomUUID } from 'node:crypto';
import type { JobState, PorterEvent, SavingsJobState, SavingsMode, SavingsReport, SavingsSettings } from '../contract/porter';
import type { SavingsFile, SavingsRunProgress } from '../core/optimize/savings/index';
import { progressIntervalMs } from './job-registry';
import { createThrottle } from './throttle';

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

interface Job {
  state: SavingsJobState;
  controller: AbortController;
}

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

export function createSavingsJobs(runSavings: RunSavingsJob, emit: (event: PorterEvent) => void): SavingsJobs {
  const jobs = new Map<string, Job>();
  let disposed = false;

  const publish = (job: Job): void => {
    if (!disposed) emit({ type: 'job', job: asJobState(job.state) });
  };

  const finish = (job: Job, state: SavingsJobState): void => {
    job.state = state;
    publish(job);
    const finished = [...jobs].filter(([, other]) => other.state.state !== 'running');
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - keptFinishedJobs))) jobs.delete(jobId);
  };

  return {
    start(input) {
      const jobId = randomUUID();
      const controller = new AbortController();
      const totalBytes = input.files.reduce((sum, file) => sum + file.bytes, 0);
      const progress = { jobId, done: 0, total: input.files.length, bytes: 0, totalBytes, etaMs: null };
      const job: Job = { state: { jobId, state: 'running', progress }, controller };
      jobs.set(jobId, job);
      const throttle = createThrottle(progressIntervalMs, () => publish(job));
      const onProgress = (update: SavingsRunProgress): void => {
        if (job.state.state !== 'running') return;
        job.state = { jobId, state: 'running', progress: { jobId, ...update } };
        throttle.request();
      };

      publish(job);
      void Promise.resolve()
        .then(() => runSavings({ ...input, signal: controller.signal, onProgress }))
        .then(
          (report) => {
            throttle.cancel();
            finish(job, { jobId, state: 'done', report });
          },
          (error: unknown) => {
            throttle.cancel();
            if (controller.signal.aborted) finish(job, { jobId, state: 'cancelled' });
            else finish(job, { jobId, state: 'failed', message: error instanceof Error ? error.message : String(error) });
          },
        );
      return jobId;
    },

    get: (jobId) => jobs.get(jobId)?.state,

    jobState(jobId) {
      const job = jobs.get(jobId);
      return job && asJobState(job.state);
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.state.state !== 'running') return false;
      job.controller.abort();
      return true;
    },

    dispose() {
      disposed = true;
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
