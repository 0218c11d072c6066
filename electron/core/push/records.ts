// Porter's own records in each environment, under `porter/`: an index of what every object holds (so a plan
// needs one listing and no per-object HEAD: an ETag is no content hash for multipart uploads; see index-log.ts)
// and one record per release (its manifest and file list), which rollback and promote read. The history itself
// is read from one small list of the releases (release-list.ts), not from every record.
import type { UploadEncoding } from './content-encoding';
import type { Remote } from './remote';

// The index moved to index-log.ts (segments and compaction); re-exported so callers of records keep their imports.
export { INDEX_KEY, objectIndex, readIndex, type IndexEntry, type ObjectIndex } from './index-log';

export const RELEASES_PREFIX = 'porter/releases/';
export const RECORD_HEADERS = { contentType: 'application/json', cacheControl: 'no-store' };

export interface ReleaseFile {
  key: string;
  sha256: string;
  size: number;
  hashed: boolean;
  /** Stored pre-compressed with this Content-Encoding (the environment's `contentEncoding`); absent when not. */
  encoding?: UploadEncoding;
}

/** A broken reference the collect before this push left as it is (or, `dropped`, a missing map's comment it removed). */
export interface KeptReference {
  /** The referring file's public path. */
  name: string;
  line: number;
  reference: string;
  dropped?: true;
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
  /** Absent when the collect before the push kept none (or the push did not collect). */
  keptReferences?: KeptReference[];
  uploaded: number;
  bytesSent: number;
  durationMs: number;
}

/** `42-k3j2h1`: the sequence, then a random part so two machines writing at once never share a name. */
export function newReleaseId(sequence: number): string {
  return `${sequence}-${Math.random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}

/**
 * Porter's count in the bucket, read from a record's name (one more than the highest there when it was written), so
 * even a record whose body is damaged keeps its place. Records from before the sequence (named by the pushing
 * machine's clock) count as 0: older than any numbered one.
 */
export function sequenceOf(id: string): number {
  const match = /^(\d+)-[a-z0-9]+$/.exec(id);
  return match ? Number(match[1]) : 0;
}

export const recordKeyOf = (id: string) => `${RELEASES_PREFIX}${id}.json`;

/** A record's id from its key; undefined for anything else under the prefix. */
export function recordIdOf(key: string): string | undefined {
  return key.startsWith(RELEASES_PREFIX) && key.endsWith('.json') ? key.slice(RELEASES_PREFIX.length, -'.json'.length) : undefined;
}

/** One more than the highest sequence in the bucket now: read just before writing, from the names alone. */
export async function nextSequence(remote: Remote): Promise<number> {
  const ids = [...(await remote.list(RELEASES_PREFIX)).keys()].flatMap((key) => recordIdOf(key) ?? []);
  return Math.max(0, ...ids.map(sequenceOf)) + 1;
}

/** The record under its name; returns the tag the store gave it, which the release list keeps to notice a change. */
export async function writeReleaseRecord(remote: Remote, release: Release): Promise<string> {
  return (await remote.put(recordKeyOf(release.id), Buffer.from(JSON.stringify(release)), { ...RECORD_HEADERS, sha256: '' })).etag;
}

export const MISSING_RECORD = 'Its record disappeared while Porter was reading the history.';
export const DAMAGED_RECORD = "Its record cannot be read (it is incomplete or not Porter's), so what it published is unknown.";

/** One release in full (its manifest and file list), or why it cannot be read. */
export async function readRelease(remote: Remote, id: string): Promise<{ release: Release; etag: string } | { damage: string }> {
  const object = await remote.getTagged(recordKeyOf(id));
  if (!object) return { damage: MISSING_RECORD };
  const release = parseRelease(object.body);
  return release ? { release: { ...release, id }, etag: object.etag } : { damage: DAMAGED_RECORD };
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
