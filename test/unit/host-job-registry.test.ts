import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CollectReport, JobState, PorterEvent } from '../../electron/contract/porter';
import { CollectError, type CollectOptions } from '../../electron/core/collect/types';
import { createJobRegistry, progressIntervalMs } from '../../electron/host/job-registry';

const options = {
  sources: [{ dir: '/p/static', prefix: '' }],
  outDir: '/p/out',
  djangoVersion: '5.2',
  hashing: true,
  ignorePatterns: [],
  useDefaultIgnore: true,
  dryRun: false,
} satisfies Omit<CollectOptions, 'signal' | 'onProgress'>;

const report: CollectReport = {
  outDir: '/p/out',
  djangoVersion: '5.2',
  dryRun: false,
  counts: { copied: 1, unmodified: 0, postProcessed: 1, duplicates: 0, ignored: 0 },
  files: [{ name: 'a.css', hashedName: 'a.123.css', source: '/p/static/a.css', bytes: 3 }],
  duplicates: [],
  warnings: [],
  followedSymlinks: [],
  written: 3,
  recipes: [],
  keptReferences: [],
  droppedSourceMaps: [],
  staleKeepRules: [],
  summary: "\n1 static file copied to '/p/out', 1 post-processed.",
};

/** A runCollect whose progress and outcome the test drives. */
function controlledCollect() {
  let received: CollectOptions | undefined;
  let settle: { resolve(report: CollectReport): void; reject(error: unknown): void } | undefined;
  const runCollect = vi.fn(
    (opts: CollectOptions) =>
      new Promise<CollectReport>((resolve, reject) => {
        received = opts;
        settle = { resolve, reject };
        opts.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      }),
  );
  return {
    runCollect,
    options: () => received!,
    resolve: (value: CollectReport) => settle!.resolve(value),
    reject: (error: unknown) => settle!.reject(error),
  };
}

function recorder() {
  const events: JobState[] = [];
  return { events, emit: (event: PorterEvent) => event.type === 'job' && events.push(event.job) };
}

describe('job registry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('announces a running job at once, then its report when done', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    const jobId = jobs.start(options);

    expect(events).toEqual([{ jobId, state: 'running', progress: { jobId, phase: 'scan', done: 0, total: 0, bytes: 0 } }]);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    expect(collect.options()).toMatchObject({ ...options, signal: expect.any(AbortSignal) });

    collect.resolve(report);
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ jobId, state: 'done', report }));
    expect(jobs.get(jobId)).toEqual({ jobId, state: 'done', report });
    expect(jobs.runningInto('/p/out')).toBeUndefined();
  });

  it('sends progress at most once per interval, always ending with the latest numbers', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    const jobId = jobs.start(options);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    vi.advanceTimersByTime(progressIntervalMs);
    events.length = 0;

    for (let done = 1; done <= 50; done++) collect.options().onProgress!({ phase: 'write', done, total: 50, bytes: done * 10 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ state: 'running', progress: { done: 1 } });

    vi.advanceTimersByTime(progressIntervalMs);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({ jobId, state: 'running', progress: { jobId, phase: 'write', done: 50, total: 50, bytes: 500 } });
    expect(jobs.get(jobId)).toEqual(events[1]);
  });

  it('drops a pending progress update once the job has finished', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    jobs.start(options);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    collect.options().onProgress!({ phase: 'write', done: 1, total: 2, bytes: 1 });
    collect.options().onProgress!({ phase: 'write', done: 2, total: 2, bytes: 2 });
    collect.resolve(report);
    await vi.waitFor(() => expect(events.at(-1)?.state).toBe('done'));
    vi.advanceTimersByTime(progressIntervalMs * 5);
    expect(events.at(-1)?.state).toBe('done');
  });

  it('reports broken references and problems from a CollectError', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    const jobId = jobs.start(options);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    const broken = { file: '/p/static/css/a.css', name: 'css/a.css', line: 3, reference: 'missing.png', resolvedTo: 'css/missing.png', reason: 'no such file', sourceMap: false };
    collect.reject(new CollectError('1 broken reference', [broken], ['a problem']));

    await vi.waitFor(() =>
      expect(events.at(-1)).toEqual({ jobId, state: 'failed', message: '1 broken reference', brokenReferences: [broken], problems: ['a problem'] }),
    );
  });

  it('reports any other error as a failure with its message', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    const jobId = jobs.start(options);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    collect.reject(new Error('disk full'));
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ jobId, state: 'failed', message: 'disk full', brokenReferences: [], problems: [] }));
  });

  it('cancels through the abort signal and says so only while the job runs', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    const jobId = jobs.start(options);
    expect(jobs.runningInto('/p/out')).toBe(jobId);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());

    expect(jobs.cancel(jobId)).toBe(true);
    expect(collect.options().signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(events.at(-1)).toEqual({ jobId, state: 'cancelled' }));
    expect(jobs.cancel(jobId)).toBe(false);
    expect(jobs.cancel('no-such-job')).toBe(false);
  });

  it('aborts running jobs and goes quiet when disposed', async () => {
    const collect = controlledCollect();
    const { events, emit } = recorder();
    const jobs = createJobRegistry(collect.runCollect, emit);
    jobs.start(options);
    await vi.waitFor(() => expect(collect.runCollect).toHaveBeenCalledOnce());
    const before = events.length;
    jobs.dispose();
    expect(collect.options().signal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(progressIntervalMs);
    expect(events).toHaveLength(before);
  });
});
