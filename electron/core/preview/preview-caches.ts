// What the preview would otherwise redo on every request: parse staticfiles.json (tens of MB on a large site)
// and hash each file for its ETag. Both are kept until the file's size or modification time changes.
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, stat, type FileHandle } from 'node:fs/promises';

export interface OpenFile {
  handle: FileHandle;
  real: string;
  info: Stats;
}

const sameVersion = (a: Stats, b: { mtimeMs: number; size: number; ino?: number }): boolean => a.mtimeMs === b.mtimeMs && a.size === b.size && (b.ino === undefined || a.ino === b.ino);

/** The hashed names staticfiles.json lists (they get the immutable Cache-Control), parsed once per version of it. */
export function createHashedNames(manifestPath: string): () => Promise<Set<string>> {
  let cached: { mtimeMs: number; size: number; names: Promise<Set<string>> } | undefined;
  const parse = async (): Promise<Set<string>> => {
    try {
      const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { paths?: Record<string, string> };
      return new Set(Object.values(manifest.paths ?? {}));
    } catch {
      return new Set();
    }
  };
  return async () => {
    const info = await stat(manifestPath).catch(() => undefined);
    if (!info) {
      cached = undefined;
      return new Set();
    }
    // The promise is kept, so requests arriving while a large manifest is parsed share that one parse.
    if (!cached || !sameVersion(info, cached)) cached = { mtimeMs: info.mtimeMs, size: info.size, names: parse() };
    return cached.names;
  };
}

/** Files whose ETag is remembered; past this the oldest is forgotten, so a huge folder cannot grow it unbounded. */
const maxRemembered = 20_000;

/** A strong ETag from the file's SHA-256, hashed by streaming the open file, once per version of it. */
export function createContentTags(): (file: OpenFile) => Promise<string> {
  // Promises, so a hundred first requests for one large file share one hashing of it.
  const remembered = new Map<string, { mtimeMs: number; size: number; ino: number; tag: Promise<string> }>();
  const hashOf = async (handle: FileHandle): Promise<string> => {
    const hash = createHash('sha256');
    for await (const chunk of handle.createReadStream({ start: 0, autoClose: false })) hash.update(chunk as Buffer);
    return `"${hash.digest('hex').slice(0, 32)}"`;
  };
  return ({ handle, real, info }) => {
    const known = remembered.get(real);
    if (known && sameVersion(info, known)) return known.tag;
    const tag = hashOf(handle);
    tag.catch(() => remembered.delete(real));
    remembered.delete(real);
    if (remembered.size >= maxRemembered) remembered.delete(remembered.keys().next().value!);
    remembered.set(real, { mtimeMs: info.mtimeMs, size: info.size, ino: info.ino, tag });
    return tag;
  };
}
