// Issue 17.15: what a push says when the store keeps failing, and a damaged body refused by the store (BadDigest)
// is sent again rather than ending the push.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEnvironment, planPush, runPush } from '../../electron/core/push/index';
import { startFaultProxy, type Fault } from '../support/fault-proxy';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { runCollect } from '../../electron/core/collect/index';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['messages-slow', 'messages-cut', 'messages-digest', 'messages-empty']);
});
afterAll(() => s3.stop());

async function pushThrough(bucket: string, decide: (request: { method: string; url: string }) => Fault) {
  const proxy = await startFaultProxy(s3.endpoint, decide);
  const root = writeTree(makeTempDir('porter-messages-'), { 'assets/css/site.css': 'body { color: red; }\n', 'assets/js/app.js': 'console.log(1);\n' });
  writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: { type: 's3', bucket, region: 'us-east-1', endpoint: proxy.endpoint, forcePathStyle: true } } }));
  const out = path.join(root, 'staticfiles');
  process.env.PORTER_CACHE_DIR ??= path.join(root, '.cache');
  await runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false });
  const context = await openEnvironment(root, 'staging', { credentials: S3RVER_CREDENTIALS });
  try {
    return { result: await runPush(context, await planPush(context, out)), error: null, proxy };
  } catch (error) {
    return { result: null, error: error as Error, proxy };
  } finally {
    await proxy.stop();
  }
}

describe('push messages when the store keeps failing', () => {
  it('503 SlowDown on every upload: says the store is overloaded and what to do, not "UnknownError"', async () => {
    const { error } = await pushThrough('messages-slow', ({ method }) => (method === 'PUT' ? { kind: 'status', status: 503, code: 'SlowDown' } : { kind: 'pass' }));
    expect(error?.message).toMatch(/^http:\/\/127\.0\.0\.1:\d+ is overloaded and kept asking to slow down \(HTTP 503 SlowDown\), even after several retries\. Nothing was lost/);
    expect(error?.message).toMatch(/publish again in a few minutes/);
  }, 180_000); // the SDK backs off before each of its retries: 35–50 s on an idle machine

  it('503 with no body at all (a load balancer): the same plain words, not "UnknownError"', async () => {
    const { error } = await pushThrough('messages-empty', ({ method }) => (method === 'PUT' ? { kind: 'status', status: 503, code: '' } : { kind: 'pass' }));
    expect(error?.message).not.toMatch(/UnknownError/);
    expect(error?.message).toMatch(/is unavailable or overloaded \(HTTP 503\), even after several retries\. Nothing was lost/);
  }, 60_000);

  it('answers cut off halfway on every listing: says the connection broke, not "aborted"', async () => {
    const { error } = await pushThrough('messages-cut', ({ method }) => (method === 'GET' ? { kind: 'truncate' } : { kind: 'pass' }));
    expect(error?.message).not.toMatch(/^.*answered: aborted/);
    expect(error?.message).toMatch(/The connection to http:\/\/127\.0\.0\.1:\d+ broke off in the middle of an answer, even after several retries\. Nothing was lost/);
  }, 60_000);

  it('a body the store refuses as damaged (400 BadDigest) is sent again, and the push completes', async () => {
    const refused = new Set<string>();
    const { result, error } = await pushThrough('messages-digest', ({ method, url }) => {
      if (method !== 'PUT' || refused.has(url)) return { kind: 'pass' };
      refused.add(url);
      return { kind: 'status', status: 400, code: 'BadDigest' };
    });
    expect(error).toBeNull();
    expect(result!.sent.length).toBeGreaterThan(0);
  }, 60_000);
});
