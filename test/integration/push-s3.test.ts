import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCollect } from '../../electron/core/collect/index';
import { listReleases, openEnvironment, planPush, promote, rollback, runPush, type PushContext } from '../../electron/core/push/index';
import { IMMUTABLE, DEFAULT_UNHASHED } from '../../electron/core/push/object-headers';
import { MULTIPART_THRESHOLD } from '../../electron/core/push/remote';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { forgetIndex, S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['porter-staging', 'porter-production', 'porter-faults', 'porter-kill', 'porter-cdn', 'porter-prune', 'porter-large', 'porter-hook']);
});
afterAll(() => s3.stop());

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

function s3Env(bucket: string, extra: Record<string, unknown> = {}) {
  return { type: 's3', bucket, region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/', publicUrl: 'https://cdn.example.com/static/', ...extra };
}

/** A project with a collected output: hashed names, rewritten CSS and a staticfiles.json, like a real collect. */
async function project(environments: Record<string, unknown>, files = 12) {
  const root = makeTempDir('porter-push-');
  vi.stubEnv('PORTER_CACHE_DIR', path.join(root, '.cache'));
  const tree: Record<string, string> = { 'css/site.css': 'body { background: url("../img/bg.png"); }\n', 'img/bg.png': 'png-bytes' };
  for (let index = 0; index < files; index += 1) tree[`js/module-${index}.js`] = `export const value${index} = ${index};\n`.repeat(index + 1);
  writeTree(path.join(root, 'assets'), tree);
  writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments }, null, 2));
  const collect = () =>
    runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: path.join(root, 'out'), djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
  await collect();
  return { root, out: path.join(root, 'out'), collect };
}

function client(endpoint = s3.endpoint) {
  return new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}

async function expectBucketHolds(bucket: string, out: string, prefix = 'static/') {
  const reader = client();
  const manifest = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashed = new Set(Object.values(manifest.paths));
  for (const key of listFiles(out)) {
    const local = readFileSync(path.join(out, key));
    const object = await reader.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + key }));
    expect(Buffer.from(await object.Body!.transformToByteArray()), key).toEqual(local);
    const head = await reader.send(new HeadObjectCommand({ Bucket: bucket, Key: prefix + key }));
    expect(head.CacheControl, key).toBe(hashed.has(key) ? IMMUTABLE : DEFAULT_UNHASHED);
    expect(head.ContentType, key).toBe(key.endsWith('.css') ? 'text/css; charset=utf-8' : key.endsWith('.js') ? 'text/javascript; charset=utf-8' : key.endsWith('.json') ? 'application/json; charset=utf-8' : 'image/png');
    expect(head.Metadata?.sha256, key).toBe(sha256(local));
  }
}

