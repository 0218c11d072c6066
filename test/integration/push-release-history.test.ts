// Issue 17, points 5 to 8: the release history says what is live, in the bucket's own order, shows a record it
// cannot read, and what planning verified is kept. Each test replays the attack that broke it.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCollect } from '../../electron/core/collect/index';
import { listReleases, openEnvironment, openRelease, planPush, promote, rollback, runPush, type ReleaseEntry } from '../../electron/core/push/index';
import { newReleaseId, type Release } from '../../electron/core/push/records';
import { RELEASE_LIST_KEY, writeRelease } from '../../electron/core/push/release-list';
import type { Remote } from '../../electron/core/push/remote';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { forgetIndex, S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
const buckets = ['history-concurrent', 'history-older', 'history-older-production', 'history-list-requests', 'history-prune', 'history-kill', 'history-legacy', 'history-clock', 'history-damaged', 'history-verified', 'history-plan-killed'];
beforeAll(async () => {
  s3 = await startS3Server(buckets);
});
afterAll(() => s3.stop());

const reader = () =>
  new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

function s3Env(bucket: string, endpoint = s3.endpoint) {
  return { type: 's3', bucket, region: 'us-east-1', endpoint, forcePathStyle: true, prefix: 'static/' };
}

/** A collected project whose stylesheet can be changed to make the next release. */
async function project(bucket: string, files = 4) {
  const root = makeTempDir('porter-history-');
  vi.stubEnv('PORTER_CACHE_DIR', path.join(root, '.cache'));
  const tree: Record<string, string> = { 'css/site.css': 'body { color: black; }\n' };
  for (let index = 0; index < files; index += 1) tree[`js/module-${index}.js`] = `export const value${index} = ${index};\n`.repeat(index + 1);
  writeTree(path.join(root, 'assets'), tree);
  const configure = (endpoint = s3.endpoint) => writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: s3Env(bucket, endpoint) } }));
  configure();
  const out = path.join(root, 'out');
  const collect = (colour?: string) => {
    if (colour) writeFileSync(path.join(root, 'assets/css/site.css'), `body { color: ${colour}; }\n`);
    return runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
  };
  await collect();
  const open = () => openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
  const push = async () => {
    const context = await open();
    return runPush(context, await planPush(context, out));
  };
  const manifest = () => readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
  return { root, out, collect, configure, open, push, manifest };
}

/** Each entry's manifest (by its hash: the history carries no file lists or manifests), or 'damaged'. */
const manifests = (releases: ReleaseEntry[]) => releases.map((release) => (release.damaged === null ? release.manifestSha256 : 'damaged'));
const hashOf = (manifest: string) => createHash('sha256').update(manifest).digest('hex');

async function liveManifest(bucket: string): Promise<string> {
  const object = await reader().send(new GetObjectCommand({ Bucket: bucket, Key: 'static/staticfiles.json' }));
  return object.Body!.transformToString();
}

describe('the release history matches what is live (issue 17.5)', () => {
  it('a push stopped between the manifest and its release record still ends with the live manifest recorded and current', async () => {
    const site = await project('history-kill');
    await site.push();
    await site.collect('red');
    await site.push();
    const second = site.manifest();
    await site.collect('blue');
    // The release record's PUT is refused, as if the process died right there.
    const proxy = await startFaultProxy(s3.endpoint, ({ method, url }): Fault => (method === 'PUT' && url.includes('/porter/releases/') ? { kind: 'status', status: 403, code: 'AccessDenied' } : { kind: 'pass' }));
    site.configure(proxy.endpoint);
    await expect(site.push()).rejects.toThrow();
    await proxy.stop();
    site.configure();

    await site.push();
    const third = site.manifest();
    expect(await liveManifest('history-kill')).toBe(third);
    const releases = await listReleases(await site.open());
    expect(manifests(releases.filter((release) => release.current))).toEqual([hashOf(third)]);
    // Rollback goes to the version before the live one, not two back.
    const rolled = await rollback(await site.open());
    expect(rolled.restored.manifest).toBe(second);
    expect(await liveManifest('history-kill')).toBe(second);
  });

  it('a live manifest that has no release record gets one on the next run', async () => {
    const site = await project('history-legacy');
    await site.push();
    const first = site.manifest();
    await site.collect('green');
    const pushed = await site.push();
    // What an older Porter killed after the manifest left behind: the manifest live, its record never written.
    await reader().send(new DeleteObjectCommand({ Bucket: 'history-legacy', Key: `static/porter/releases/${pushed.release.id}.json` }));

    const again = await site.push();
    expect(again.sent).toEqual([]);
    const releases = await listReleases(await site.open());
    expect(releases).toHaveLength(2);
    expect(manifests(releases.filter((release) => release.current))).toEqual([hashOf(site.manifest())]);
    const rolled = await rollback(await site.open());
    expect(rolled.restored.manifest).toBe(first);
  });
});

