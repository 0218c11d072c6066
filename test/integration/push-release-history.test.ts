// Issue 17, points 5 to 8: the release history says what is live, in the bucket's own order, shows a record it
// cannot read, and what planning verified is kept. Each test replays the attack that broke it.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCollect } from '../../electron/core/collect/index';
import { listReleases, openEnvironment, planPush, rollback, runPush, type ReleaseEntry } from '../../electron/core/push/index';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { forgetIndex, S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
const buckets = ['history-prune', 'history-kill', 'history-legacy', 'history-clock', 'history-damaged', 'history-verified', 'history-plan-killed'];
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

/** Each entry's manifest, or 'damaged'. */
const manifests = (releases: ReleaseEntry[]) => releases.map((release) => (release.damaged === null ? release.manifest : 'damaged'));

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
    expect(manifests(releases.filter((release) => release.current))).toEqual([third]);
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
    expect(manifests(releases.filter((release) => release.current))).toEqual([site.manifest()]);
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
    expect(manifests(releases)).toEqual([live, fastManifest, first]);
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
