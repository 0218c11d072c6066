// Porter's own records in each environment, under `porter/`: an index of what every object holds (so a plan
// needs one listing and no per-object HEAD: an ETag is no content hash for multipart uploads) and one record
// per release (its manifest and file list), which rollback and promote read.
import type { UploadEncoding } from './content-encoding';
import type { Remote } from './remote';

export const INDEX_KEY = 'porter/index.json';
export const RELEASES_PREFIX = 'porter/releases/';
const RECORD_HEADERS = { contentType: 'application/json', cacheControl: 'no-store' };

export interface IndexEntry {
  /** Of the file as collected. */
  sha256: string;
  /** As stored (compressed, with an encoding). */
  size: number;
  etag: string;
  /** The Content-Encoding it was stored with; absent for the file as it is. */
  encoding?: UploadEncoding;
}

export type ObjectIndex = Record<string, IndexEntry>;

export interface ReleaseFile {
  key: string;
  sha256: string;
  size: number;
  hashed: boolean;
  /** Stored pre-compressed with this Content-Encoding (the environment's `contentEncoding`); absent when not. */
  encoding?: UploadEncoding;
}

export interface Release {
  id: string;
  createdAt: string;
  kind: 'push' | 'rollback' | 'promote';
  /** For a rollback, the release restored; for a promote, the environment copied from. */
  from?: string;
  /** staticfiles.json as it was pushed; null when the output had none (plain StaticFilesStorage). */
  manifest: string | null;
  files: ReleaseFile[];
  uploaded: number;
  bytesSent: number;
  durationMs: number;
}

/**
 * Null-prototype: keys are object names, and a file named `toString` or `constructor` must not find a built-in.
 * Object.assign onto it keeps a `__proto__` key as an ordinary entry.
 */
export function objectIndex(objects?: ObjectIndex): ObjectIndex {
  return Object.assign(Object.create(null) as ObjectIndex, objects);
}

export async function readIndex(remote: Remote): Promise<ObjectIndex> {
  const body = await remote.get(INDEX_KEY);
  if (!body) return objectIndex();
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { objects?: ObjectIndex };
    return objectIndex(parsed.objects);
  } catch {
    // A damaged index only costs a few HEAD requests: the plan checks objects' own metadata instead.
    return objectIndex();
  }
}

export async function writeIndex(remote: Remote, index: ObjectIndex): Promise<void> {
  const body = Buffer.from(JSON.stringify({ version: 1, objects: index }));
  await remote.put(INDEX_KEY, body, { ...RECORD_HEADERS, sha256: '' });
}

/** Sortable by time, unique across machines pushing at once. */
export function newReleaseId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function writeRelease(remote: Remote, release: Release): Promise<void> {
  await remote.put(`${RELEASES_PREFIX}${release.id}.json`, Buffer.from(JSON.stringify(release)), { ...RECORD_HEADERS, sha256: '' });
}

/** Newest first. */
export async function listReleases(remote: Remote): Promise<Release[]> {
  const keys = [...(await remote.list(RELEASES_PREFIX)).keys()].filter((key) => key.endsWith('.json')).sort().reverse();
  const releases = await Promise.all(
    keys.map(async (key) => {
      const body = await remote.get(key);
      try {
        return body ? (JSON.parse(body.toString('utf8')) as Release) : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return releases.filter((release): release is Release => release !== undefined);
}
