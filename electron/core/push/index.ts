// Push, releases, rollback and promote for one environment of porter.json.
//   openEnvironment(root, name)   → a context: the environment, its Remote (S3 or folder), a request counter
//   planPush(context, outDir)     → new / changed / unchanged / remote-only, bytes to send, a time estimate
//   runPush(context, plan, …)     → uploads new and changed files in safe order, records a release, notifies the CDN
//   listReleases, rollback, promote
// Results are plain data, so the CLI prints them and the host sends them to the UI unchanged.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { notifyCdn, publicUrlOf, type CdnReport } from './cdn';
import { loadEnvironment, type Environment } from './environments';
import { MANIFEST, readCollectedOutput } from './local-files';
import { compressedSiblingKeys, objectHeaders, siblingEncoding } from './object-headers';
import { encodeForUpload, uploadEncodingFor } from './content-encoding';
import { planPush as planAgainst, type PushPlan } from './plan';
import { readBytes } from './read-bytes';
import { listReleases as releasesOf, newReleaseId, objectIndex, readIndex, writeIndex, writeRelease, type Release, type ReleaseFile } from './records';
import { FolderRemote, MULTIPART_THRESHOLD, S3Remote, type Remote } from './remote';
import { describeRemoteError, PushError } from './remote-errors';
import { createRequestCounter, createS3Client, type Credentials, type RequestCounter } from './s3-client';
import { transfer, type TransferItem, type TransferProgress } from './transfer';

export { collectForPush } from './collect-first';
export { EnvironmentError, loadEnvironments, parseEnvironments, type Environment } from './environments';
export { PushError } from './remote-errors';
export { planFingerprint, type PushPlan } from './plan';
export type { Release } from './records';
export type { TransferProgress } from './transfer';
export type { CdnReport } from './cdn';

/** Many small files: enough requests in flight to hide latency, few enough not to trip SlowDown. */
export const DEFAULT_CONCURRENCY = 16;
export const DEFAULT_KEEP_RELEASES = 3;

export interface PushContext {
  environment: Environment;
  remote: Remote;
  counter: RequestCounter;
}

export async function openEnvironment(projectRoot: string, name: string, options: { credentials?: Credentials } = {}): Promise<PushContext> {
  const environment = await loadEnvironment(projectRoot, name);
  const counter = createRequestCounter();
  if (environment.type === 'folder') return { environment, remote: new FolderRemote(environment.root), counter };
  const client = createS3Client(environment, { credentials: options.credentials, counter });
  const storeKey = `${environment.endpoint ?? 'aws'}|${environment.region}|${environment.profile ?? ''}|${options.credentials?.accessKeyId ?? ''}`;
  return { environment, remote: new S3Remote(client, environment.bucket, environment.prefix, storeKey), counter };
}

async function guarded<T>(context: PushContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw describeRemoteError(error, context.environment);
  }
}

export async function planPush(context: PushContext, outDir: string, concurrency = DEFAULT_CONCURRENCY): Promise<PushPlan> {
  const local = await readCollectedOutput(outDir);
  if (local.length === 0) throw new PushError(`${outDir} is empty. Collect into it first, then push.`);
  const setting = context.environment.type === 's3' ? context.environment.contentEncoding : undefined;
  // WhiteNoise's siblings are compressed already: stored as they are, described by their suffix.
  const siblings = compressedSiblingKeys(local.map((file) => file.key));
  const encodingOf = (file: { key: string; size: number }) => (siblings.has(file.key) ? null : uploadEncodingFor(file.key, file.size, setting));
  const declaredEncodingOf = (file: { key: string; size: number }) => (siblings.has(file.key) ? siblingEncoding(file.key) : encodingOf(file));
  const plan = await guarded(context, () => planAgainst(context.remote, local, concurrency, { encodingOf, declaredEncodingOf }));
  refuseWritesOutside(context.remote, plan);
  return plan;
}

/** Before anything is sent: a file that would land through a link out of a folder environment stops the push. */
function refuseWritesOutside(remote: Remote, plan: PushPlan): void {
  if (!(remote instanceof FolderRemote)) return;
  const escapes = plan.files.flatMap((file) => {
    const escape = file.status === 'unchanged' ? undefined : remote.escape(file.key);
    return escape ? [`${file.key}: ${escape}`] : [];
  });
  if (escapes.length === 0) return;
  const more = escapes.length > 1 ? ` ${escapes.length - 1} more file${escapes.length > 2 ? 's' : ''} would land the same way.` : '';
  throw new PushError(`Cannot publish ${escapes[0]}${more}`);
}

