import { randomUUID } from 'node:crypto';
import type { JobProgress, JobState, PorterEvent } from '../contract/porter';
import { CollectError, type CollectOptions, type CollectProgress, type CollectReport } from '../core/collect/types';
import { createThrottle } from './throttle';

/** Progress events reach the UI at most this often (about 10 a second). */
export const progressIntervalMs = 100;
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
  dispose(): void;
}

interface Job {
  state: JobState;
  outDir: string;
  controller: AbortController;
}

export function createJobRegistry(runCollect: RunCollect, emit: (event: PorterEvent) => void): JobRegistry {
  const jobs = new Map<string, Job>();
  let disposed = false;

  const publish = (job: Job): void => {
    if (!disposed) emit({ type: 'job', job: job.state });
  };

  const forgetOldFinishedJobs = (): void => {
    const finished = [...jobs].filter(([, job]) => job.state.state !== 'running');
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - keptFinishedJobs))) jobs.delete(jobId);
  };

  const finish = (job: Job, state: JobState): void => {
    job.state = state;
    publish(job);
    forgetOldFinishedJobs();
  };

  return {
    start(options) {
      const jobId = randomUUID();
      const controller = new AbortController();
      const progress: JobProgress = { jobId, phase: 'scan', done: 0, total: 0, bytes: 0 };
      const job: Job = { state: { jobId, state: 'running', progress }, outDir: options.outDir, controller };
      jobs.set(jobId, job);
      const throttle = createThrottle(progressIntervalMs, () => publish(job));

      const onProgress = (update: CollectProgress): void => {
        if (job.state.state !== 'running') return;
        job.state = { jobId, state: 'running', progress: { jobId, ...update } };
        throttle.request();
      };

      publish(job);
      // Going through a promise turns a synchronous throw from the core into a failed job too.
      void Promise.resolve()
        .then(() => runCollect({ ...options, signal: controller.signal, onProgress }))
        .then(
          (report) => {
            throttle.cancel();
            finish(job, { jobId, state: 'done', report });
          },
          (error: unknown) => {
            throttle.cancel();
            if (controller.signal.aborted) finish(job, { jobId, state: 'cancelled' });
            else if (error instanceof CollectError) {
              finish(job, {
                jobId,
                state: 'failed',
                message: error.message,
                brokenReferences: error.brokenReferences,
                problems: error.problems,
              });
            } else {
              const message = error instanceof Error ? error.message : String(error);
              finish(job, { jobId, state: 'failed', message, brokenReferences: [], problems: [] });
            }
          },
        );
      return jobId;
    },

    get(jobId) {
      return jobs.get(jobId)?.state;
    },

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || job.state.state !== 'running') return false;
      job.controller.abort();
      return true;
    },

    runningInto(outDir) {
      for (const [jobId, job] of jobs) if (job.state.state === 'running' && job.outDir === outDir) return jobId;
      return undefined;
    },

    dispose() {
      disposed = true;
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