describe('push to an S3-compatible server', () => {
  it('sends every file with its headers, manifest last, then nothing the second time', async () => {
    const { root, out } = await project({ staging: s3Env('porter-staging') });
    const proxy = await startFaultProxy(s3.endpoint, () => ({ kind: 'pass' }));
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: s3Env('porter-staging', { endpoint: proxy.endpoint }) } }));
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const plan = await planPush(context, out);
    expect(plan.counts).toEqual({ new: listFiles(out).length, changed: 0, unchanged: 0, remoteOnly: 0 });
    expect(plan.estimateBasis).toMatch(/assumed/);
    const progress: number[] = [];
    const result = await runPush(context, plan, { onProgress: ({ done }) => progress.push(done) });
    expect(result.sent).toHaveLength(listFiles(out).length);
    expect(progress.at(-1)).toBe(listFiles(out).length);
    expect(result.urls['staticfiles.json']).toBe('https://cdn.example.com/static/staticfiles.json');
    await expectBucketHolds('porter-staging', out);

    const puts = proxy.log.filter((entry) => entry.request.method === 'PUT').map((entry) => decodeURIComponent(entry.request.url.split('?')[0]!.replace('/porter-staging/static/', '')));
    const manifestAt = puts.indexOf('staticfiles.json');
    const hashedAt = puts.map((key, index) => (/\.[0-9a-f]{12}\./.test(key) ? index : -1)).filter((index) => index >= 0);
    expect(Math.max(...hashedAt)).toBeLessThan(manifestAt);
    expect(puts.slice(manifestAt + 1).every((key) => key.startsWith('/porter-staging/porter/') || key.startsWith('porter/') || key.includes('porter/'))).toBe(true);

    const again = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const second = await planPush(again, out);
    expect(second.counts).toMatchObject({ new: 0, changed: 0, unchanged: listFiles(out).length });
    expect(again.counter.byOperation.HeadObject ?? 0).toBe(0);
    const repeat = await runPush(again, second);
    expect(repeat.sent).toEqual([]);
    expect(again.counter.byOperation.PutObject ?? 0).toBe(0);
    await proxy.stop();
  });

  it('survives dropped connections, 500s, 503 SlowDown and slow answers with every byte right', async () => {
    let puts = 0;
    const proxy = await startFaultProxy(s3.endpoint, ({ method }): Fault => {
      if (method !== 'PUT') return { kind: 'pass' };
      puts += 1;
      if (puts % 7 === 1) return { kind: 'drop' };
      if (puts % 7 === 3) return { kind: 'status', status: 500, code: 'InternalError' };
      if (puts % 7 === 5) return { kind: 'status', status: 503, code: 'SlowDown' };
      if (puts % 7 === 6) return { kind: 'slow', delayMs: 300 };
      return { kind: 'pass' };
    });
    const { root, out } = await project({ staging: { type: 's3', bucket: 'porter-faults', region: 'us-east-1', endpoint: proxy.endpoint, forcePathStyle: true, prefix: 'static/' } });
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const result = await runPush(context, await planPush(context, out));
    expect(result.sent).toHaveLength(listFiles(out).length);
    expect(proxy.log.filter((entry) => entry.fault !== 'pass').length).toBeGreaterThan(5);
    await expectBucketHolds('porter-faults', out);
    await proxy.stop();
  });

  it('resumes a killed push without re-sending what arrived, and never names a missing object meanwhile', async () => {
    const { root, out } = await project({ staging: s3Env('porter-kill') }, 40);
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const controller = new AbortController();
    const first = runPush(context, await planPush(context, out), { concurrency: 2, signal: controller.signal, onProgress: ({ done }) => done >= 10 && controller.abort() });
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    // The manifest goes last, so it is not there yet: no reader sees a manifest naming a missing file.
    await expect(client().send(new HeadObjectCommand({ Bucket: 'porter-kill', Key: 'static/staticfiles.json' }))).rejects.toMatchObject({ name: 'NotFound' });
    // Killed before even the index checkpoint: the objects' own SHA-256 metadata vouches for them.
    await forgetIndex(client(), 'porter-kill', 'static/');

    const resumed = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const plan = await planPush(resumed, out);
    expect(plan.counts.unchanged).toBeGreaterThanOrEqual(10);
    const result = await runPush(resumed, plan);
    expect(result.sent.length).toBe(listFiles(out).length - plan.counts.unchanged);
    await expectBucketHolds('porter-kill', out);
  });

  it('rolls back to the previous manifest and promotes staging to production server-side', async () => {
    const { root, out, collect } = await project({ staging: s3Env('porter-staging'), production: s3Env('porter-production') });
    const staging = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    await runPush(staging, await planPush(staging, out));
    const firstManifest = readFileSync(path.join(out, 'staticfiles.json'), 'utf8');
    writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: red; background: url("../img/bg.png"); }\n');
    await collect();
    const second = await runPush(staging, await planPush(staging, out));
    expect(second.sent.some((key) => key.startsWith('css/site.'))).toBe(true);

    const releases = await listReleases(staging);
    expect(releases.map((release) => release.damaged === null && release.kind).slice(0, 2)).toEqual(['push', 'push']);
    const rolled = await rollback(staging);
    expect(rolled.restored.manifest).toBe(firstManifest);
    const reader = client();
    const live = await reader.send(new GetObjectCommand({ Bucket: 'porter-staging', Key: 'static/staticfiles.json' }));
    expect(await live.Body!.transformToString()).toBe(firstManifest);
    expect((await listReleases(staging))[0]).toMatchObject({ kind: 'rollback', from: rolled.restored.id });
    await expect(rollback(staging, { to: 'no-such-release' })).rejects.toThrow(/no release no-such-release/);

    const production = await openEnvironment(root, 'production', { credentials: S3RVER_CREDENTIALS });
    const promoted = await promote(staging, production);
    expect(promoted.copied.at(-1)).toBe('staticfiles.json');
    expect(production.counter.byOperation.CopyObject).toBeGreaterThan(0);
    const prodManifest = await reader.send(new GetObjectCommand({ Bucket: 'porter-production', Key: 'static/staticfiles.json' }));
    expect(await prodManifest.Body!.transformToString()).toBe(firstManifest);
    const paths = Object.values((JSON.parse(firstManifest) as { paths: Record<string, string> }).paths);
    for (const key of paths) await reader.send(new HeadObjectCommand({ Bucket: 'porter-production', Key: `static/${key}` }));
  });

  it('sends a large file in parts and checks what arrived', async () => {
    const { root, out } = await project({ staging: s3Env('porter-large') }, 1);
    const large = randomBytes(MULTIPART_THRESHOLD + 3 * 1024 * 1024);
    mkdirSync(path.join(out, 'video'));
    writeFileSync(path.join(out, 'video/intro.mp4'), large);
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const result = await runPush(context, await planPush(context, out));
    expect(result.sent).toContain('video/intro.mp4');
    expect(context.counter.byOperation.UploadPart).toBeGreaterThanOrEqual(2);
    const arrived = await client().send(new GetObjectCommand({ Bucket: 'porter-large', Key: 'static/video/intro.mp4' }));
    expect(Buffer.from(await arrived.Body!.transformToByteArray()).equals(large)).toBe(true);
  });

  it('prunes only what the last releases no longer name', async () => {
    const { root, out, collect } = await project({ staging: s3Env('porter-prune') });
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    await runPush(context, await planPush(context, out));
    const before = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: blue; background: url("../img/bg.png"); }\n');
    // Like collectstatic --clear: collect never deletes, so a stale hashed file would stay in the output otherwise.
    rmSync(out, { recursive: true });
    await collect();
    const kept = await runPush(context, await planPush(context, out), { prune: true, keep: 2 });
    expect(kept.pruned).toEqual([]);
    const pruned = await runPush(context, await planPush(context, out), { prune: true, keep: 1 });
    expect(pruned.pruned).toEqual([before.paths['css/site.css']]);
  });

  it('invalidates exactly the changed un-hashed paths on CloudFront', async () => {
    const requests: { method: string; url: string; body: string }[] = [];
    const cloudfront = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ method: request.method!, url: request.url!, body });
        const invalidation = '<Invalidation><Id>I1</Id><Status>Completed</Status><CreateTime>2026-01-01T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>0</Quantity></Paths><CallerReference>x</CallerReference></InvalidationBatch></Invalidation>';
        response.writeHead(request.method === 'POST' ? 201 : 200, { 'Content-Type': 'text/xml', Location: 'https://cloudfront/I1' });
        response.end(`<?xml version="1.0"?>${invalidation}`);
      });
    });
    await new Promise<void>((resolve) => cloudfront.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(cloudfront.address() as AddressInfo).port}`;
    const { root, out, collect } = await project({ staging: s3Env('porter-cdn', { cloudfront: { distributionId: 'E123', endpoint } }) });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'S3RVER');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'S3RVER');
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    const first = await runPush(context, await planPush(context, out));
    expect(first.cdn.kind).toBe('none');
    writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: green; background: url("../img/bg.png"); }\n');
    await collect();
    const second = await runPush(context, await planPush(context, out));
    expect(second.cdn.paths.sort()).toEqual(['/static/css/site.css', '/static/staticfiles.json']);
    const created = requests.find((request) => request.method === 'POST')!;
    expect(created.url).toBe('/2020-05-31/distribution/E123/invalidation');
    expect(created.body).toContain('<Path>/static/staticfiles.json</Path>');
    cloudfront.close();
  });
});

describe('purge webhook', () => {
  it('posts the public URLs of changed un-hashed files', async () => {
    const posted: unknown[] = [];
    const hook = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        posted.push(JSON.parse(body));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const purgeWebhook = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/purge`;
    const { root, out, collect } = await project({ staging: s3Env('porter-hook', { purgeWebhook }) });
    const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
    await runPush(context, await planPush(context, out));
    writeFileSync(path.join(root, 'assets/css/site.css'), 'body { color: teal; background: url("../img/bg.png"); }\n');
    await collect();
    const second = await runPush(context, await planPush(context, out));
    expect(second.cdn.kind).toBe('webhook');
    expect(posted).toEqual([{ urls: expect.arrayContaining(['https://cdn.example.com/static/css/site.css', 'https://cdn.example.com/static/staticfiles.json']) }]);
    hook.close();
  });
});