export interface PushOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  concurrency?: number;
  /** Delete remote objects no release among the last `keep` (and this one) names. */
  prune?: boolean;
  keep?: number;
}

export interface PushResult {
  release: Release;
  sent: string[];
  bytesSent: number;
  durationMs: number;
  pruned: string[];
  cdn: CdnReport;
  requests: number;
  /** Public URLs of what was sent, where the environment (a bucket or a folder) has a publicUrl. */
  urls: Record<string, string>;
}

export async function runPush(context: PushContext, plan: PushPlan, options: PushOptions = {}): Promise<PushResult> {
  const { remote, environment } = context;
  const byKey = new Map(plan.files.map((file) => [file.key, file]));
  const items = plan.files.filter((file) => file.status !== 'unchanged');
  const rules = { unhashed: environment.cacheControl?.unhashed, rules: environment.cacheControl?.rules };
  const siblings = compressedSiblingKeys(plan.files.map((file) => file.key));
  return guarded(context, async () => {
    const index = objectIndex(plan.index);
    const outcome = await transfer(items, remote, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      index,
      signal: options.signal,
      onProgress: options.onProgress,
      headers: (item) => objectHeaders(item.key, item.hashed, rules, { encoding: item.encoding, sibling: siblings.has(item.key) }),
      send: async (item, headers, onBytes) => {
        if (!item.encoding && item.size > MULTIPART_THRESHOLD) return remote.putFile(item.key, byKey.get(item.key)!.absolute, { ...headers, sha256: item.sha256 }, { signal: options.signal, onBytes });
        const body = await readBytes(byKey.get(item.key)!.absolute, item.size);
        if (sha256(body) !== item.sha256) throw new PushError(`${item.key} changed while Porter was pushing it. Collect again, then push.`);
        return remote.put(item.key, encodeForUpload(body, item.encoding), { ...headers, sha256: item.sha256 });
      },
    });
    if (outcome.sent.length === 0 && !options.prune) {
      // Nothing changed: no release to record, and not a single write.
      const latest = (await releasesOf(remote))[0];
      if (latest) return { release: latest, sent: [], bytesSent: 0, durationMs: outcome.durationMs, pruned: [], cdn: { kind: 'none', paths: [], invalidations: [], message: 'Nothing changed.' }, requests: context.counter.requests, urls: {} };
    }
    const manifest = byKey.get(MANIFEST) ? (await readFile(byKey.get(MANIFEST)!.absolute)).toString('utf8') : null;
    const release: Release = {
      id: newReleaseId(),
      createdAt: new Date().toISOString(),
      kind: 'push',
      manifest,
      files: plan.files.map(({ key, sha256: hash, size, hashed, encoding }) => ({ key, sha256: hash, size, hashed, ...(encoding ? { encoding } : {}) })),
      uploaded: outcome.sent.length,
      bytesSent: outcome.bytesSent,
      durationMs: outcome.durationMs,
    };
    await writeRelease(remote, release);
    const pruned = options.prune ? await prune(context, index, options.keep ?? DEFAULT_KEEP_RELEASES) : [];
    await writeIndex(remote, index);
    // New un-hashed names were never cached by the CDN; only names whose content changed in place need purging.
    const changedUnhashed = outcome.sent.filter((key) => !byKey.get(key)!.hashed && byKey.get(key)!.status === 'changed');
    const cdn = environment.type === 's3' ? await notifyCdn(environment, changedUnhashed) : { kind: 'none' as const, paths: [], invalidations: [], message: '' };
    const urls = environment.publicUrl ? Object.fromEntries(outcome.sent.map((key) => [key, publicUrlOf(environment, key)!])) : {};
    return { release, sent: outcome.sent, bytesSent: outcome.bytesSent, durationMs: outcome.durationMs, pruned, cdn, requests: context.counter.requests, urls };
  });
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/** Deletes only objects Porter's own records (its index or a release) say it wrote, and none the last `keep` releases name. */
async function prune(context: PushContext, index: Record<string, unknown>, keep: number): Promise<string[]> {
  const releases = await releasesOf(context.remote);
  const kept = new Set(releases.slice(0, Math.max(1, keep)).flatMap((release) => release.files.map((file) => file.key)));
  const written = new Set([...Object.keys(index), ...releases.flatMap((release) => release.files.map((file) => file.key))]);
  const listing = await context.remote.list();
  const doomed = [...listing.keys()].filter((key) => !key.startsWith('porter/') && written.has(key) && !kept.has(key));
  if (doomed.length) await context.remote.delete(doomed);
  for (const key of doomed) delete index[key];
  return doomed;
}

export async function listReleases(context: PushContext): Promise<Release[]> {
  return guarded(context, () => releasesOf(context.remote));
}

