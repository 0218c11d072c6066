// The `.br`/`.gz` siblings WhiteNoise's CompressedManifestStaticFilesStorage adds after post-processing, so a
// single-server site (WhiteNoise, nginx gzip_static/brotli_static) can serve Porter's output compressed.
// Which names: with hashing, every post-processed original and its final hashed name (never intermediate names, never
// the manifest), as WhiteNoise does without WHITENOISE_KEEP_ONLY_HASHED_FILES; without hashing (its
// CompressedStaticFilesStorage), every collected file. The bytes come from whitenoiseSiblings, remembered by content
// in Porter's cache, because brotli at quality 11 is the slowest step of a collect.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isSkippedByWhiteNoise, whitenoiseSiblingsAsync } from '../optimize/text/precompress';
import { mapWithConcurrency } from '../push/concurrency';
import { md5Hex } from './hashed-storage';
import { collectCancelled } from './types';
import type { OutputFile } from './write-output';

const VERSION = 1;

interface RememberedSibling {
  suffix: '.br' | '.gz';
  size: number;
  md5: string;
}

/** Compressed copies of contents, keyed by the content's MD5; a blob per sibling, one record per content. */
export class SiblingCache {
  constructor(private readonly dir: string) {}

  private recordFile(md5: string): string {
    return path.join(this.dir, `${md5}.v${VERSION}.json`);
  }

  blobFile(md5: string, suffix: string): string {
    return path.join(this.dir, `${md5}${suffix}`);
  }

  load(md5: string): RememberedSibling[] | undefined {
    try {
      const siblings = JSON.parse(fs.readFileSync(this.recordFile(md5), 'utf8')) as RememberedSibling[];
      // A blob removed by hand (or a cleaner) only costs compressing again.
      const intact = siblings.every((sibling) => fs.statSync(this.blobFile(md5, sibling.suffix), { throwIfNoEntry: false })?.size === sibling.size);
      return intact ? siblings : undefined;
    } catch {
      return undefined;
    }
  }

  store(md5: string, siblings: Array<{ suffix: '.br' | '.gz'; bytes: Buffer }>): RememberedSibling[] {
    const remembered = siblings.map(({ suffix, bytes }) => ({ suffix, size: bytes.length, md5: md5Hex(bytes) }));
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      for (const { suffix, bytes } of siblings) writeAtomically(this.blobFile(md5, suffix), bytes);
      writeAtomically(this.recordFile(md5), Buffer.from(JSON.stringify(remembered)));
    } catch {
      // An unwritable cache only costs compressing again next time; the output is written from memory below.
    }
    return remembered;
  }
}

function writeAtomically(file: string, bytes: Buffer): void {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
}

/** The names WhiteNoise compresses: post-processed originals and their hashed names, or every file without hashing. */
export function namesToCompress(outputs: readonly OutputFile[], hashedFiles: ReadonlyMap<string, string> | null): Set<string> {
  if (!hashedFiles) return new Set(outputs.map((output) => output.name));
  return new Set([...hashedFiles.keys(), ...hashedFiles.values()]);
}

function readContent(file: OutputFile): Promise<Buffer> {
  return typeof file.data === 'string' ? fs.promises.readFile(file.data) : Promise.resolve(file.data);
}

const COMPRESS_CONCURRENCY = 4;

interface MadeSibling {
  suffix: string;
  size: number;
  md5: string;
  data: string | Buffer;
}

/** A content's siblings: from the cache, else compressed (by content alone: the skip list, by name, was applied before). */
async function compressContent(output: OutputFile, cache: SiblingCache): Promise<MadeSibling[]> {
  const remembered = cache.load(output.md5);
  if (remembered) return remembered.map((sibling) => ({ ...sibling, data: cache.blobFile(output.md5, sibling.suffix) }));
  const fresh = (await whitenoiseSiblingsAsync(output.name, await readContent(output), { skipExtensions: [] })).map((sibling) => ({
    suffix: sibling.name.slice(output.name.length) as '.br' | '.gz',
    bytes: sibling.bytes,
  }));
  const stored = cache.store(output.md5, fresh);
  return stored.map((sibling, at) => ({ ...sibling, data: fresh[at]!.bytes }));
}

export interface SiblingsResult {
  /** The outputs with every sibling added (a sibling replaces a collected file of the same name, as WhiteNoise's write does). */
  files: OutputFile[];
  /** Base name → the sibling names written next to it. */
  siblingsOf: Map<string, string[]>;
  count: number;
}

/**
 * Adds WhiteNoise's siblings to `outputs` (the manifest, if `manifest` names one, stays last and is never compressed).
 * In-memory bytes are used for fresh siblings; remembered ones are copied from the cache.
 */
export async function addCompressedSiblings(
  outputs: readonly OutputFile[],
  names: ReadonlySet<string>,
  options: { cache: SiblingCache; manifest?: string; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
): Promise<SiblingsResult> {
  const manifest = options.manifest ? outputs.find((output) => output.name === options.manifest) : undefined;
  const bodies = outputs.filter((output) => output !== manifest);
  const chosen = bodies.filter((output) => names.has(output.name) && !isSkippedByWhiteNoise(output.name));
  const siblings: OutputFile[] = [];
  const siblingsOf = new Map<string, string[]>();
  // An original and its hashed copy share their content: compressed once, by the first name that needs it.
  const made = new Map<string, Promise<MadeSibling[]>>();
  const siblingsFor = (output: OutputFile): Promise<MadeSibling[]> => {
    let forContent = made.get(output.md5);
    if (!forContent) {
      forContent = compressContent(output, options.cache);
      made.set(output.md5, forContent);
    }
    return forContent;
  };
  let done = 0;
  // Brotli runs on libuv's threads (four by default): as many files at once keeps them all busy.
  const results = await mapWithConcurrency(chosen, COMPRESS_CONCURRENCY, async (output) => {
    if (options.signal?.aborted) throw collectCancelled();
    const forContent = await siblingsFor(output);
    options.onProgress?.((done += 1), chosen.length);
    return forContent;
  });
  chosen.forEach((output, index) => {
    const forContent = results[index]!;
    if (forContent.length) siblingsOf.set(output.name, forContent.map((sibling) => output.name + sibling.suffix));
    for (const sibling of forContent) siblings.push({ name: output.name + sibling.suffix, size: sibling.size, md5: sibling.md5, data: sibling.data });
  });
  const siblingNames = new Set(siblings.map((sibling) => sibling.name));
  const files = [...bodies.filter((output) => !siblingNames.has(output.name)), ...siblings, ...(manifest ? [manifest] : [])];
  return { files, siblingsOf, count: siblings.length };
}
