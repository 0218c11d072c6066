import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStores } from '../../renderer/src/create-app-stores';
import { staleJobMs } from '../../renderer/src/features/collect/collect-store';
import { fakeBridge, memoryRecent, project } from '../support/fake-bridge';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('project store', () => {
  it('opens a project, remembers it and loads its assets and collect defaults', async () => {
    const { bridge, spies } = fakeBridge();
    const recent = memoryRecent(['/old']);
    const stores = createAppStores(bridge, recent);
    expect(stores.project.getState().pathInput).toBe('/old');

    await stores.project.getState().open('  /work/site ');
    expect(spies.openProject).toHaveBeenCalledWith({ path: '/work/site' });
    expect(stores.project.getState()).toMatchObject({ opening: false, project: { root: '/work/site' }, recent: ['/work/site', '/old'] });
    expect(spies.listAssets).toHaveBeenCalledWith({ root: '/work/site' });
    expect(stores.collect.getState()).toMatchObject({
      root: '/work/site',
      draft: { outDir: '/work/site/staticfiles', djangoVersion: '4.2', hashing: true, dryRun: false },
    });
  });

  it('asks for a path instead of calling the host with an empty one', async () => {
    const { bridge, spies } = fakeBridge();
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('   ');
    expect(spies.openProject).not.toHaveBeenCalled();
    expect(stores.project.getState().error?.kind).toBe('invalid-input');
  });

  it('shows the host’s error and leaves no previous project under the new path', async () => {
    let fail = false;
    const { bridge } = fakeBridge({
      openProject: async ({ path }) =>
        fail ? { ok: false, error: { kind: 'not-found', message: `There is no folder at ${path}.` } } : { ok: true, value: project({ root: path }) },
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    fail = true;
    await stores.project.getState().open('/nope');
    expect(stores.project.getState()).toMatchObject({ opening: false, error: { kind: 'not-found' }, pathInput: '/nope' });
    expect(stores.project.getState().project).toBeUndefined();
  });

  it('lets only the latest of two overlapping opens land', async () => {
    const pending: Array<() => void> = [];
    const { bridge } = fakeBridge({
      openProject: ({ path }) => new Promise((resolve) => pending.push(() => resolve({ ok: true, value: project({ root: path }) }))),
    });
    const stores = createAppStores(bridge, memoryRecent());
    const first = stores.project.getState().open('/first');
    const second = stores.project.getState().open('/second');
    pending[1]!();
    await second;
    pending[0]!();
    await first;
    expect(stores.project.getState().project?.root).toBe('/second');
  });

  it('sends the Python answer and shows the project Django described', async () => {
    const asking = project({ detection: { ...project().detection, pythonConsentNeeded: { python: '/work/site/.venv/bin/python' } } });
    const answered = project({ djangoVersion: '5.2', detection: { ...project().detection, method: 'django' } });
    const { bridge, spies } = fakeBridge({
      openProject: async () => ({ ok: true, value: asking }),
      answerPythonConsent: async () => ({ ok: true, value: answered }),
    });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    stores.project.getState().setConsentDismissed(true);
    await stores.project.getState().answerConsent(true);
    expect(spies.answerPythonConsent).toHaveBeenCalledWith({ root: '/work/site', allow: true });
    expect(stores.project.getState()).toMatchObject({ project: answered, consentDismissed: false, consentSending: false });
    // The version field still had the old default, so it follows the new one.
    expect(stores.collect.getState().draft.djangoVersion).toBe('5.2');
  });

  it('keeps collect fields the user changed when the same project is detected again', async () => {
    const saved = project({ outDir: '/elsewhere', detection: { ...project().detection, certainty: 'exact' } });
    const { bridge } = fakeBridge({ saveSources: async () => ({ ok: true, value: { path: '/work/site/porter.json', project: saved } }) });
    const stores = createAppStores(bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    stores.collect.getState().updateDraft({ outDir: '/my/out' });
    await stores.project.getState().saveSources();
    expect(stores.project.getState()).toMatchObject({ savedPath: '/work/site/porter.json', saving: false });
    expect(stores.collect.getState().draft.outDir).toBe('/my/out');
  });
});

describe('collect store', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  async function openSite(overrides: Parameters<typeof fakeBridge>[0]) {
    const fake = fakeBridge(overrides);
    const stores = createAppStores(fake.bridge, memoryRecent());
    await stores.project.getState().open('/work/site');
    return { ...fake, stores };
  }

  it('starts a collect with the draft and follows its progress events to the end', async () => {
    const running = { jobId: 'j1', state: 'running', progress: { jobId: 'j1', phase: 'scan', done: 0, total: 0, bytes: 0 } } as const;
    const { stores, spies, emit } = await openSite({
      startCollect: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getJob: async () => ({ ok: true, value: running }),
    });
    await stores.collect.getState().start();
    expect(spies.startCollect).toHaveBeenCalledWith({
      root: '/work/site',
      compress: false,
      outDir: '/work/site/staticfiles',
      djangoVersion: '4.2',
      hashing: true,
      dryRun: false,
      ignorePatterns: [],
      useDefaultIgnore: true,
    });
    expect(stores.collect.getState().job?.state).toBe('running');

    emit({ type: 'job', job: { jobId: 'other', state: 'cancelled' } });
    emit({ type: 'job', job: { jobId: 'j1', state: 'running', progress: { jobId: 'j1', phase: 'write', done: 3, total: 4, bytes: 30 } } });
    expect(stores.collect.getState().job).toMatchObject({ state: 'running', progress: { done: 3, total: 4 } });
    // An older update arriving late doesn't move the bar backwards.
    emit({ type: 'job', job: { jobId: 'j1', state: 'running', progress: { jobId: 'j1', phase: 'write', done: 2, total: 4, bytes: 20 } } });
    expect(stores.collect.getState().job).toMatchObject({ progress: { done: 3 } });

    emit({ type: 'job', job: { jobId: 'j1', state: 'failed', message: 'broken', brokenReferences: [], problems: ['p'] } });
    expect(stores.collect.getState().job).toMatchObject({ state: 'failed', problems: ['p'] });
    emit({ type: 'job', job: running });
    expect(stores.collect.getState().job?.state).toBe('failed');
  });

  it('catches up when the job finished before its id came back', async () => {
    const { stores } = await openSite({
      startCollect: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getJob: async () => ({ ok: true, value: { jobId: 'j1', state: 'cancelled' } }),
    });
    await stores.collect.getState().start();
    expect(stores.collect.getState().job).toEqual({ jobId: 'j1', state: 'cancelled' });
  });

  it('asks for the job itself when events stop arriving', async () => {
    let state: 'running' | 'cancelled' = 'running';
    const { stores, spies } = await openSite({
      startCollect: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getJob: async () =>
        state === 'running'
          ? { ok: true, value: { jobId: 'j1', state, progress: { jobId: 'j1', phase: 'scan', done: 0, total: 0, bytes: 0 } } }
          : { ok: true, value: { jobId: 'j1', state } },
    });
    await stores.collect.getState().start();
    state = 'cancelled';
    expect(spies.getJob).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(staleJobMs);
    await flush();
    expect(spies.getJob).toHaveBeenCalledTimes(2);
    expect(stores.collect.getState().job?.state).toBe('cancelled');
    vi.advanceTimersByTime(staleJobMs * 3);
    expect(spies.getJob).toHaveBeenCalledTimes(2);
  });

  it('shows why a collect could not start', async () => {
    const { stores } = await openSite({
      startCollect: async () => ({ ok: false, error: { kind: 'conflict', message: 'A collect into /work/site/staticfiles is already running.' } }),
    });
    await stores.collect.getState().start();
    expect(stores.collect.getState()).toMatchObject({ starting: false, job: undefined, error: { kind: 'conflict' } });
  });

  it('refuses to start without an output folder', async () => {
    const { stores, spies } = await openSite({});
    stores.collect.getState().updateDraft({ outDir: ' ' });
    await stores.collect.getState().start();
    expect(spies.startCollect).not.toHaveBeenCalled();
    expect(stores.collect.getState().error?.kind).toBe('invalid-input');
  });

  it('cancels the running job', async () => {
    const { stores, spies, emit } = await openSite({
      startCollect: async () => ({ ok: true, value: { jobId: 'j1' } }),
      getJob: async () => ({ ok: true, value: { jobId: 'j1', state: 'running', progress: { jobId: 'j1', phase: 'scan', done: 0, total: 0, bytes: 0 } } }),
      cancelJob: async () => ({ ok: true, value: { cancelled: true } }),
    });
    await stores.collect.getState().start();
    await stores.collect.getState().cancel();
    expect(spies.cancelJob).toHaveBeenCalledWith({ jobId: 'j1' });
    expect(stores.collect.getState().cancelling).toBe(true);
    emit({ type: 'job', job: { jobId: 'j1', state: 'cancelled' } });
    expect(stores.collect.getState()).toMatchObject({ cancelling: false, job: { state: 'cancelled' } });
  });

  it('stops listening when disposed', async () => {
    const { stores, listeners } = await openSite({});
    // The assets, collect, savings, push and templates stores each listen.
    expect(listeners.size).toBe(5);
    stores.assets.getState().dispose();
    stores.collect.getState().dispose();
    stores.savings.getState().dispose();
    stores.push.getState().dispose();
    stores.templates.getState().dispose();
    expect(listeners.size).toBe(0);
  });
});
