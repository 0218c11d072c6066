import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JobState, PorterEvent, Project } from '../../electron/contract/porter';
import { createPorterHost, type PorterHost } from '../../electron/host/porter-host';

let workspace: string;
let host: PorterHost;
const hostInfo = { host: 'serve', canPickFolder: false, version: '9.9.9' } as const;

function write(files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspace, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Three sources: a duplicate public path (the first source wins), a default-ignored file, a prefixed source. */
function smallProject(): string {
  write({
    'site/porter.json': JSON.stringify({ sources: [{ dir: 'assets' }, { dir: 'theme' }, { dir: 'vendor_src', prefix: 'vendor' }] }),
    'site/assets/css/site.css': 'body { background: url("../img/bg.png"); }\n',
    'site/assets/img/bg.png': 'not really a png',
    'site/assets/shared/dup.txt': 'first',
    'site/assets/css/backup.css~': 'old',
    'site/theme/shared/dup.txt': 'second',
    'site/vendor_src/lib.js': 'console.log(1);\n',
  });
  return path.join(workspace, 'site');
}

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: unknown }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`expected ok, got ${JSON.stringify(settled.error)}`);
  return settled.value;
}

/** Records job events; the final one may arrive before startCollect's answer does. */
function recordJobs(target: PorterHost) {
  const events: JobState[] = [];
  target.onEvent((event: PorterEvent) => event.type === 'job' && events.push(event.job));
  const finalState = (jobId: string) =>
    vi.waitFor(
      () => {
        const final = events.find((job) => job.jobId === jobId && job.state !== 'running');
        if (!final) throw new Error(`job ${jobId} has not finished`);
        return final;
      },
      { timeout: 20_000 },
    );
  return { events, finalState };
}

async function startCollect(root: string, outDir: string, djangoVersion: '4.2' | '5.2'): Promise<string> {
  const started = await value(
    host.call('startCollect', { root, outDir, djangoVersion, hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false }) as Promise<{
      ok: true;
      value: { jobId: string };
    }>,
  );
  return started.jobId;
}

beforeEach(() => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'porter-host-'));
  vi.stubEnv('PORTER_CACHE_DIR', path.join(workspace, 'cache'));
  host = createPorterHost({ configDir: path.join(workspace, 'config'), hostInfo });
});

afterEach(() => {
  host.dispose();
  vi.unstubAllEnvs();
  rmSync(workspace, { recursive: true, force: true });
});

