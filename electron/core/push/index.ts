// Push, releases, rollback and promote for one environment of porter.json.
//   openEnvironment(root, name)   → a context: the environment, its Remote (S3 or folder), a request counter
//   planPush(context, outDir)     → new / changed / unchanged / remote-only, bytes to send, a time estimate
//   runPush(context, plan, …)     → uploads new and changed files in safe order, records the release before its
//                                   manifest goes live, notifies the CDN
//   listReleases, rollback, promote: the history in the bucket's own order, "current" being the release whose
//   manifest is the live one (by content), never simply the newest
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
import { IndexLog, objectIndex, readIndex } from './index-log';
import { newReleaseId, nextSequence, readRelease, type KeptReference, type Release, type ReleaseFile } from './records';
import { readReleaseRecords, sha256OfManifest, writeRelease, type ReleaseSummary, type StoredRelease } from './release-list';
import { FolderRemote, MULTIPART_THRESHOLD, S3Remote, type Remote } from './remote';
import { describeRemoteError, PushError } from './remote-errors';
import { createRequestCounter, createS3Client, type Credentials, type RequestCounter } from './s3-client';
import { transfer, type TransferItem, type TransferProgress } from './transfer';

export { collectForPush, keptForRecord } from './collect-first';
export { EnvironmentError, loadEnvironments, parseEnvironments, type Environment } from './environments';
export { PushError } from './remote-errors';
export { planFingerprint, type PushPlan } from './plan';
export type { KeptReference, Release } from './records';
export type { ReleaseSummary } from './release-list';
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

/** `readOnly` for a dry run: the plan writes nothing, not even the index of what it verified. */
export async function planPush(context: PushContext, outDir: string, concurrency = DEFAULT_CONCURRENCY, options: { readOnly?: boolean; checkpointEvery?: number } = {}): Promise<PushPlan> {
  const local = await readCollectedOutput(outDir);
  if (local.length === 0) throw new PushError(`${outDir} is empty. Collect into it first, then push.`);
  const setting = context.environment.type === 's3' ? context.environment.contentEncoding : undefined;
  // WhiteNoise's siblings are compressed already: stored as they are, described by their suffix.
  const siblings = compressedSiblingKeys(local.map((file) => file.key));
  const encodingOf = (file: { key: string; size: number }) => (siblings.has(file.key) ? null : uploadEncodingFor(file.key, file.size, setting));
  const declaredEncodingOf = (file: { key: string; size: number }) => (siblings.has(file.key) ? siblingEncoding(file.key) : encodingOf(file));
  const plan = await guarded(context, () => planAgainst(context.remote, local, concurrency, { encodingOf, declaredEncodingOf }, options));
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
  /** This machine's clock, for the release's createdAt (tests set it wrong on purpose: it must order nothing). */
  clock?: () => Date;
  /** What the collect before this push kept broken, for the release record. */
  keptReferences?: KeptReference[];
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
  /** What the user should know that is not an error (prune holding back because of a damaged record). */
  notes: string[];
}

