// Content hashes remembered per file signature (size, mtime, ctime, inode), as git's index does,
// so an unchanged project is compared by content without reading every byte again.
// ctime cannot be set back by a user, so an edited file always misses the cache.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { md5OfFile } from './md5-of-file';

const VERSION = 1;

interface Entry {
  signature: string;
  md5: string;
}

function signatureOf(stat: fs.Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PORTER_CACHE_DIR) return env.PORTER_CACHE_DIR;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'porter');
}

export class FileSignatureCache {
  private entries = new Map<string, Entry>();
  /** Files looked at in this run: only they are saved, so entries of deleted files fall away. */
  private readonly used = new Set<string>();

  /** `file` null keeps the cache in memory only. */
  constructor(private readonly file: string | null) {
    if (!file) return;
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; entries: Array<[string, string, string]> };
      if (parsed.version === VERSION) {
        this.entries = new Map(parsed.entries.map(([name, signature, md5]) => [name, { signature, md5 }]));
      }
    } catch {
      // A missing or unreadable cache only costs a full read.
    }
  }

  static forOutput(outDir: string, cacheDir = defaultCacheDir()): FileSignatureCache {
    const key = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 24);
    return new FileSignatureCache(path.join(cacheDir, `collect-${key}.json`));
  }

  /** The md5 of a file's content; `stat` when the caller already has it. */
  md5(absolute: string, stat: fs.Stats = fs.statSync(absolute)): string {
    return this.cached(absolute, stat) ?? this.store(absolute, stat, md5OfFile(absolute));
  }

  /** The remembered md5, if the file still has the signature it had then. */
  cached(absolute: string, stat: fs.Stats): string | undefined {
    this.used.add(absolute);
    const entry = this.entries.get(absolute);
    return entry?.signature === signatureOf(stat) ? entry.md5 : undefined;
  }

  store(absolute: string, stat: fs.Stats, md5: string): string {
    this.used.add(absolute);
    this.entries.set(absolute, { signature: signatureOf(stat), md5 });
    return md5;
  }

  /** Records a file Porter just wrote, whose content hash it already knows. */
  remember(absolute: string, md5: string): void {
    this.entries.set(absolute, { signature: signatureOf(fs.statSync(absolute)), md5 });
    this.used.add(absolute);
  }

  save(): void {
    if (!this.file) return;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const entries = [...this.used].map((name) => [name, this.entries.get(name)!.signature, this.entries.get(name)!.md5]);
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ version: VERSION, entries }));
      fs.renameSync(temporary, this.file);
    } catch {
      // The cache is an optimisation; failing to save it must not fail a collect.
    }
  }
}