describe('porter host: calls', () => {
  it('refuses an operation the contract does not have', async () => {
    expect(await host.call('deleteEverything', {})).toEqual({
      ok: false,
      error: { kind: 'not-found', message: 'Porter has no operation called "deleteEverything".' },
    });
    expect(await host.call('constructor', {})).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('names the field as the screens label it when input is invalid, and never the operation', async () => {
    const missing = await host.call('openProject', {});
    expect(missing).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: 'Porter could not open the project. Folder is required.', hint: expect.stringContaining('try again') } });
    const wrongType = await host.call('startCollect', { root: '/p', outDir: '/o', djangoVersion: '1.11' });
    expect(wrongType).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('Django version must be one of 3.2, 4.2, 5.2, 6.0, 6.1.') } });
    const badName = await host.call('saveEnvironment', { root: '/p', name: 'my staging', config: {} });
    expect(badName).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: 'Porter could not save the environment. Name: Use letters, digits, "-" and "_".' } });
    const noKeys = await host.call('saveCredentials', { root: '/p', environment: 'staging', accessKeyId: '' });
    expect(noKeys).toMatchObject({ ok: false, error: { message: 'Porter could not save the keys. Access key ID is required. Secret access key is required.' } });
    for (const answer of [missing, wrongType, badName, noKeys]) {
      expect(JSON.stringify(answer)).not.toMatch(/Invalid input|openProject|startCollect|saveEnvironment|saveCredentials|djangoVersion|accessKeyId/);
    }
    expect(await host.call('getJob', 'j1')).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('answers getHostInfo and refuses pickFolder where there is no dialog', async () => {
    expect(await host.call('getHostInfo', {})).toEqual({ ok: true, value: hostInfo });
    expect(await host.call('pickFolder', {})).toMatchObject({ ok: false, error: { kind: 'forbidden', hint: expect.any(String) } });
  });

  it('passes pickFolder to the desktop dialog', async () => {
    const pickFolder = vi.fn(async () => '/chosen');
    const desktop = createPorterHost({ hostInfo: { ...hostInfo, host: 'electron', canPickFolder: true }, pickFolder });
    expect(await desktop.call('pickFolder', { title: 'Pick' })).toEqual({ ok: true, value: { path: '/chosen' } });
    expect(pickFolder).toHaveBeenCalledWith({ title: 'Pick', startIn: undefined });
    desktop.dispose();
  });

  it('says when a project folder does not exist, or is a file', async () => {
    const missing = await host.call('openProject', { path: path.join(workspace, 'nope') });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'not-found', message: expect.stringContaining('nope'), hint: expect.any(String) } });
    write({ 'file.txt': 'x' });
    expect(await host.call('openProject', { path: path.join(workspace, 'file.txt') })).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('reports a job it does not know', async () => {
    expect(await host.call('getJob', { jobId: 'nope' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(await host.call('cancelJob', { jobId: 'nope' })).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });
});

describe('porter host: a project', () => {
  it('opens a project with its sources in porter.json order', async () => {
    const root = smallProject();
    const project = await value(host.call('openProject', { path: root }) as Promise<{ ok: true; value: Project }>);
    expect(project.root).toBe(root);
    expect(project.sources.map(({ dir, prefix, origin, exists }) => ({ dir: path.relative(root, dir), prefix, origin, exists }))).toEqual([
      { dir: 'assets', prefix: '', origin: 'porter.json', exists: true },
      { dir: 'theme', prefix: '', origin: 'porter.json', exists: true },
      { dir: 'vendor_src', prefix: 'vendor', origin: 'porter.json', exists: true },
    ]);
    expect(project.detection).toMatchObject({ method: 'porter.json', certainty: 'exact' });
  });

  it('lists assets with duplicates and ignored files, without opening the project first', async () => {
    const root = smallProject();
    const { assets } = await value(host.call('listAssets', { root }) as Promise<{ ok: true; value: { assets: Array<Record<string, unknown>> } }>);
    const byPath = (publicPath: string, status: string) => assets.find((asset) => asset.publicPath === publicPath && asset.status === status);
    expect(byPath('css/site.css', 'collected')).toMatchObject({ sourceIndex: 0, bytes: 43 });
    expect(byPath('vendor/lib.js', 'collected')).toMatchObject({ sourceIndex: 2 });
    expect(byPath('shared/dup.txt', 'collected')).toMatchObject({ sourceIndex: 0 });
    expect(byPath('shared/dup.txt', 'duplicate')).toMatchObject({ sourceIndex: 1, reason: path.join(root, 'assets/shared/dup.txt') });
    expect(byPath('css/backup.css~', 'ignored')).toMatchObject({ reason: '*~' });
  });

  it('collects into the output folder and reports the job through events', async () => {
    const root = smallProject();
    const outDir = path.join(workspace, 'out');
    const { events, finalState } = recordJobs(host);
    const jobId = await startCollect(root, outDir, '5.2');

    const done = await finalState(jobId);
    expect(done.state).toBe('done');
    if (done.state !== 'done') return;
    expect(done.report.counts).toMatchObject({ copied: 4, duplicates: 1 });
    expect(done.report.summary).toContain(`4 static files copied to '${outDir}'`);
    expect(events[0]).toMatchObject({ jobId, state: 'running' });
    expect(events.every((event) => event.jobId === jobId)).toBe(true);
    expect(existsSync(path.join(outDir, 'staticfiles.json'))).toBe(true);
    expect(readFileSync(path.join(outDir, 'shared/dup.txt'), 'utf8')).toBe('first');
    expect(await host.call('getJob', { jobId })).toEqual({ ok: true, value: done });
    expect(await host.call('cancelJob', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('fails a collect with broken references and leaves the output folder as it was', async () => {
    write({
      'broken/porter.json': JSON.stringify({ sources: ['static'] }),
      'broken/static/css/app.css': 'h1 { color: red; }\n.logo { background: url("../img/missing.png"); }\n',
      'out/keep.txt': 'previous output',
    });
    const root = path.join(workspace, 'broken');
    const outDir = path.join(workspace, 'out');
    const { finalState } = recordJobs(host);
    const failed = await finalState(await startCollect(root, outDir, '4.2'));
    expect(failed).toMatchObject({ state: 'failed', brokenReferences: [{ file: expect.stringContaining('app.css'), line: 2, reference: '../img/missing.png' }] });
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
  });
});
