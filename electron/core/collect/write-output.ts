// Brings the output folder to the computed state, writing only files whose content differs.
// Each replaced file is written beside its target and renamed over it, so a reader never sees
// a half-written file and a symlink planted in the output is replaced, never followed.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileSignatureCache } from './signature-cache';

export interface OutputFile {
  name: string;
  size: number;
  md5: string;
  /** Absolute source path to copy, or the bytes to write. */
  data: string | Buffer;
  /** The source's mode, when `data` is a path: a copy keeps it, and Django's copies are 0644. */
  mode?: number;
}

export interface WriteProgress {
  done: number;
  total: number;
  bytes: number;
}

export interface WriteOptions {
  outDir: string;
  /** In order; the last one (the manifest) is written only after all others. */
  files: OutputFile[];
  dryRun: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: WriteProgress) => void;
  cache: FileSignatureCache;
}

export interface WriteResult {
  /** Names whose content differed (or was absent) and were (or, in a dry run, would be) written. */
  changed: Set<string>;
}

export class OutputFolderError extends Error {}

function cancelledError(): Error {
  const error = new Error('Collect was cancelled.');
  error.name = 'AbortError';
  return error;
}

class SafeDirectories {
  private readonly verified = new Set<string>();
  constructor(private readonly outDir: string) {}

  /** Creates `relDir` inside the output folder, refusing to pass through anything but real folders. */
  ensure(relDir: string): void {
    if (!relDir || this.verified.has(relDir)) return;
    const parent = path.posix.dirname(relDir);
    if (parent !== '.') this.ensure(parent);
    const absolute = path.join(this.outDir, relDir);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(absolute);
    } catch {
      fs.mkdirSync(absolute);
    }
    if (stat && !stat.isDirectory()) {
      throw new OutputFolderError(
        `${absolute} is ${stat.isSymbolicLink() ? 'a symlink' : 'a file'} where the output needs a folder. Porter will not write through it: remove it and run collect again.`,
      );
    }
    this.verified.add(relDir);
  }
}

function sameContent(absolute: string, stat: fs.Stats, file: OutputFile, cache: FileSignatureCache): boolean {
  if (!stat.isFile() || stat.size !== file.size) return false;
  return cache.md5(absolute, stat) === file.md5;
}

async function writeFile(absolute: string, file: OutputFile, replace: boolean): Promise<void> {
  const target = replace ? `${absolute}.porter-${randomBytes(4).toString('hex')}.tmp` : absolute;
  if (typeof file.data === 'string') {
    await fs.promises.copyFile(file.data, target, replace ? 0 : fs.constants.COPYFILE_EXCL);
    if (file.mode === undefined || (file.mode & 0o777) !== 0o644) await fs.promises.chmod(target, 0o644);
  } else {
    await fs.promises.writeFile(target, file.data, { mode: 0o644, flag: replace ? 'w' : 'wx' });
  }
  if (replace) await fs.promises.rename(target, absolute);
}

/** Runs `task` over `items` with at most `limit` in flight; file copies overlap on libuv's thread pool. */
async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) await task(items[index]!, index);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function writeOutput(options: WriteOptions): Promise<WriteResult> {
  const { outDir, files, dryRun, signal, onProgress, cache } = options;
  const changed = new Set<string>();
  const outExists = fs.existsSync(outDir);
  if (outExists && !fs.statSync(outDir).isDirectory()) {
    throw new OutputFolderError(`The output path ${outDir} is a file, not a folder. Choose another --out.`);
  }
  if (!dryRun) fs.mkdirSync(outDir, { recursive: true });
  const directories = new SafeDirectories(outDir);
  let bytes = 0;
  let done = 0;
  const writeOne = async (file: OutputFile) => {
    if (signal?.aborted) throw cancelledError();
    const absolute = path.join(outDir, file.name);
    // lstat, not stat: a planted symlink is replaced, never written through.
    const existing = outExists ? lstatOrUndefined(absolute) : undefined;
    if (!existing || !sameContent(absolute, existing, file, cache)) {
      changed.add(file.name);
      if (!dryRun) {
        const folder = path.posix.dirname(file.name);
        directories.ensure(folder === '.' ? '' : folder);
        await writeFile(absolute, file, existing !== undefined);
        cache.remember(absolute, file.md5);
      }
      bytes += file.size;
    }
    done++;
    if (done % 200 === 0) onProgress?.({ done, total: files.length, bytes });
  };
  // Everything the manifest names is in place before the manifest itself is written.
  await forEachLimited(files.slice(0, -1), 8, writeOne);
  if (files.length) await writeOne(files[files.length - 1]!);
  onProgress?.({ done: files.length, total: files.length, bytes });
  return { changed };
}

function lstatOrUndefined(absolute: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(absolute);
  } catch {
    return undefined;
  }
}