export async function runPush(context: PushContext, plan: PushPlan, options: PushOptions = {}): Promise<PushResult> {
  const { remote, environment } = context;
  const byKey = new Map(plan.files.map((file) => [file.key, file]));
  const items = plan.files.filter((file) => file.status !== 'unchanged');
  const rules = { unhashed: environment.cacheControl?.unhashed, rules: environment.cacheControl?.rules };
  const siblings = compressedSiblingKeys(plan.files.map((file) => file.key));
  const clock = options.clock ?? (() => new Date());
  return guarded(context, async () => {
    const index = objectIndex(plan.index);
    const manifestFile = byKey.get(MANIFEST);
    const manifest = manifestFile ? (await readFile(manifestFile.absolute)).toString('utf8') : null;
    if (manifestFile && sha256(Buffer.from(manifest!)) !== manifestFile.sha256) throw new PushError(`${MANIFEST} changed while Porter was pushing. Collect again, then push.`);
    const files: ReleaseFile[] = plan.files.map(({ key, sha256: hash, size, hashed, encoding }) => ({ key, sha256: hash, size, hashed, ...(encoding ? { encoding } : {}) }));
    const manifestToSend = items.find((item) => item.key === MANIFEST);
    let recorded: Release | undefined;
    const log = new IndexLog(remote);
    const outcome = await transfer(items, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      index,
      log,
      signal: options.signal,
      onProgress: options.onProgress,
      headers: (item) => objectHeaders(item.key, item.hashed, rules, { encoding: item.encoding, sibling: siblings.has(item.key) }),
      send: async (item, headers, onBytes) => {
        if (!item.encoding && item.size > MULTIPART_THRESHOLD) return remote.putFile(item.key, byKey.get(item.key)!.absolute, { ...headers, sha256: item.sha256 }, { signal: options.signal, onBytes });
        const body = await readBytes(byKey.get(item.key)!.absolute, item.size);
        if (sha256(body) !== item.sha256) throw new PushError(`${item.key} changed while Porter was pushing it. Collect again, then push.`);
        return remote.put(item.key, encodeForUpload(body, item.encoding), { ...headers, sha256: item.sha256 });
      },
      // Recorded before the manifest goes live: a push killed at any moment never leaves a live manifest unrecorded.
      beforeManifest: async (sofar) => {
        if (items.length === 0) return;
        const counts = { uploaded: sofar.sent.length + (manifestToSend ? 1 : 0), bytesSent: sofar.bytes + (manifestToSend?.size ?? 0), durationMs: sofar.durationMs };
        recorded = await recordRelease(remote, plan.releases, { kind: 'push', manifest, files, ...keptField(options.keptReferences), ...counts }, clock);
      },
    });
    // Nothing was sent, so what is live is this output: it has a record, or (left by a push killed between its
    // manifest and its record by an older Porter) gets one now.
    const release = recorded ?? (await liveRelease(remote, plan.releases, manifest)) ?? (await recordRelease(remote, [], { kind: 'push', manifest, files, uploaded: 0, bytesSent: 0, durationMs: outcome.durationMs }, clock));
    const nothing = { kind: 'none' as const, paths: [], invalidations: [], message: '' };
    if (outcome.sent.length === 0 && !options.prune) {
      return { release, sent: [], bytesSent: 0, durationMs: outcome.durationMs, pruned: [], cdn: { ...nothing, message: 'Nothing changed.' }, requests: context.counter.requests, urls: {}, notes: [] };
    }
    const notes: string[] = [];
    const pruned = options.prune ? await prune(context, index, options.keep ?? DEFAULT_KEEP_RELEASES, release, notes) : [];
    log.remove(pruned);
    await log.compact();
    // New un-hashed names were never cached by the CDN; only names whose content changed in place need purging.
    const changedUnhashed = outcome.sent.filter((key) => !byKey.get(key)!.hashed && byKey.get(key)!.status === 'changed');
    const cdn = environment.type === 's3' ? await notifyCdn(environment, changedUnhashed) : nothing;
    const urls = environment.publicUrl ? Object.fromEntries(outcome.sent.map((key) => [key, publicUrlOf(environment, key)!])) : {};
    return { release, sent: outcome.sent, bytesSent: outcome.bytesSent, durationMs: outcome.durationMs, pruned, cdn, requests: context.counter.requests, urls, notes };
  });
}

type ReleaseFields = Omit<Release, 'id' | 'sequence' | 'createdAt'>;

const keptField = (kept: KeptReference[] | undefined): Pick<Release, 'keptReferences'> => (kept?.length ? { keptReferences: kept } : {});

/**
 * Writes a release record under the next sequence, read from the bucket just before. A push that stopped after its
 * record but before its manifest left the newest record with exactly this content: that one is reused.
 */
