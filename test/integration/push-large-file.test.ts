// A large single file (a video) through a real push: in parts with byte progress, resumed after a kill from the
// parts that arrived, verified by its SHA-256, in bounded memory; and to a folder environment, streamed.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEnvironment, planPush, runPush, type TransferProgress } from '../../electron/core/push';
import { createS3Client } from '../../electron/core/push/s3-client';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { ensurePorterBuilt, repoRoot } from '../support/run-porter';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir } from '../support/temp-project';

const MIB = 1024 * 1024;
const VIDEO_BYTES = 256 * MIB;
/** 8 MiB parts (multipart-upload.ts): 32 of them. */
const PARTS = 32;
const VIDEO_KEY = 'media/clip.mp4';

let s3: S3Server;
let proxy: FaultProxy;
/** Set by the kill test: the CLI child to kill once enough parts were asked for. */
const killer: { afterParts: number; kill?: () => void } = { afterParts: 0 };
beforeAll(async () => {
  ensurePorterBuilt();
  s3 = await startS3Server(['big-progress', 'big-resume']);
  proxy = await startFaultProxy(s3.endpoint, (request) => {
    if (isUploadPart(request) && killer.kill && uploadParts(proxy.log).length + 1 >= killer.afterParts) {
      killer.kill();
      killer.kill = undefined;
      return { kind: 'drop' };
    }
    return { kind: 'pass' };
  });
}, 60_000);
afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});

const isUploadPart = (request: { method: string; url: string }) => request.method === 'PUT' && /[?&]partNumber=/.test(request.url);
const uploadParts = (log: FaultProxy['log']) => log.filter((entry) => isUploadPart(entry.request));
const creates = (log: FaultProxy['log']) => log.filter((entry) => entry.request.method === 'POST' && /[?&]uploads(=|&|$)/.test(entry.request.url));

/** A project whose collected output holds one large video and a stylesheet, pushed with --no-collect. */
function largeFileProject(prefix: string, environments: Record<string, unknown>): { root: string; sha256: string } {
  const root = makeTempDir(prefix);
  const out = path.join(root, 'staticfiles');
  mkdirSync(path.join(out, 'media'), { recursive: true });
  writeFileSync(path.join(out, 'site.css'), 'body { margin: 0; }\n');
  const hash = createHash('sha256');
  const handle = openSync(path.join(out, VIDEO_KEY), 'w');
  for (let written = 0; written < VIDEO_BYTES; written += 8 * MIB) {
    const chunk = randomBytes(8 * MIB);
    hash.update(chunk);
    writeSync(handle, chunk);
  }
  closeSync(handle);
  writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments }));
  return { root, sha256: hash.digest('hex') };
}

const s3Environment = (bucket: string) => ({ type: 's3', bucket, region: 'us-east-1', endpoint: proxy.endpoint, forcePathStyle: true });

/** The object's bytes as the store serves them, hashed as they stream (straight from s3rver, not through the proxy). */
async function storedSha256(bucket: string, key: string): Promise<string> {
  const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true }, { credentials: S3RVER_CREDENTIALS });
  const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  await pipeline(object.Body as NodeJS.ReadableStream, hash);
  return hash.digest('hex');
}

async function objectExists(bucket: string, key: string): Promise<boolean> {
  const client = createS3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true }, { credentials: S3RVER_CREDENTIALS });
  return client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    () => false,
  );
}

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The most resident memory the process had (VmHWM), read from /proc while it ran. */
  peakRssBytes: number;
}

function porterPush(root: string, onStart?: (kill: () => void) => void): Promise<CliRun> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/porter.js'), 'push', '--env', 'big', '--out', 'staticfiles', '--no-collect', '--json'], {
    cwd: root,
    env: { ...process.env, AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey, PORTER_CACHE_DIR: path.join(root, '.cache'), PORTER_CONFIG_DIR: path.join(root, '.config') },
  });
  onStart?.(() => child.kill('SIGKILL'));
  let peakRssBytes = 0;
  const sample = setInterval(() => {
    try {
      const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kilobytes) peakRssBytes = Math.max(peakRssBytes, Number(kilobytes) * 1024);
    } catch {
      // Gone between two samples.
    }
  }, 25);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(sample);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), peakRssBytes });
    });
  });
}

