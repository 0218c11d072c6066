// What a push would do: compare the collected files with the remote by content hash, from one paginated listing
// and Porter's index. Objects the index does not vouch for (left by a push that was killed, or uploaded by
// something else) are checked by the SHA-256 in their metadata, and only when their size already matches.
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from './concurrency';
import type { UploadEncoding } from './content-encoding';
import type { LocalFile } from './local-files';
import { IndexLog, readIndex, type ObjectIndex } from './index-log';
import { readReleaseRecords, type StoredRelease } from './release-list';
import type { Remote, RemoteObject } from './remote';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedFile extends LocalFile {
  status: FileStatus;
  /** The Content-Encoding it is (or would be) stored with; null for the file as it is. */
  encoding: UploadEncoding | null;
}

export interface PushPlan {
  target: string;
  files: PlannedFile[];
  /** On the remote, not in the collected output; kept unless pruned. */
  remoteOnly: string[];
  counts: Record<FileStatus | 'remoteOnly', number>;
  bytesToSend: number;
  estimateMs: number;
  /** How the estimate was made, in words. */
  estimateBasis: string;
  /** What the listing left out and why (links out of a folder environment), for the user to see. */
  warnings: string[];
  /** What the remote already had, for the push to extend. */
  index: ObjectIndex;
  listing: Map<string, RemoteObject>;
  /** The release history as planning read it, newest first (damaged records included). */
  releases: StoredRelease[];
}

/** Assumed before a first push has measured this environment: a modest uplink. */
const DEFAULT_BYTES_PER_SECOND = 4_000_000;
/** Assumed per-request latency, divided by the requests in flight. */
const DEFAULT_REQUEST_MS = 40;

/**
 * `encodingOf` says which Content-Encoding each file is to be stored with: an object holding the same content under
 * another encoding (the environment's setting changed) is `changed`, so it is sent again.
 */
export interface PlanEncodings {
  /** How each file is to be compressed for its upload; null to send it as it is. */
  encodingOf: (file: LocalFile) => UploadEncoding | null;
  /** The Content-Encoding its object declares (a `.gz` sibling's is gzip, though it is sent as it is). */
  declaredEncodingOf: (file: LocalFile) => string | null;
}

const asTheyAre: PlanEncodings = { encodingOf: () => null, declaredEncodingOf: () => null };

export interface PlanOptions {
  /** Write nothing, not even the index of what was verified (a dry run, which read-only keys must be able to do). */
  readOnly?: boolean;
  /** Objects verified between index checkpoints; a checkpoint is also made after CHECKPOINT_MS. */
  checkpointEvery?: number;
}

const CHECKPOINT_EVERY = 200;
/** Often enough that a push killed every few seconds still moves forward. */
const CHECKPOINT_MS = 2000;