async function recordRelease(remote: Remote, known: StoredRelease[], fields: ReleaseFields, clock: () => Date): Promise<Release> {
  const newest = known[0]?.summary;
  // Only a record that could be the same is read in full: same kind, manifest and number of files.
  if (newest && fields.kind === 'push' && newest.kind === 'push' && newest.manifestSha256 === sha256OfManifest(fields.manifest) && newest.files === fields.files.length) {
    const read = await readRelease(remote, newest.id);
    if ('release' in read && sameContent(read.release, fields)) return read.release;
  }
  const sequence = await nextSequence(remote);
  const release: Release = { ...fields, id: newReleaseId(sequence), sequence, createdAt: clock().toISOString() };
  await writeRelease(remote, release);
  return release;
}

function sameContent(a: Pick<Release, 'manifest' | 'files'>, b: Pick<Release, 'manifest' | 'files'>): boolean {
  if (a.manifest !== b.manifest || a.files.length !== b.files.length) return false;
  const describe = (file: ReleaseFile) => `${file.key}\0${file.sha256}\0${file.encoding ?? ''}`;
  const theirs = new Set(b.files.map(describe));
  return a.files.every((file) => theirs.has(describe(file)));
}

/** The newest readable release whose manifest is `live` (by content; null: none is live): the current one. */
function liveRecordOf(records: StoredRelease[], live: string | null): ReleaseSummary | undefined {
  const liveHash = sha256OfManifest(live);
  return records.find((record) => record.summary && record.summary.manifestSha256 === liveHash)?.summary ?? undefined;
}

/** The live release's record in full, when it has a readable one. */
async function liveRelease(remote: Remote, records: StoredRelease[], live: string | null): Promise<Release | undefined> {
  const summary = liveRecordOf(records, live);
  const read = summary && (await readRelease(remote, summary.id));
  return read && 'release' in read ? read.release : undefined;
}

/** A release the history lists, read in full to restore or copy it; its record may have changed since it was listed. */
async function readListed(remote: Remote, id: string): Promise<Release> {
  const read = await readRelease(remote, id);
  if ('damage' in read) throw new PushError(`Release ${id} cannot be read: ${read.damage}`);
  return read.release;
}

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');

/**
 * Deletes only objects Porter's index says it wrote, and none that the live release
 * or the last `keep` releases name. A damaged record among those could name anything, so nothing is deleted then.
 */
async function prune(context: PushContext, index: Record<string, unknown>, keep: number, live: Release, notes: string[]): Promise<string[]> {
  const records = await readReleaseRecords(context.remote);
  // Only the releases kept are read in full: what Porter wrote for older ones is in its index, which alone says
  // what may be deleted (a file an index lost is kept, never guessed at).
  const window = await Promise.all(records.slice(0, Math.max(1, keep)).map(async (record) => ({ id: record.id, read: record.summary ? await readRelease(context.remote, record.id) : { damage: record.damage! } })));
  const damaged = window.find((record) => 'damage' in record.read);
  if (damaged) {
    notes.push(`Nothing was pruned: the record of release ${damaged.id} cannot be read, so Porter cannot tell which files it needs.`);
    return [];
  }
  const releases = [live, ...window.flatMap((record) => ('release' in record.read ? [record.read.release] : []))];
  const kept = new Set(releases.flatMap((release) => release.files.map((file) => file.key)));
  const listing = await context.remote.list();
  const doomed = [...listing.keys()].filter((key) => !key.startsWith('porter/') && Object.hasOwn(index, key) && !kept.has(key));
  if (doomed.length) await context.remote.delete(doomed);
  for (const key of doomed) delete index[key];
  return doomed;
}

/** A release as the history lists it (its summary: its files are read only to restore or copy it), in the bucket's order, `current` when its manifest is the live one. */
export interface ListedRelease extends ReleaseSummary {
  sequence: number;
  current: boolean;
  damaged: null;
}

/** A record that cannot be read: it keeps its place in the history, and rollback across it asks first. */
export interface DamagedRelease {
  id: string;
  sequence: number;
  current: false;
  /** Why, in words. */
  damaged: string;
  /** When the store says it was written (ISO), or null. */
  storedAt: string | null;
}

export type ReleaseEntry = ListedRelease | DamagedRelease;

