import { describe, expect, it } from 'vitest';
import type { PushJobState, PushPlanSummary, PushResult, ReleaseSummary } from '../../electron/contract/porter';
import { createPushStore } from '../../renderer/src/features/push/push-store';
import { fakeBridge, project } from '../support/fake-bridge';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const plan: PushPlanSummary = {
  environment: 'staging',
  target: 's3://bucket/static/',
  outDir: '/work/site/staticfiles',
  counts: { new: 2, changed: 0, unchanged: 3, remoteOnly: 0 },
  bytesToSend: 2048,
  estimateMs: 20,
  estimateBasis: 'at an assumed 4 MB/s',
  changes: [
    { key: 'app.1234.js', status: 'new', size: 1024, hashed: true },
    { key: 'staticfiles.json', status: 'new', size: 1024, hashed: false },
  ],
  requests: 3,
  fingerprint: 'f1',
  warnings: [],
};
const result: PushResult = { environment: 'staging', releaseId: 'r2', sent: ['app.1234.js', 'staticfiles.json'], bytesSent: 2048, durationMs: 30, pruned: [], cdn: 'Nothing changed.', requests: 4, urls: { 'app.1234.js': 'https://cdn.example.com/app.1234.js' }, notes: [] };
const release: ReleaseSummary = { id: 'r1', createdAt: '2026-12-07T09:00:00.000Z', kind: 'push', from: null, files: 5, uploaded: 5, bytesSent: 100, current: true, damaged: null };
const environments = {
  environments: [
    { name: 'staging', type: 's3' as const, target: 's3://bucket/static/', publicUrl: null, cdn: null, config: {} },
    { name: 'production', type: 's3' as const, target: 's3://prod/static/', publicUrl: null, cdn: null, config: {} },
  ],
  problem: null,
  keychain: { available: false, reason: 'none' },
};
const running = (jobId: string, phase: 'collect' | 'plan' | 'send', done = 0, total = 0, arrived: string[] = []): PushJobState => ({ jobId, state: 'running', progress: { jobId, phase, done, total, bytes: 0, totalBytes: 0, rate: 0, etaMs: null, arrived } });

async function pushStore(overrides: Parameters<typeof fakeBridge>[0] = {}) {
  let jobs = 0;
  const fake = fakeBridge({
    listEnvironments: async () => ({ ok: true, value: environments }),
    listReleases: async () => ({ ok: true, value: { releases: [release] } }),
    startPush: async () => ({ ok: true, value: { jobId: `job${++jobs}` } }),
    getPush: async ({ jobId }) => ({ ok: true, value: running(jobId, 'collect') }),
    ...overrides,
  });
  const store = createPushStore(fake.bridge);
  store.getState().adoptProject(project());
  await flush();
  await flush();
  return { store, ...fake };
}