export interface RollbackResult {
  release: Release;
  restored: Release;
  requests: number;
}

/** Puts an earlier release's manifest back: its hashed files are still there (prune keeps them), so nothing else moves. */
export async function rollback(context: PushContext, toId?: string): Promise<RollbackResult> {
  return guarded(context, async () => {
    const releases = await releasesOf(context.remote);
    if (releases.length === 0) throw new PushError(`${context.environment.name} has no releases yet: push first.`);
    const current = releases[0]!;
    const target = toId ? releases.find((release) => release.id === toId) : releases.find((release) => release.manifest !== current.manifest);
    if (!target) {
      throw new PushError(toId ? `There is no release ${toId} in ${context.environment.name}: choose one from its release list.` : `${context.environment.name} has no earlier release with a different manifest to roll back to.`);
    }
    if (target.manifest === null) throw new PushError(`Release ${target.id} has no staticfiles.json (it was collected without hashing), so there is no manifest to restore.`);
    const listing = await context.remote.list();
    const missing = target.files.filter((file) => file.hashed && !listing.has(file.key)).map((file) => file.key);
    if (missing.length) {
      throw new PushError(`Release ${target.id} cannot be restored: ${missing.length} of its hashed files are gone from the bucket (pruned?), e.g. ${missing.slice(0, 3).join(', ')}. Push that version again instead.`);
    }
    const body = Buffer.from(target.manifest);
    const started = performance.now();
    const headers = objectHeaders(MANIFEST, false, { unhashed: context.environment.cacheControl?.unhashed, rules: context.environment.cacheControl?.rules });
    const arrived = await context.remote.put(MANIFEST, body, { ...headers, sha256: sha256(body) });
    const index = await readIndex(context.remote);
    index[MANIFEST] = { sha256: sha256(body), size: arrived.size, etag: arrived.etag };
    await writeIndex(context.remote, index);
    const release: Release = { ...target, id: newReleaseId(), createdAt: new Date().toISOString(), kind: 'rollback', from: target.id, uploaded: 1, bytesSent: body.length, durationMs: Math.round(performance.now() - started) };
    await writeRelease(context.remote, release);
    if (context.environment.type === 's3') await notifyCdn(context.environment, [MANIFEST]);
    return { release, restored: target, requests: context.counter.requests };
  });
}

export interface PromoteResult {
  release: Release;
  copied: string[];
  requests: number;
}

/** Copies exactly what the source environment's latest release holds, server-side where both share a store, manifest last. */
export async function promote(from: PushContext, to: PushContext, options: PushOptions = {}): Promise<PromoteResult> {
  const source = (await listReleases(from))[0];
  if (!source) throw new PushError(`${from.environment.name} has no releases to promote: push to it first.`);
  return guarded(to, async () => {
    const [listing, index] = await Promise.all([to.remote.list(), readIndex(to.remote)]);
    const needed = source.files.filter((file) => {
      const object = listing.get(file.key);
      const known = index[file.key];
      return !(object && known && known.sha256 === file.sha256 && known.etag === object.etag && (known.encoding ?? null) === (file.encoding ?? null));
    });
    const rules = { unhashed: to.environment.cacheControl?.unhashed, rules: to.environment.cacheControl?.rules };
    const manifest = source.manifest === null ? null : Buffer.from(source.manifest);
    // Objects are copied as stored, so each keeps the encoding its release recorded, whatever the target's setting.
    const siblings = compressedSiblingKeys(source.files.map((file) => file.key));
    const outcome = await transfer(needed, to.remote, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      index,
      signal: options.signal,
      onProgress: options.onProgress,
      headers: (item) => objectHeaders(item.key, item.hashed, rules, { encoding: item.encoding, sibling: siblings.has(item.key) }),
      send: (item: TransferItem, headers) =>
        item.key === MANIFEST && manifest ? to.remote.put(item.key, manifest, { ...headers, sha256: item.sha256 }) : to.remote.copyFrom(from.remote, item.key, { ...headers, sha256: item.sha256 }),
    });
    const release: Release = { ...source, id: newReleaseId(), createdAt: new Date().toISOString(), kind: 'promote', from: from.environment.name, uploaded: outcome.sent.length, bytesSent: outcome.bytesSent, durationMs: outcome.durationMs };
    await writeRelease(to.remote, release);
    await writeIndex(to.remote, index);
    if (to.environment.type === 's3') await notifyCdn(to.environment, outcome.sent.filter((key) => !source.files.find((file: ReleaseFile) => file.key === key)?.hashed));
    return { release, copied: outcome.sent, requests: from.counter.requests + to.counter.requests };
  });
}

