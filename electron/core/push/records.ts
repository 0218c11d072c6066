// Porter's own records in each environment, under `porter/`: an index of what every object holds (so a plan
// needs one listing and no per-object HEAD: an ETag is no content hash for multipart uploads; see index-log.ts)
// and one record per release (its manifest and file list), which rollback and promote read.
import type { UploadEncoding } from './content-encoding';
import type { Remote } from './remote';

// The index moved to index-log.ts (segments and compaction); re-exported so callers of records keep their imports.
export { INDEX_KEY, objectIndex, readIndex, type IndexEntry, type ObjectIndex } from './index-log';

export const RELEASES_PREFIX = 'porter/releases/';
const RECORD_HEADERS = { contentType: 'application/json', cacheControl: 'no-store' };

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
  /** Porter's count of releases in this bucket when this one was written (see StoredRelease); absent in older records. */
  sequence?: number;
  /** The pushing machine's clock, for people to read; the history is never ordered by it. */
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
 * A release record as the bucket holds it, readable or not. `sequence` orders the history: it is Porter's own
 * count in the bucket (one more than the highest already there when the record was written), read from the
 * record's name, so even a record whose body is damaged keeps its place. The pushing machine's clock orders
 * nothing: a machine two hours fast would otherwise stay "newest" for two hours.
 */
export interface StoredRelease {
  id: string;
  key: string;
  sequence: number;
  /** When the store says the record was written (its LastModified), in ms; orders records of equal sequence. */
  storedAt: number | null;
  release: Release | null;
  /** Why the record cannot be read, in words; null for a readable one. */
  damage: string | null;
}

/** `42-k3j2h1`: the sequence, then a random part so two machines writing at once never share a name. */
export function newReleaseId(sequence: number): string {
  return `${sequence}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}

/** Records from before the sequence (named by the pushing machine's clock) count as 0: older than any numbered one. */
function sequenceOf(id: string): number {
  const match = /^(\d+)-[a-z0-9]+$/.exec(id);
  return match ? Number(match[1]) : 0;
}

/** One more than the highest sequence in the bucket now: read just before writing, from the names alone. */
export async function nextSequence(remote: Remote): Promise<number> {
  const ids = [...(await remote.list(RELEASES_PREFIX)).keys()].filter((key) => key.endsWith('.json')).map((key) => key.slice(RELEASES_PREFIX.length, -'.json'.length));
  return Math.max(0, ...ids.map(sequenceOf)) + 1;
}

export async function writeRelease(remote: Remote, release: Release): Promise<void> {
  await remote.put(`${RELEASES_PREFIX}${release.id}.json`, Buffer.from(JSON.stringify(release)), { ...RECORD_HEADERS, sha256: '' });
}

/** Newest first: by sequence, then by the store's own time, then by name. */
export async function readReleaseRecords(remote: Remote): Promise<StoredRelease[]> {
  const listing = [...(await remote.list(RELEASES_PREFIX))].filter(([key]) => key.endsWith('.json'));
  const records = await Promise.all(
    listing.map(async ([key, object]): Promise<StoredRelease> => {
      const id = key.slice(RELEASES_PREFIX.length, -'.json'.length);
      const stored = { id, key, sequence: sequenceOf(id), storedAt: object.modified ?? null };
      const body = await remote.get(key);
      if (!body) return { ...stored, release: null, damage: 'Its record disappeared while Porter was reading the history.' };
      const release = parseRelease(body);
      return release ? { ...stored, release: { ...release, id }, damage: null } : { ...stored, release: null, damage: 'Its record cannot be read (it is incomplete or not Porter\'s), so what it published is unknown.' };
    }),
  );
  return records.sort((a, b) => b.sequence - a.sequence || (b.storedAt ?? 0) - (a.storedAt ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** A release record's body, or undefined when it is not one (truncated, edited, or something else's file). */
function parseRelease(body: Buffer): Release | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Partial<Release> | null;
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.files) || (parsed.manifest !== null && typeof parsed.manifest !== 'string')) return undefined;
    if (!['push', 'rollback', 'promote'].includes(parsed.kind as string) || typeof parsed.createdAt !== 'string') return undefined;
    return parsed as Release;
  } catch {
    return undefined;
  }
}

/** The readable releases, newest first. */
export async function listReleases(remote: Remote): Promise<Release[]> {
  return (await readReleaseRecords(remote)).flatMap((record) => (record.release ? [record.release] : []));
}
