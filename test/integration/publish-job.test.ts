// The Publish flow as the host runs it: a push job that collects first, ends with the plan to review, and sends
// only while the collected files still match the plan the user confirmed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PorterEvent, PushJobState } from '../../electron/contract/porter';
import { createPorterHost, type PorterHost } from '../../electron/host/porter-host';
import { makeTempDir, writeTree } from '../support/temp-project';

let host: PorterHost | undefined;
const order = ['collect', 'plan', 'send'];
afterEach(() => host?.dispose());

async function finished(porter: PorterHost, jobId: string): Promise<PushJobState> {
  for (;;) {
    const state = (await porter.call('getPush', { jobId })) as { ok: true; value: PushJobState };
    if (state.value.state !== 'running') return state.value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a publish job', () => {
  it('collects, ends with the plan, refuses a plan the sources no longer match, then sends with public URLs', async () => {
    const root = makeTempDir('porter-publish-');
    writeTree(root, { 'assets/css/site.css': 'body { color: red; }\n', 'assets/js/app.js': 'console.log(1);\n' });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'public', publicUrl: 'https://static.example.com/s/' } } }));
    host = createPorterHost({ hostInfo: { host: 'serve', canPickFolder: false, version: '0.0.0' }, configDir: path.join(root, '.config'), dataDir: path.join(root, '.data') });
    const phases: string[] = [];
    host.onEvent((event: PorterEvent) => {
      if (event.type === 'push' && event.job.state === 'running' && phases.at(-1) !== event.job.progress.phase) phases.push(event.job.progress.phase);
    });
    expect(await host.call('openProject', { path: root })).toMatchObject({ ok: true });
    expect(existsSync(path.join(root, 'staticfiles'))).toBe(false);

    const review = (await host.call('startPush', { root, environment: 'local', collect: true, planOnly: true })) as { ok: true; value: { jobId: string } };
    const planned = await finished(host, review.value.jobId);
    expect(planned).toMatchObject({ state: 'planned', plan: { counts: { new: 5, changed: 0 }, outDir: path.join(root, 'staticfiles') } });
    // Progress is throttled to ~10 events a second, so a quick phase may not be seen; the order always holds.
    expect(phases[0]).toBe('collect');
    expect(phases).not.toContain('send');
    expect(existsSync(path.join(root, 'staticfiles/staticfiles.json'))).toBe(true);
    expect(existsSync(path.join(root, 'public'))).toBe(false);
    const { fingerprint } = (planned as Extract<PushJobState, { state: 'planned' }>).plan;

    // Edited after the review: the send collects again, sees other files, and sends nothing.
    writeTree(root, { 'assets/css/site.css': 'body { color: blue; }\n' });
    const stale = (await host.call('startPush', { root, environment: 'local', collect: true, expectedFingerprint: fingerprint })) as { ok: true; value: { jobId: string } };
    expect(await finished(host, stale.value.jobId)).toMatchObject({ state: 'failed', planChanged: true, message: expect.stringContaining('changed after you reviewed the plan') });
    expect(existsSync(path.join(root, 'public'))).toBe(false);

    const again = (await host.call('startPush', { root, environment: 'local', collect: true, planOnly: true })) as { ok: true; value: { jobId: string } };
    const fresh = (await finished(host, again.value.jobId)) as Extract<PushJobState, { state: 'planned' }>;
    expect(fresh.plan.fingerprint).not.toBe(fingerprint);
    phases.length = 0;
    const sent = (await host.call('startPush', { root, environment: 'local', collect: true, expectedFingerprint: fresh.plan.fingerprint })) as { ok: true; value: { jobId: string } };
    const done = await finished(host, sent.value.jobId);
    expect(phases[0]).toBe('collect');
    expect([...phases].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(phases);
    expect(done).toMatchObject({ state: 'done', result: { sent: expect.arrayContaining(['staticfiles.json']) } });
    const { result } = done as Extract<PushJobState, { state: 'done' }>;
    // Like collectstatic, collect keeps the earlier hashed copy of the edited file: 5 files and that one.
    expect(result.sent).toHaveLength(6);
    const hashed = (JSON.parse(readFileSync(path.join(root, 'public/staticfiles.json'), 'utf8')) as { paths: Record<string, string> }).paths['css/site.css']!;
    expect(result.urls[hashed]).toBe(`https://static.example.com/s/${hashed}`);
    expect(readFileSync(path.join(root, 'public', hashed), 'utf8')).toContain('blue');
  });

  it('says there is nothing to publish when the project has no sources', async () => {
    const root = makeTempDir('porter-publish-empty-');
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: [], environments: { local: { type: 'folder', path: 'public' } } }));
    host = createPorterHost({ hostInfo: { host: 'serve', canPickFolder: false, version: '0.0.0' }, configDir: path.join(root, '.config'), dataDir: path.join(root, '.data') });
    await host.call('openProject', { path: root });
    const started = (await host.call('startPush', { root, environment: 'local', collect: true, planOnly: true })) as { ok: true; value: { jobId: string } };
    expect(await finished(host, started.value.jobId)).toMatchObject({ state: 'failed', planChanged: false, message: expect.stringContaining('nothing to publish') });
  });
});