/** Newest first, damaged records included; at most one entry is current: the newest whose manifest is live. */
async function releaseHistory(remote: Remote): Promise<{ entries: ReleaseEntry[]; live: string | null }> {
  const [records, liveBody] = await Promise.all([readReleaseRecords(remote), remote.get(MANIFEST)]);
  const live = liveBody ? liveBody.toString('utf8') : null;
  const current = liveRecordOf(records, live);
  const entries = records.map((record): ReleaseEntry =>
    record.summary
      ? { ...record.summary, sequence: record.sequence, current: record.summary === current, damaged: null }
      : { id: record.id, sequence: record.sequence, current: false, damaged: record.damage!, storedAt: record.storedAt === null ? null : new Date(record.storedAt).toISOString() },
  );
  return { entries, live };
}

export async function listReleases(context: PushContext): Promise<ReleaseEntry[]> {
  return guarded(context, async () => (await releaseHistory(context.remote)).entries);
}

/** One release in full, its manifest and file list: the history lists only summaries. */
export async function openRelease(context: PushContext, id: string): Promise<Release> {
  return guarded(context, () => readListed(context.remote, id));
}

export interface RollbackResult {
  release: Release;
  restored: Release;
  requests: number;
}

export interface RollbackOptions {
  /** The release to restore; by default the newest one before the live one with a different manifest. */
  to?: string;
  /** Roll back even though records between the live release and the target cannot be read. */
  acrossDamaged?: boolean;
  clock?: () => Date;
}

/** Rollback would pass records that cannot be read: what they published is unknown, so the user is asked first. */
export class DamagedHistoryError extends PushError {
  constructor(
    message: string,
    readonly damaged: string[],
    readonly target: string,
  ) {
    super(message);
    this.name = 'DamagedHistoryError';
  }
}

/** Puts an earlier release's manifest back: its hashed files are still there (prune keeps them), so nothing else moves. */
export async function rollback(context: PushContext, options: RollbackOptions = {}): Promise<RollbackResult> {
  const name = context.environment.name;
  return guarded(context, async () => {
    const { entries, live } = await releaseHistory(context.remote);
    if (!entries.some((entry) => entry.damaged === null)) throw new PushError(`${name} has no releases yet: push first.`);
    const currentAt = entries.findIndex((entry) => entry.current);
    const liveHash = sha256OfManifest(live);
    const targetAt = options.to
      ? entries.findIndex((entry) => entry.id === options.to)
      : entries.findIndex((entry, at) => at > currentAt && entry.damaged === null && entry.manifestSha256 !== liveHash);
    if (targetAt < 0) {
      throw new PushError(options.to ? `There is no release ${options.to} in ${name}: choose one from its release list.` : `${name} has no earlier release with a different manifest to roll back to.`);
    }
    const target = entries[targetAt]!;
    if (target.damaged !== null) throw new PushError(`Release ${target.id} cannot be restored: ${target.damaged}`);
    if (target.current) throw new PushError(`Release ${target.id} is already live in ${name}.`);
    if (target.manifestSha256 === null) throw new PushError(`Release ${target.id} has no staticfiles.json (it was collected without hashing), so there is no manifest to restore.`);
    const [from, to] = currentAt < 0 ? [-1, targetAt] : [Math.min(currentAt, targetAt), Math.max(currentAt, targetAt)];
    const skipped = entries.slice(from + 1, to).filter((entry) => entry.damaged !== null);
    if (skipped.length && !options.acrossDamaged) {
      const ids = skipped.map((entry) => entry.id).join(', ');
      const one = skipped.length === 1;
      throw new DamagedHistoryError(
        `Release ${ids} cannot be read (${one ? 'its record is' : 'their records are'} damaged), and ${one ? 'it lies' : 'they lie'} between the live release and ${target.id}: rolling back to ${target.id} passes over ${one ? 'it' : 'them'} without knowing what ${one ? 'it' : 'they'} published.`,
        skipped.map((entry) => entry.id),
        target.id,
      );
    }
    const [listing, restored] = await Promise.all([context.remote.list(), readListed(context.remote, target.id)]);
    if (restored.manifest === null) throw new PushError(`Release ${target.id} has no staticfiles.json (it was collected without hashing), so there is no manifest to restore.`);
    const missing = restored.files.filter((file) => file.hashed && !listing.has(file.key)).map((file) => file.key);
    if (missing.length) {
      throw new PushError(`Release ${target.id} cannot be restored: ${missing.length} of its hashed files are gone from the bucket (pruned?), e.g. ${missing.slice(0, 3).join(', ')}. Push that version again instead.`);
    }
    const body = Buffer.from(restored.manifest);
    const started = performance.now();
    const headers = objectHeaders(MANIFEST, false, { unhashed: context.environment.cacheControl?.unhashed, rules: context.environment.cacheControl?.rules });
    const sequence = await nextSequence(context.remote);
    const arrived = await context.remote.put(MANIFEST, body, { ...headers, sha256: sha256(body) });
    const log = new IndexLog(context.remote);
    log.add(MANIFEST, { sha256: sha256(body), size: arrived.size, etag: arrived.etag });
    await log.flush();
    // Recorded after the manifest: killed in between, the history still shows the restored release as the live one.
    const release: Release = {
      ...restored,
      id: newReleaseId(sequence),
      sequence,
      createdAt: (options.clock ?? (() => new Date()))().toISOString(),
      kind: 'rollback',
      from: target.id,
      uploaded: 1,
      bytesSent: body.length,
      durationMs: Math.round(performance.now() - started),
    };
    await writeRelease(context.remote, release);
    if (context.environment.type === 's3') await notifyCdn(context.environment, [MANIFEST]);
    return { release, restored, requests: context.counter.requests };
  });
}