export async function planPush(remote: Remote, local: LocalFile[], concurrency: number, encodings: PlanEncodings = asTheyAre, options: PlanOptions = {}): Promise<PushPlan> {
  const [listing, index, releases] = await Promise.all([remote.list(), readIndex(remote), readReleaseRecords(remote)]);
  for (const key of listing.keys()) if (key.startsWith('porter/')) listing.delete(key);
  const verified = verifiedRecorder(remote, index, options);
  const files = await verified.during(() =>
    mapWithConcurrency(local, concurrency, async (file): Promise<PlannedFile> => {
      const encoding = encodings.encodingOf(file);
      const object = listing.get(file.key);
      if (!object) return { ...file, status: 'new', encoding };
      const known = vouchedSha256(file, encoding, object, index);
      if (known !== 'unknown') return { ...file, status: known === file.sha256 ? 'unchanged' : 'changed', encoding };
      const stored = await storedSha256(remote, file, encoding, encodings.declaredEncodingOf(file), object);
      if (stored !== file.sha256) return { ...file, status: 'changed', encoding };
      verified.add(file.key, { sha256: file.sha256, size: object.size, etag: object.etag, ...(encoding ? { encoding } : {}) });
      return { ...file, status: 'unchanged', encoding };
    }),
  );
  const localKeys = new Set(local.map((file) => file.key));
  const remoteOnly = [...listing.keys()].filter((key) => !localKeys.has(key)).sort();
  const toSend = files.filter((file) => file.status !== 'unchanged');
  const bytesToSend = toSend.reduce((sum, file) => sum + file.size, 0);
  const last = releases.flatMap((record) => (record.summary ? [record.summary] : [])).find((release) => release.kind === 'push' && release.bytesSent > 1_000_000 && release.durationMs > 0);
  const rate = last ? last.bytesSent / (last.durationMs / 1000) : DEFAULT_BYTES_PER_SECOND;
  const estimateMs = Math.round((bytesToSend / rate) * 1000 + (toSend.length * DEFAULT_REQUEST_MS) / concurrency);
  return {
    target: remote.label,
    files,
    remoteOnly,
    counts: {
      new: files.filter((file) => file.status === 'new').length,
      changed: files.filter((file) => file.status === 'changed').length,
      unchanged: files.filter((file) => file.status === 'unchanged').length,
      remoteOnly: remoteOnly.length,
    },
    bytesToSend,
    estimateMs,
    estimateBasis: last
      ? `at the ${(rate / 1e6).toFixed(1)} MB/s the push of ${last.createdAt} reached`
      : `at an assumed ${(DEFAULT_BYTES_PER_SECOND / 1e6).toFixed(0)} MB/s (no earlier push to measure)`,
    warnings: remote.listingWarnings?.() ?? [],
    index,
    listing,
    releases,
  };
}

/** What the index says the object holds: its SHA-256, undefined for other content, 'unknown' when it does not vouch for it. */
function vouchedSha256(file: LocalFile, encoding: UploadEncoding | null, object: RemoteObject, index: ObjectIndex): string | undefined | 'unknown' {
  const known = index[file.key];
  if (!known || known.etag !== object.etag || known.size !== object.size) return 'unknown';
  return (known.encoding ?? null) === encoding ? known.sha256 : undefined;
}

/** One request per object (a HEAD, or a read for a folder), for an object the index does not vouch for. */
async function storedSha256(remote: Remote, file: LocalFile, encoding: UploadEncoding | null, declared: string | null, object: RemoteObject): Promise<string | undefined> {
  // Stored as it is, the object has the file's size; compressed, its size is only known by compressing.
  if (!encoding && object.size !== file.size) return undefined;
  return remote.storedSha256(file.key, declared);
}

/**
 * Adds what planning verified to the index, and to the index log (checkpointed in the background, flushed at the end
 * or when planning fails), so the work is kept.
 */
function verifiedRecorder(remote: Remote, index: ObjectIndex, options: PlanOptions) {
  const log = options.readOnly ? undefined : new IndexLog(remote, { every: options.checkpointEvery ?? CHECKPOINT_EVERY, ms: CHECKPOINT_MS });
  return {
    add(key: string, entry: ObjectIndex[string]): void {
      index[key] = entry;
      log?.add(key, entry);
    },
    async during<T>(work: () => Promise<T>): Promise<T> {
      try {
        const result = await work();
        await log?.flush();
        return result;
      } catch (error) {
        await log?.flush().catch(() => undefined);
        throw error;
      }
    },
  };
}

/**
 * One string for what a plan would publish: the target and every collected file with its content. What the remote
 * already holds is left out, so a push that stopped halfway can resume under the plan the user confirmed.
 */
export function planFingerprint(plan: { target: string; files: Array<Pick<PlannedFile, 'key' | 'sha256'> & { encoding?: UploadEncoding | null }> }): string {
  const hash = createHash('sha256').update(plan.target);
  for (const file of [...plan.files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    hash.update(`\n${file.key}\0${file.sha256}`);
    // Files stored as they are keep the fingerprints plans had before encodings existed.
    if (file.encoding) hash.update(`\0${file.encoding}`);
  }
  return hash.digest('hex');
}