describe('push errors say what to do', () => {
  const open = async (environments: Record<string, unknown>, name = 'staging', credentials: typeof S3RVER_CREDENTIALS | undefined = S3RVER_CREDENTIALS) => {
    const { root, out } = await project(environments, 1);
    const context: PushContext = await openEnvironment(root, name, { credentials });
    return planPush(context, out);
  };

  it('names a missing bucket, refused keys and an unreachable endpoint', async () => {
    await expect(open({ staging: s3Env('no-such-bucket') })).rejects.toThrow(/Bucket "no-such-bucket" does not exist .*environments\.staging\.bucket/);
    await expect(open({ staging: s3Env('porter-staging') }, 'staging', { accessKeyId: 'WRONG', secretAccessKey: 'nope' })).rejects.toThrow(/refused the access key.*Edit staging.*in Porter.*AWS_ACCESS_KEY_ID/);
    await expect(open({ staging: s3Env('porter-staging', { endpoint: 'http://127.0.0.1:9' }) })).rejects.toThrow(/Cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it('explains a bad porter.json and refuses keys in it', async () => {
    await expect(open({ staging: { type: 's3' } })).rejects.toThrow(/environments\.staging\.bucket is required/);
    await expect(open({ staging: { type: 'ftp' } })).rejects.toThrow(/environments\.staging.*"folder".*"s3"/);
    await expect(open({ staging: { ...s3Env('b'), secretAccessKey: 'x' } })).rejects.toThrow(/Keys never go in porter\.json/);
    await expect(open({ staging: s3Env('porter-staging') }, 'prod')).rejects.toThrow(/no environment "prod".*Known: staging/);
  });
});

describe('push to a folder', () => {
  it('publishes into a local folder with no cloud account, and records releases beside it', async () => {
    const { root, out } = await project({ local: { type: 'folder', path: 'public/static' } });
    const context = await openEnvironment(root, 'local');
    const result = await runPush(context, await planPush(context, out));
    expect(result.sent.length).toBe(listFiles(out).length);
    for (const key of listFiles(out)) expect(readFileSync(path.join(root, 'public/static', key))).toEqual(readFileSync(path.join(out, key)));
    expect((await listReleases(context))).toHaveLength(1);
    const again = await planPush(context, out);
    expect(again.counts.unchanged).toBe(listFiles(out).length);
  });
});