describe('pushing a large single file', () => {
  it('sends it in parts, reporting bytes as each part arrives, and the object holds its exact bytes', async () => {
    const { root, sha256 } = largeFileProject('porter-large-progress-', { big: s3Environment('big-progress') });
    const cacheBefore = process.env.PORTER_CACHE_DIR;
    process.env.PORTER_CACHE_DIR = path.join(root, '.cache');
    try {
      const context = await openEnvironment(root, 'big', { credentials: S3RVER_CREDENTIALS });
      const plan = await planPush(context, path.join(root, 'staticfiles'));
      const before = uploadParts(proxy.log).length;
      const progress: TransferProgress[] = [];
      const result = await runPush(context, plan, { onProgress: (event) => progress.push(event) });
      expect(result.sent.sort()).toEqual([VIDEO_KEY, 'site.css']);
      expect(uploadParts(proxy.log).length - before).toBe(PARTS);
      // Progress within the file, before it is done: one event a part, bytes growing to the whole.
      const withinVideo = progress.filter((event) => event.done < 2 && !event.lastKey);
      expect(withinVideo.length).toBeGreaterThanOrEqual(PARTS);
      const bytes = withinVideo.map((event) => event.bytes);
      expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
      expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, totalBytes: VIDEO_BYTES + 20, bytes: VIDEO_BYTES + 20 });
      expect(await storedSha256('big-progress', VIDEO_KEY)).toBe(sha256);
      // Nothing left to resume once the upload completed.
      expect(readdirSync(path.join(root, '.cache/push-uploads'))).toEqual([]);
    } finally {
      if (cacheBefore === undefined) delete process.env.PORTER_CACHE_DIR;
      else process.env.PORTER_CACHE_DIR = cacheBefore;
    }
  }, 120_000);

  it('resumes after the CLI is killed mid-upload, sending only the parts that had not arrived, in bounded memory', async () => {
    const { root, sha256 } = largeFileProject('porter-large-resume-', { big: s3Environment('big-resume') });
    const partsBefore = uploadParts(proxy.log).length;
    killer.afterParts = partsBefore + 12;
    const killed = await porterPush(root, (kill) => {
      killer.kill = kill;
    });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(await objectExists('big-resume', VIDEO_KEY)).toBe(false);
    const [stateName] = readdirSync(path.join(root, '.cache/push-uploads')).filter((name) => name.endsWith('.json'));
    const saved = JSON.parse(readFileSync(path.join(root, '.cache/push-uploads', stateName!), 'utf8')) as { uploadId: string; parts: { number: number }[] };
    expect(saved.parts.length).toBeGreaterThan(0);
    expect(saved.parts.length).toBeLessThan(PARTS);

    const logBefore = proxy.log.length;
    const resumed = await porterPush(root);
    expect(resumed.code, resumed.stderr).toBe(0);
    const resumedLog = proxy.log.slice(logBefore);
    // The same upload, continued: no new one, and exactly the parts the saved state did not list.
    expect(creates(resumedLog)).toEqual([]);
    expect(uploadParts(resumedLog).length).toBe(PARTS - saved.parts.length);
    expect(resumedLog.every((entry) => !isUploadPart(entry.request) || entry.request.url.includes(`uploadId=${saved.uploadId}`))).toBe(true);
    const sentNumbers = uploadParts(resumedLog).map((entry) => Number(/partNumber=(\d+)/.exec(entry.request.url)![1]));
    expect(sentNumbers.filter((number) => saved.parts.some((part) => part.number === number))).toEqual([]);
    expect(await storedSha256('big-resume', VIDEO_KEY)).toBe(sha256);
    expect(readdirSync(path.join(root, '.cache/push-uploads')).filter((name) => name.endsWith('.json'))).toEqual([]);
    // A few 8 MiB parts in flight and the SDK, never the 256 MiB file.
    expect(resumed.peakRssBytes).toBeGreaterThan(0);
    expect(resumed.peakRssBytes).toBeLessThan(VIDEO_BYTES * 0.6);
  }, 180_000);

  it('streams it to a folder environment through a temporary name', async () => {
    const { root, sha256 } = largeFileProject('porter-large-folder-', { big: { type: 'folder', path: 'public' } });
    const pushed = await porterPush(root);
    expect(pushed.code, pushed.stderr).toBe(0);
    const hash = createHash('sha256');
    await pipeline(createReadStream(path.join(root, 'public', VIDEO_KEY)), hash);
    expect(hash.digest('hex')).toBe(sha256);
    expect(readdirSync(path.join(root, 'public/media'))).toEqual(['clip.mp4']);
    expect(existsSync(path.join(root, 'public/site.css'))).toBe(true);
    expect(pushed.peakRssBytes).toBeLessThan(VIDEO_BYTES * 0.6);
  }, 120_000);
});
