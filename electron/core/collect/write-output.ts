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

function sameContent(absolute: string, file: OutputFile, cache: FileSignatureCache): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(absolute, { bigint: false });
  } catch {
    return false;
  }
  if (!stat.isFile() || stat.size !== file.size) return false;
  return cache.md5(absolute, stat) === file.md5;
}

function writeFile(absolute: string, file: OutputFile, exists: boolean): void {
  const target = exists ? `${absolute}.porter-${randomBytes(4).toString('hex')}.tmp` : absolute;
  if (typeof file.data === 'string') {
    fs.copyFileSync(file.data, target, exists ? 0 : fs.constants.COPYFILE_EXCL);
    fs.chmodSync(target, 0o644);
  } else {
    fs.writeFileSync(target, file.data, { mode: 0o644, flag: exists ? 'w' : 'wx' });
  }
  if (exists) fs.renameSync(target, absolute);
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
  for (let index = 0; index < files.length; index++) {
    if (signal?.aborted) throw cancelledError();
    const file = files[index]!;
    const absolute = path.join(outDir, file.name);
    const exists = outExists && fs.existsSync(absolute);
    if (!exists || !sameContent(absolute, file, cache)) {
      changed.add(file.name);
      if (!dryRun) {
        directories.ensure(path.posix.dirname(file.name) === '.' ? '' : path.posix.dirname(file.name));
        writeFile(absolute, file, exists || isSymlink(absolute));
        cache.remember(absolute, file.md5);
      }
      bytes += file.size;
    }
    if (index % 200 === 199) {
      onProgress?.({ done: index + 1, total: files.length, bytes });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  onProgress?.({ done: files.length, total: files.length, bytes });
  return { changed };
}

function isSymlink(absolute: string): boolean {
  try {
    return fs.lstatSync(absolute).isSymbolicLink();
  } catch {
    return false;
  }
}
