import { describe, expect, it, vi } from 'vitest';
import type { PorterEvent, SavingsAsset, SavingsReport } from '../../electron/contract/porter';
import { createSavingsJobs, type RunSavingsJob } from '../../electron/host/savings-jobs';

const row = (publicPath: string, complete: boolean): SavingsAsset => ({
  publicPath,
  sourcePath: `/site/${publicPath}`,
  kind: 'image',
  originalBytes: 100,
  originalGzipBytes: null,
  originalBrotliBytes: null,
  variants: [],
  error: null,
  cached: false,
  complete,
});

describe('savings jobs stream their rows', () => {
  it('answers a running job with the rows changed since the cursor, and the events carry none', async () => {
    let step: (() => void) | undefined;
    const paused = () => new Promise<void>((resolve) => (step = resolve));
    const run: RunSavingsJob = async ({ onAsset, onProgress }) => {
      onAsset(1, row('b.png', false));
      onAsset(0, row('a.png', false));
      onProgress({ done: 0, quickDone: 2, total: 2, bytes: 0, totalBytes: 200, etaMs: null });
      await paused();
      onAsset(0, row('a.png', true));
      onProgress({ done: 1, quickDone: 2, total: 2, bytes: 100, totalBytes: 200, etaMs: null });
      await paused();
      return { assets: [row('a.png', true), row('b.png', true)] } as SavingsReport;
    };
    const events: PorterEvent[] = [];
    const jobs = createSavingsJobs(run, (event) => events.push(event));
    const jobId = jobs.start({ root: '/site', files: [], settings: { monthlyRequests: 1, egressPerGb: 0, storagePerGbMonth: 0 }, mode: { lossyMode: 'auto', format: 'keep', keepCopyright: false } });
    await vi.waitFor(() => expect(step).toBeDefined());

    const first = jobs.get(jobId);
    if (first?.state !== 'running') throw new Error('not running');
    expect(first.rows.map((each) => [each.index, each.asset.complete])).toEqual([[1, false], [0, false]]);
    step!();
    await vi.waitFor(() => expect((jobs.get(jobId, first.cursor) as { rows: unknown[] }).rows).toHaveLength(1));
    const second = jobs.get(jobId, first.cursor);
    if (second?.state !== 'running') throw new Error('not running');
    expect(second.rows).toEqual([{ index: 0, asset: row('a.png', true) }]);
    expect(second.progress).toMatchObject({ done: 1, quickDone: 2 });
    expect((jobs.get(jobId, second.cursor) as { rows: unknown[] }).rows).toEqual([]);
    step!();
    await vi.waitFor(() => expect(jobs.get(jobId)?.state).toBe('done'));
    const running = events.flatMap((event) => (event.type === 'savings' && event.job.state === 'running' ? [event.job] : []));
    expect(running.length).toBeGreaterThan(0);
    for (const job of running) expect(Object.keys(job).sort()).toEqual(['jobId', 'progress', 'state']);
    jobs.dispose();
  });
});