describe('releases are ordered by the bucket, not the pushing machine (issue 17.6)', () => {
  it('a push from a machine two hours fast does not stay current, and rollback leaves it', async () => {
    const site = await project('history-clock');
    await site.push();
    const first = site.manifest();
    await site.collect('purple');
    // This machine's clock is two hours fast (Porter's own clock only: the store would refuse skewed signatures).
    const context = await site.open();
    await runPush(context, await planPush(context, site.out), { clock: () => new Date(Date.now() + 2 * 60 * 60 * 1000) });
    const fastManifest = site.manifest();
    await site.collect('orange');
    await site.push();
    const live = site.manifest();

    const releases = await listReleases(await site.open());
    expect(manifests(releases)).toEqual([hashOf(live), hashOf(fastManifest), hashOf(first)]);
    expect(releases[0]!.current).toBe(true);
    const rolled = await rollback(await site.open());
    expect(rolled.restored.manifest).toBe(fastManifest);
    expect(await liveManifest('history-clock')).toBe(fastManifest);
  });
});

describe('a damaged release record (issue 17.7)', () => {
  it('is listed as damaged, and rollback across it asks first', async () => {
    const site = await project('history-damaged');
    await site.push();
    const first = site.manifest();
    await site.collect('maroon');
    const middle = await site.push();
    await site.collect('navy');
    await site.push();
    await reader().send(new PutObjectCommand({ Bucket: 'history-damaged', Key: `static/porter/releases/${middle.release.id}.json`, Body: '{"id": "trunc', ContentType: 'application/json' }));

    const releases = await listReleases(await site.open());
    expect(releases).toHaveLength(3);
    expect(releases[1]).toMatchObject({ id: middle.release.id, damaged: expect.stringMatching(/cannot be read/) });
    await expect(rollback(await site.open())).rejects.toThrow(new RegExp(`Release ${middle.release.id} cannot be read`));
    expect(await liveManifest('history-damaged')).toBe(site.manifest());
    const rolled = await rollback(await site.open(), { acrossDamaged: true });
    expect(rolled.restored.manifest).toBe(first);
  });
});

describe('prune and a damaged record', () => {
  it('deletes nothing while a release it is told to keep cannot be read', async () => {
    const site = await project('history-prune');
    await site.push();
    const fresh = async (colour: string) => {
      // Like collectstatic --clear, so the older hashed stylesheet is only in the bucket.
      rmSync(site.out, { recursive: true });
      await site.collect(colour);
    };
    await fresh('teal');
    const kept = await site.push();
    const keptStylesheet = (JSON.parse(site.manifest()) as { paths: Record<string, string> }).paths['css/site.css']!;
    await reader().send(new PutObjectCommand({ Bucket: 'history-prune', Key: `static/porter/releases/${kept.release.id}.json`, Body: 'not json' }));
    await fresh('olive');
    const context = await site.open();
    const pruned = await runPush(context, await planPush(context, site.out), { prune: true, keep: 2 });
    expect(pruned.pruned).toEqual([]);
    expect(pruned.notes.join(' ')).toMatch(new RegExp(`release ${kept.release.id} cannot be read`));
    await reader().send(new GetObjectCommand({ Bucket: 'history-prune', Key: `static/${keptStylesheet}` }));
  });
});

describe('what planning verifies is recorded (issue 17.8)', () => {
  it('a no-op push after an interrupted one sends no HEAD for objects a plan already verified', async () => {
    const site = await project('history-verified', 30);
    await site.push();
    // As after pushes killed before their index checkpoint: every object there, none vouched for.
    await forgetIndex(reader(), 'history-verified', 'static/');
    const first = await site.open();
    expect((await runPush(first, await planPush(first, site.out))).sent).toEqual([]);
    expect(first.counter.byOperation.HeadObject).toBe(listFiles(site.out).length);
    const second = await site.open();
    expect((await runPush(second, await planPush(second, site.out))).sent).toEqual([]);
    expect(second.counter.byOperation.HeadObject ?? 0).toBe(0);
  });

  it('a plan stopped halfway resumes where it stopped', async () => {
    const site = await project('history-plan-killed', 60);
    await site.push();
    await forgetIndex(reader(), 'history-plan-killed', 'static/');
    const total = listFiles(site.out).length;
    let heads = 0;
    // The 41st HEAD is refused: planning stops there, as when a push is killed while it plans.
    const proxy = await startFaultProxy(s3.endpoint, ({ method }): Fault => (method === 'HEAD' && (heads += 1) > 40 ? { kind: 'status', status: 403, code: '' } : { kind: 'pass' }));
    site.configure(proxy.endpoint);
    const stopped = await site.open();
    await expect(planPush(stopped, site.out, 4, { checkpointEvery: 10 })).rejects.toThrow();
    await proxy.stop();
    site.configure();

    const resumed = await site.open();
    const plan = await planPush(resumed, site.out, 4);
    expect(plan.counts.unchanged).toBe(total);
    expect(resumed.counter.byOperation.HeadObject).toBeLessThanOrEqual(total - 25);
  });
});

