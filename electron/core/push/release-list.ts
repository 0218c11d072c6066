// The release history as one small object, `porter/releases.json`: per release its id, time, kind, counts and
// bytes, so the history is one GET and one listing of the record names, however many releases and files there are.
// Each record (`porter/releases/ID.json`) stays the truth: the list is written after it, and a reader checks the
// list against the records' names and entity tags, reading in full only the records it is missing or that changed
// since. So a list that is absent (an environment pushed by an older Porter), stale (a push killed between its record
// and the list) or lost to a concurrent writer on a store without conditional writes still gives the whole history.
import { createHash } from 'node:crypto';
import { mapWithConcurrency } from './concurrency';
import { readRelease, RECORD_HEADERS, recordIdOf, RELEASES_PREFIX, sequenceOf, writeReleaseRecord, type Release } from './records';
import { isPreconditionFailed, type Remote, type RemoteObject } from './remote';

export const RELEASE_LIST_KEY = 'porter/releases.json';
/** Another writer replaced the list between this one's read and write this many times in a row: left to the next reader. */
const LIST_ATTEMPTS = 5;
const RECORD_READS_IN_FLIGHT = 16;

/** What the history shows of a release, without its file list. */
export interface ReleaseSummary {
  id: string;
  sequence: number;
  createdAt: string;
  kind: Release['kind'];
  from?: string;
  /** Of staticfiles.json as pushed, so the live release is found by content; null when the output had none. */
  manifestSha256: string | null;
  /** How many files the release names, and their bytes as collected. */
  files: number;
  bytes: number;
  uploaded: number;
  bytesSent: number;
  durationMs: number;
}

/** A list entry: the summary, and the record's entity tag when it was summarized (a record changed since is read again). */
interface ListEntry extends ReleaseSummary {
  etag: string;
}

/**
 * A release record as the bucket holds it, readable or not, ordered by `sequence` (see sequenceOf). The pushing
 * machine's clock orders nothing: a machine two hours fast would otherwise stay "newest" for two hours.
 */
export interface StoredRelease {
  id: string;
  sequence: number;
  /** When the store says the record was written (its LastModified), in ms; orders records of equal sequence. */
  storedAt: number | null;
  etag: string;
  summary: ReleaseSummary | null;
  /** Why the record cannot be read, in words; null for a readable one. */
  damage: string | null;
}

export const sha256OfManifest = (manifest: string | null) => (manifest === null ? null : createHash('sha256').update(manifest).digest('hex'));

export function summarize(release: Release): ReleaseSummary {
  const summary: ReleaseSummary = {
    id: release.id,
    sequence: release.sequence ?? sequenceOf(release.id),
    createdAt: release.createdAt,
    kind: release.kind,
    manifestSha256: sha256OfManifest(release.manifest),
    files: release.files.length,
    bytes: release.files.reduce((sum, file) => sum + file.size, 0),
    uploaded: release.uploaded,
    bytesSent: release.bytesSent,
    durationMs: release.durationMs,
  };
  return release.from === undefined ? summary : { ...summary, from: release.from };
}

/** The list's entries by id; an unreadable list is as good as none (the records rebuild it). */
function parseList(body: Buffer | undefined): Map<string, ListEntry> {
  if (!body) return new Map();
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { releases?: unknown };
    if (!Array.isArray(parsed.releases)) return new Map();
    const entries = parsed.releases.filter((entry): entry is ListEntry => isListEntry(entry));
    return new Map(entries.map((entry) => [entry.id, entry]));
  } catch {
    return new Map();
  }
}

function isListEntry(value: unknown): value is ListEntry {
  const entry = value as Partial<ListEntry> | null;
  return (
    !!entry &&
    typeof entry.id === 'string' &&
    typeof entry.etag === 'string' &&
    typeof entry.createdAt === 'string' &&
    ['push', 'rollback', 'promote'].includes(entry.kind as string) &&
    (entry.manifestSha256 === null || typeof entry.manifestSha256 === 'string') &&
    [entry.files, entry.bytes, entry.uploaded, entry.bytesSent, entry.durationMs].every((count) => typeof count === 'number')
  );
}

function stripTag(entry: ListEntry): ReleaseSummary {
  const summary: Partial<ListEntry> = { ...entry };
  delete summary.etag;
  return summary as ReleaseSummary;
}

/** The records' names and tags from the listing, each with its summary from the list or, when missing or changed, from the record. */
async function reconcile(remote: Remote, names: Map<string, RemoteObject>, list: Map<string, ListEntry>, known?: ListEntry): Promise<StoredRelease[]> {
  const records = [...names].flatMap(([key, object]) => {
    const id = recordIdOf(key);
    return id ? [{ id, object }] : [];
  });
  const stored = await mapWithConcurrency(records, RECORD_READS_IN_FLIGHT, async ({ id, object }): Promise<StoredRelease> => {
    const base = { id, sequence: sequenceOf(id), storedAt: object.modified ?? null, etag: object.etag };
    const listed = known?.id === id ? known : list.get(id);
    if (listed && listed.etag === object.etag) return { ...base, summary: stripTag(listed), damage: null };
    const read = await readRelease(remote, id);
    return 'damage' in read ? { ...base, summary: null, damage: read.damage } : { ...base, etag: read.etag, summary: summarize(read.release), damage: null };
  });
  return stored.sort((a, b) => b.sequence - a.sequence || (b.storedAt ?? 0) - (a.storedAt ?? 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** Newest first: by sequence, then by the store's own time, then by name. Damaged records keep their place. */
export async function readReleaseRecords(remote: Remote): Promise<StoredRelease[]> {
  const [names, list] = await Promise.all([remote.list(RELEASES_PREFIX), remote.get(RELEASE_LIST_KEY)]);
  return reconcile(remote, names, parseList(list));
}

/**
 * Writes the record, then the list with it. The list is re-read just before it is written and replaced only while it
 * still has the tag read (If-Match, or If-None-Match when there was none), so two pushes at once on a store that
 * honours that lose no entry; where a store ignores it, the next reader finds the record the list misses.
 */
export async function writeRelease(remote: Remote, release: Release): Promise<void> {
  const known: ListEntry = { ...summarize(release), etag: await writeReleaseRecord(remote, release) };
  for (let attempt = 1; attempt <= LIST_ATTEMPTS; attempt += 1) {
    const [names, current] = await Promise.all([remote.list(RELEASES_PREFIX), remote.getTagged(RELEASE_LIST_KEY)]);
    const records = await reconcile(remote, names, parseList(current?.body), known);
    const releases = records.flatMap((record) => (record.summary ? [{ ...record.summary, etag: record.etag }] : []));
    const body = Buffer.from(JSON.stringify({ version: 1, releases }));
    try {
      await remote.put(RELEASE_LIST_KEY, body, { ...RECORD_HEADERS, sha256: '', ...(current ? { ifMatch: current.etag } : { onlyIfAbsent: true }) });
      return;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
    }
  }
}