export interface PromoteResult {
  release: Release;
  copied: string[];
  requests: number;
}

/**
 * Copies exactly what the source environment serves (its live release; its newest readable one when what is live has
 * no record), server-side where both share a store, recorded in the target before its manifest goes live.
 */
export async function promote(from: PushContext, to: PushContext, options: PushOptions = {}): Promise<PromoteResult> {
  const history = await listReleases(from);
  const readable = history.filter((entry): entry is ListedRelease => entry.damaged === null);
  const chosen = readable.find((entry) => entry.current) ?? readable[0];
  if (!chosen) throw new PushError(`${from.environment.name} has no releases to promote: push to it first.`);
  return guarded(to, async () => {
    const source = await guarded(from, () => readListed(from.remote, chosen.id));
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
    let recorded: Release | undefined;
    const log = new IndexLog(to.remote);
    const outcome = await transfer(needed, {
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
      index,
      log,
      signal: options.signal,
      onProgress: options.onProgress,
      headers: (item) => objectHeaders(item.key, item.hashed, rules, { encoding: item.encoding, sibling: siblings.has(item.key) }),
      send: (item: TransferItem, headers) =>
        item.key === MANIFEST && manifest ? to.remote.put(item.key, manifest, { ...headers, sha256: item.sha256 }) : to.remote.copyFrom(from.remote, item.key, { ...headers, sha256: item.sha256 }),
      beforeManifest: async (sofar) => {
        const manifestToSend = needed.some((file) => file.key === MANIFEST);
        const fields = { ...source, kind: 'promote' as const, from: from.environment.name, uploaded: sofar.sent.length + (manifestToSend ? 1 : 0), bytesSent: sofar.bytes + (manifestToSend && manifest ? manifest.length : 0), durationMs: sofar.durationMs };
        recorded = await recordRelease(to.remote, [], fields, options.clock ?? (() => new Date()));
      },
    });
    const release = recorded!;
    await log.compact();
    if (to.environment.type === 's3') await notifyCdn(to.environment, outcome.sent.filter((key) => !source.files.find((file: ReleaseFile) => file.key === key)?.hashed));
    return { release, copied: outcome.sent, requests: from.counter.requests + to.counter.requests };
  });
}