describe('push store: one Publish action', () => {
  it('collects and plans first, shows the plan, then sends exactly the plan it showed', async () => {
    const { store, spies, emit } = await pushStore();
    expect(store.getState().selected).toBe('staging');
    expect(spies.planPush).not.toHaveBeenCalled();

    await store.getState().publish();
    expect(spies.startPush).toHaveBeenLastCalledWith({ root: '/work/site', environment: 'staging', collect: true, planOnly: true });
    expect(store.getState()).toMatchObject({ stage: 'review', job: { state: 'running', progress: { phase: 'collect', total: 0 } } });
    emit({ type: 'push', job: running('job1', 'collect', 3, 10) });
    emit({ type: 'push', job: running('job1', 'plan') });
    // A late collect event must not take the bar back.
    emit({ type: 'push', job: running('job1', 'collect', 9, 10) });
    expect(store.getState().job).toMatchObject({ progress: { phase: 'plan' } });
    emit({ type: 'push', job: { jobId: 'job1', state: 'planned', plan } });
    expect(store.getState()).toMatchObject({ stage: 'review', plan: { fingerprint: 'f1' }, job: { state: 'planned' } });

    await store.getState().send();
    expect(spies.startPush).toHaveBeenLastCalledWith({ root: '/work/site', environment: 'staging', collect: true, expectedFingerprint: 'f1' });
    expect(store.getState().stage).toBe('send');
    emit({ type: 'push', job: running('job2', 'send', 1, 2, ['app.1234.js']) });
    expect(store.getState().log).toEqual(['app.1234.js']);
    spies.listReleases.mockClear();
    emit({ type: 'push', job: { jobId: 'job2', state: 'done', result } });
    expect(store.getState()).toMatchObject({ job: { state: 'done' }, result: { releaseId: 'r2' }, log: ['app.1234.js', 'staticfiles.json'] });
    expect(spies.listReleases).toHaveBeenCalled();
  });

  it('reviews again at once when the files changed after the review, and says why', async () => {
    const { store, spies, emit } = await pushStore();
    await store.getState().publish();
    emit({ type: 'push', job: { jobId: 'job1', state: 'planned', plan } });
    await store.getState().send();
    emit({ type: 'push', job: { jobId: 'job2', state: 'failed', message: 'The files to publish changed after you reviewed the plan.', planChanged: true } });
    await flush();
    expect(spies.startPush).toHaveBeenLastCalledWith({ root: '/work/site', environment: 'staging', collect: true, planOnly: true });
    expect(store.getState()).toMatchObject({ stage: 'review', error: undefined, notice: expect.stringContaining('changed after you reviewed') });
  });

  it('keeps a failed send on screen with a Retry that sends the same plan again', async () => {
    const { store, spies, emit } = await pushStore();
    await store.getState().publish();
    emit({ type: 'push', job: { jobId: 'job1', state: 'planned', plan } });
    await store.getState().send();
    emit({ type: 'push', job: { jobId: 'job2', state: 'failed', message: 'Cannot reach http://127.0.0.1:9 (ECONNREFUSED).', planChanged: false } });
    expect(store.getState()).toMatchObject({ error: { message: expect.stringContaining('ECONNREFUSED') }, retryable: { action: 'send' } });
    await store.getState().retry();
    expect(spies.startPush).toHaveBeenLastCalledWith(expect.objectContaining({ expectedFingerprint: 'f1' }));
    expect(store.getState()).toMatchObject({ error: undefined, retryable: undefined, stage: 'send' });
  });

  it('shows why a publish could not start, with a Retry that publishes again', async () => {
    let refuse = true;
    const { store, spies } = await pushStore({
      startPush: async () => (refuse ? { ok: false, error: { kind: 'conflict', message: 'A collect into /work/site/staticfiles is already running.' } } : { ok: true, value: { jobId: 'job9' } }),
    });
    await store.getState().publish();
    expect(store.getState()).toMatchObject({ job: undefined, error: { kind: 'conflict' }, retryable: { action: 'publish' } });
    refuse = false;
    await store.getState().retry();
    expect(spies.startPush).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ error: undefined, job: { jobId: 'job9' } });
  });

  it('shows a failed promote after the releases reload, retries it, and clears the old notice when a new action starts', async () => {
    let reachable = false;
    const fake = await pushStore({
      promote: async () => (reachable ? { ok: true, value: { releaseId: 'r3', copied: 5 } } : { ok: false, error: { kind: 'failed', message: 'Cannot reach http://127.0.0.1:9 (ECONNREFUSED).' } }),
      rollback: async () => ({ ok: true, value: { releaseId: 'r4', restored: 'r1' } }),
    });
    const { store, spies } = fake;
    store.getState().ask({ action: 'promote', from: 'staging', to: 'production' });
    await store.getState().confirm();
    expect(spies.listReleases).toHaveBeenCalled();
    expect(store.getState()).toMatchObject({ busy: false, confirmation: undefined, error: { message: expect.stringContaining('ECONNREFUSED') }, retryable: { action: 'promote', to: 'production' } });

    reachable = true;
    await store.getState().retry();
    expect(spies.promote).toHaveBeenCalledTimes(2);
    expect(store.getState()).toMatchObject({ error: undefined, retryable: undefined, notice: expect.stringContaining('production now holds what staging holds') });

    await store.getState().publish();
    fake.emit({ type: 'push', job: { jobId: 'job1', state: 'planned', plan } });
    store.getState().ask({ action: 'rollback', environment: 'staging', releaseId: 'r1', passesDamaged: [] });
    expect(store.getState().notice).toBeUndefined();
    await store.getState().confirm();
    expect(store.getState()).toMatchObject({ notice: 'staging now serves release r1.', job: undefined, plan: undefined });
    await store.getState().publish();
    expect(store.getState().notice).toBeUndefined();
  });

  it('cancels the running publish and offers to publish again', async () => {
    const { store, spies, emit } = await pushStore({ cancelJob: async () => ({ ok: true, value: { cancelled: true } }) });
    await store.getState().publish();
    await store.getState().cancel();
    expect(spies.cancelJob).toHaveBeenCalledWith({ jobId: 'job1' });
    expect(store.getState().cancelling).toBe(true);
    emit({ type: 'push', job: { jobId: 'job1', state: 'cancelled' } });
    expect(store.getState()).toMatchObject({ cancelling: false, job: { state: 'cancelled' }, phase: 'collect', error: undefined });
  });
});
