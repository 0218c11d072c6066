// The life of a long job, shared by every kind (collect, savings): an id, an AbortController, progress
// published at most ~10 times a second, then done, failed or cancelled; finished jobs stay readable
// until newer ones push them out.
import { randomUUID } from 'node:crypto';
import { createThrottle } from './throttle';

/** Progress events reach the UI at most this often (about 10 a second). */
export const progressIntervalMs = 100;

export interface JobStates<State, Progress, Report, Tag> {
  /** `progress` is undefined before the job has reported any. */
  running(jobId: string, progress: Progress | undefined, tag: Tag): State;
  done(jobId: string, report: Report): State;
  failed(jobId: string, error: unknown): State;
  cancelled(jobId: string): State;
  isRunning(state: State): boolean;
}

export interface JobTable<State, Progress, Report, Tag> {
  start(tag: Tag, run: (signal: AbortSignal, onProgress: (progress: Progress) => void) => Promise<Report>): string;
  get(jobId: string): State | undefined;
  /** false when the job has already finished. */
  cancel(jobId: string): boolean;
  /** The running job whose tag matches, if any. */
  findRunning(matches: (tag: Tag) => boolean): string | undefined;
  dispose(): void;
}

interface Job<State, Tag> {
  state: State;
  tag: Tag;
  controller: AbortController;
}

export function createJobTable<State, Progress, Report, Tag>(
  states: JobStates<State, Progress, Report, Tag>,
  publish: (state: State) => void,
  keptFinishedJobs: number,
): JobTable<State, Progress, Report, Tag> {
  const jobs = new Map<string, Job<State, Tag>>();
  let disposed = false;
  const announce = (job: Job<State, Tag>): void => {
    if (!disposed) publish(job.state);
  };
  const finish = (job: Job<State, Tag>, state: State): void => {
    job.state = state;
    announce(job);
    const finished = [...jobs].filter(([, other]) => !states.isRunning(other.state));
    for (const [jobId] of finished.slice(0, Math.max(0, finished.length - keptFinishedJobs))) jobs.delete(jobId);
  };

  return {
    start(tag, run) {
      const jobId = randomUUID();
      const controller = new AbortController();
      const job: Job<State, Tag> = { state: states.running(jobId, undefined, tag), tag, controller };
      jobs.set(jobId, job);
      const throttle = createThrottle(progressIntervalMs, () => announce(job));
      const onProgress = (progress: Progress): void => {
        if (!states.isRunning(job.state)) return;
        job.state = states.running(jobId, progress, tag);
        throttle.request();
      };
      announce(job);
      // Going through a promise turns a synchronous throw from the core into a failed job too.
      void Promise.resolve()
        .then(() => run(controller.signal, onProgress))
        .then(
          (report) => {
            throttle.cancel();
            finish(job, states.done(jobId, report));
          },
          (error: unknown) => {
            throttle.cancel();
            finish(job, controller.signal.aborted ? states.cancelled(jobId) : states.failed(jobId, error));
          },
        );
      return jobId;
    },

    get: (jobId) => jobs.get(jobId)?.state,

    cancel(jobId) {
      const job = jobs.get(jobId);
      if (!job || !states.isRunning(job.state)) return false;
      job.controller.abort();
      return true;
    },

    findRunning(matches) {
      for (const [jobId, job] of jobs) if (states.isRunning(job.state) && matches(job.tag)) return jobId;
      return undefined;
    },

    dispose() {
      disposed = true;
      for (const job of jobs.values()) job.controller.abort();
    },
  };
}
