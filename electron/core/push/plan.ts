// What a push would do: compare the collected files with the remote by content hash, from one paginated listing
// and Porter's index. Objects the index does not vouch for (left by a push that was killed, or uploaded by
// something else) are checked by the SHA-256 in their metadata, and only when their size already matches.
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from './concurrency';
import type { LocalFile } from './local-files';
import { listReleases, readIndex, type ObjectIndex } from './records';
import type { Remote, RemoteObject } from './remote';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedFile extends LocalFile {
  status: FileStatus;
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
}

/** Assumed before a first push has measured this environment: a modest uplink. */
const DEFAULT_BYTES_PER_SECOND = 4_000_000;
/** Assumed per-request latency, divided by the requests in flight. */
const DEFAULT_REQUEST_MS = 40;

export async function planPush(remote: Remote, local: LocalFile[], concurrency: number): Promise<PushPlan> {
  const [listing, index, releases] = await Promise.all([remote.list(), readIndex(remote), listReleases(remote)]);
  for (const key of listing.keys()) if (key.startsWith('porter/')) listing.delete(key);
  const files = await mapWithConcurrency(local, concurrency, async (file): Promise<PlannedFile> => {
    const object = listing.get(file.key);
    if (!object) return { ...file, status: 'new' };
    return { ...file, status: (await remoteSha256(remote, file, object, index)) === file.sha256 ? 'unchanged' : 'changed' };
  });
  const localKeys = new Set(local.map((file) => file.key));
  const remoteOnly = [...listing.keys()].filter((key) => !localKeys.has(key)).sort();
  const toSend = files.filter((file) => file.status !== 'unchanged');
  const bytesToSend = toSend.reduce((sum, file) => sum + file.size, 0);
  const last = releases.find((release) => release.kind === 'push' && release.bytesSent > 1_000_000 && release.durationMs > 0);
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
  };
}

async function remoteSha256(remote: Remote, file: LocalFile, object: RemoteObject, index: ObjectIndex): Promise<string | undefined> {
  const known = index[file.key];
  if (known && known.etag === object.etag && known.size === object.size) return known.sha256;
  if (object.size !== file.size) return undefined;
  return remote.storedSha256(file.key);
}

/**
 * One string for what a plan would publish: the target and every collected file with its content. What the remote
 * already holds is left out, so a push that stopped halfway can resume under the plan the user confirmed.
 */
export function planFingerprint(plan: Pick<PushPlan, 'files' | 'target'>): string {
  const hash = createHash('sha256').update(plan.target);
  for (const file of [...plan.files].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) hash.update(`\n${file.key}\0${file.sha256}`);
  return hash.digest('hex');
}
