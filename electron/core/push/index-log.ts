// Porter's index of what every object holds, kept so its cost grows with what changes, not with the bucket:
//   porter/index/seg-<writer>-<n>.json.gz   what one push (or plan) recorded since its last checkpoint, nothing else
//   porter/index/base-<writer>.json.gz      a compaction: everything merged at the end of a push
//   porter/index.json                    the single index older versions of Porter wrote (read, then merged away)
// Reading merges them all. A compaction writes its base first and only then deletes the objects it merged (never
// one it did not read), so two pushes to one environment at once, or a push killed at any moment, lose nothing:
// every entry stays in some object until another object holding it has been written.
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { UploadEncoding } from './content-encoding';
import type { Remote, RemoteObject } from './remote';

/** The index older versions of Porter wrote whole on every checkpoint. */
export const INDEX_KEY = 'porter/index.json';
export const INDEX_PREFIX = 'porter/index/';
// Gzipped: names and hashes are most of the bytes a push spends on its own records.
const RECORD_HEADERS = { contentType: 'application/gzip', cacheControl: 'no-store', sha256: '' };
const PART_SUFFIX = '.json.gz';

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

/**
 * Null-prototype: keys are object names, and a file named `toString` or `constructor` must not find a built-in.
 * Object.assign onto it keeps a `__proto__` key as an ordinary entry.
 */
export function objectIndex(objects?: ObjectIndex): ObjectIndex {
  return Object.assign(Object.create(null) as ObjectIndex, objects);
}

/** Entries recorded since the last checkpoint, or this many ms after it, make the next one. */
export const CHECKPOINT_EVERY = 250;
export const CHECKPOINT_MS = 5000;

interface IndexPart {
  key: string;
  objects: ObjectIndex;
}

/** The index objects there now, oldest first: the old single index, then by the store's time, then by name. */
async function indexObjects(remote: Remote): Promise<string[]> {
  const listing = [...(await remote.list(INDEX_PREFIX))].filter(([key]) => key.endsWith(PART_SUFFIX));
  const order = ([a, x]: [string, RemoteObject], [b, y]: [string, RemoteObject]) => (x.modified ?? 0) - (y.modified ?? 0) || (a < b ? -1 : a > b ? 1 : 0);
  return [INDEX_KEY, ...listing.sort(order).map(([key]) => key)];
}

/** The parts that are there and readable; one removed meanwhile (merged by another push) is simply absent. */
async function readParts(remote: Remote, keys: string[]): Promise<IndexPart[]> {
  const parts = await Promise.all(
    keys.map(async (key): Promise<IndexPart | undefined> => {
      const body = await remote.get(key);
      if (!body) return undefined;
      try {
        const text = key.endsWith('.gz') ? gunzipSync(body).toString('utf8') : body.toString('utf8');
        const parsed = JSON.parse(text) as { objects?: ObjectIndex } | null;
        return { key, objects: objectIndex(parsed?.objects ?? undefined) };
      } catch {
        // A damaged part only costs a few HEAD requests: the plan checks objects' own metadata instead.
        return { key, objects: objectIndex() };
      }
    }),
  );
  return parts.filter((part): part is IndexPart => part !== undefined);
}

const encode = (objects: ObjectIndex) => gzipSync(JSON.stringify({ version: 2, objects }));

function merged(parts: IndexPart[]): ObjectIndex {
  return parts.reduce((index, part) => Object.assign(index, part.objects), objectIndex());
}

/** The whole index: the old single one, every base and every segment a push left (killed or still running). */
export async function readIndex(remote: Remote): Promise<ObjectIndex> {
  return merged(await readParts(remote, await indexObjects(remote)));
}

/** One push's (or plan's) writer: checkpoints in the background, each holding only what is new since the last. */
export class IndexLog {
  readonly writer = `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  /** Everything this writer recorded, for its compaction to lay over what other writers left. */
  private readonly recorded = objectIndex();
  private readonly removed = new Set<string>();
  private pending = objectIndex();
  private pendingCount = 0;
  private segments = 0;
  private lastCheckpoint = performance.now();
  /** One checkpoint at a time keeps requests bounded; a failed one leaves its entries for the next. */
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly remote: Remote,
    private readonly limits: { every?: number; ms?: number } = {},
  ) {}

  /** Records an arrival (or a verification); starts a checkpoint when enough is new, without waiting for it. */
  add(key: string, entry: IndexEntry): void {
    this.recorded[key] = entry;
    this.removed.delete(key);
    this.pending[key] = entry;
    this.pendingCount += 1;
    this.maybeCheckpoint();
  }

  /** Objects deleted (pruned): dropped from the compacted index. */
  remove(keys: Iterable<string>): void {
    for (const key of keys) {
      delete this.recorded[key];
      this.removed.add(key);
    }
  }

  private due(): boolean {
    return this.pendingCount > 0 && (this.pendingCount >= (this.limits.every ?? CHECKPOINT_EVERY) || performance.now() - this.lastCheckpoint >= (this.limits.ms ?? CHECKPOINT_MS));
  }

  private maybeCheckpoint(): void {
    if (this.inFlight || !this.due()) return;
    this.inFlight = this.checkpoint()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = null;
        this.maybeCheckpoint();
      });
  }

  private async checkpoint(): Promise<void> {
    const objects = this.pending;
    this.pending = objectIndex();
    this.pendingCount = 0;
    this.lastCheckpoint = performance.now();
    this.segments += 1;
    const key = `${INDEX_PREFIX}seg-${this.writer}-${String(this.segments).padStart(6, '0')}${PART_SUFFIX}`;
    try {
      await this.remote.put(key, encode(objects), RECORD_HEADERS);
    } catch (error) {
      // Kept for the next checkpoint, behind anything recorded since (which is newer).
      this.pending = Object.assign(objectIndex(objects), this.pending);
      this.pendingCount = Object.keys(this.pending).length;
      throw error;
    }
  }

  /** Saves what no checkpoint has yet: after a failure or a cancel, so the next push does not send it again. */
  async flush(): Promise<void> {
    await this.inFlight;
    if (this.pendingCount > 0) await this.checkpoint();
  }

  /**
   * Merges every index object there now with what this writer recorded into one base, then deletes the objects it
   * merged. Objects another push writes meanwhile are not deleted, so they are read (or merged) next time.
   */
  async compact(): Promise<void> {
    await this.flush();
    const parts = await readParts(this.remote, await indexObjects(this.remote));
    const index = Object.assign(merged(parts), this.recorded);
    for (const key of this.removed) delete index[key];
    const base = `${INDEX_PREFIX}base-${this.writer}${PART_SUFFIX}`;
    await this.remote.put(base, encode(index), RECORD_HEADERS);
    const obsolete = parts.map((part) => part.key).filter((key) => key !== base);
    if (obsolete.length) await this.remote.delete(obsolete);
  }
}