describe('the release list (issue 16.1)', () => {
  it('reads the history in a fixed number of requests however many releases there are', async () => {
    const site = await project('history-list-requests');
    for (const colour of ['red', 'green', 'blue', 'teal', 'navy']) {
      await site.collect(colour);
      await site.push();
    }
    const context = await site.open();
    const releases = await listReleases(context);
    expect(releases).toHaveLength(5);
    // The list and the live manifest: no release record is read.
    expect(context.counter.byOperation.GetObject).toBe(2);
    expect(context.counter.byOperation.ListObjects).toBe(1);
    const newest = releases[0]!;
    if (newest.damaged !== null) throw new Error(newest.damaged);
    expect(newest).toMatchObject({ current: true, files: listFiles(site.out).length, manifestSha256: hashOf(site.manifest()) });
    expect((await openRelease(context, newest.id)).manifest).toBe(site.manifest());
  });

  it('two writers at once on a store that ignores If-Match: the list may miss one, the history never does', async () => {
    const site = await project('history-concurrent');
    await site.push();
    const remote = (await site.open()).remote;
    // A reads the list, then waits at its write while B writes its record and the list; s3rver then lets A's
    // write replace B's list.
    let listWrites = 0;
    let blocked!: () => void;
    let resume!: () => void;
    const aBlocked = new Promise<void>((resolve) => (blocked = resolve));
    const aResumes = new Promise<void>((resolve) => (resume = resolve));
    const gated: Remote = Object.create(remote) as Remote;
    gated.put = async (key, body, options) => {
      if (key === RELEASE_LIST_KEY && (listWrites += 1) === 1) {
        blocked();
        await aResumes;
      }
      return remote.put(key, body, options);
    };
    const record = (sequence: number): Release => ({ id: newReleaseId(sequence), sequence, createdAt: new Date().toISOString(), kind: 'push', manifest: site.manifest(), files: [], uploaded: 0, bytesSent: 0, durationMs: 0 });
    const [a, b] = [record(2), record(2)];
    const writingA = writeRelease(gated, a);
    await aBlocked;
    await writeRelease(remote, b);
    resume();
    await writingA;
    const list = await reader().send(new GetObjectCommand({ Bucket: 'history-concurrent', Key: 'static/porter/releases.json' }));
    expect((JSON.parse(await list.Body!.transformToString()) as { releases: { id: string }[] }).releases.map((entry) => entry.id)).not.toContain(b.id);
    const history = await listReleases(await site.open());
    expect(history.map((entry) => entry.id).sort()).toEqual([a.id, b.id, history.at(-1)!.id].sort());
    // The next write puts the missing entry back.
    await writeRelease(remote, record(3));
    const mended = await reader().send(new GetObjectCommand({ Bucket: 'history-concurrent', Key: 'static/porter/releases.json' }));
    expect((JSON.parse(await mended.Body!.transformToString()) as { releases: unknown[] }).releases).toHaveLength(4);
  });

  it('an environment pushed by an older Porter (records, no list) keeps its history, rollback, promote and prune', async () => {
    const site = await project('history-older');
    await site.push();
    const first = site.manifest();
    await site.collect('silver');
    await site.push();
    const second = site.manifest();
    // What an older Porter left: the records alone, without a list beside them.
    await reader().send(new DeleteObjectCommand({ Bucket: 'history-older', Key: 'static/porter/releases.json' }));
    const context = await site.open();
    const older = await listReleases(context);
    expect(manifests(older)).toEqual([hashOf(second), hashOf(first)]);
    expect(older[0]!.current).toBe(true);

    const rolled = await rollback(await site.open());
    expect(rolled.restored.manifest).toBe(first);
    expect(await liveManifest('history-older')).toBe(first);
    // The rollback wrote the list again, from the records.
    const list = await reader().send(new GetObjectCommand({ Bucket: 'history-older', Key: 'static/porter/releases.json' }));
    expect((JSON.parse(await list.Body!.transformToString()) as { releases: unknown[] }).releases).toHaveLength(3);

    writeFileSync(path.join(site.root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: s3Env('history-older'), production: s3Env('history-older-production') } }));
    const production = await openEnvironment(site.root, 'production', { credentials: S3RVER_CREDENTIALS });
    const promoted = await promote(await site.open(), production);
    expect(promoted.release.manifest).toBe(first);
    expect(await liveManifest('history-older-production')).toBe(first);

    await reader().send(new DeleteObjectCommand({ Bucket: 'history-older', Key: 'static/porter/releases.json' }));
    rmSync(site.out, { recursive: true });
    await site.collect('gold');
    const pruning = await site.open();
    const pruned = await runPush(pruning, await planPush(pruning, site.out), { prune: true, keep: 1 });
    expect(pruned.notes).toEqual([]);
    // Only the stylesheets of the releases before are gone: the one live and what the kept release names stay.
    expect(pruned.pruned.length).toBeGreaterThan(0);
    expect(pruned.pruned.every((key) => key.startsWith('css/site.'))).toBe(true);
    expect(manifests(await listReleases(await site.open()))).toEqual([hashOf(site.manifest()), hashOf(first), hashOf(second), hashOf(first)]);
  });
});
