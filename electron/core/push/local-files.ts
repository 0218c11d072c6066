// The collected output as push sees it: every file with its SHA-256, and which names are hashed (named as a
// value in staticfiles.json), because those can be cached for a year and must arrive before the manifest.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readBytes } from './read-bytes';
import { sha256OfFile } from './remote';

export const MANIFEST = 'staticfiles.json';
const STREAM_HASH_ABOVE = 16 * 1024 * 1024;

export interface LocalFile {
  key: string;
  absolute: string;
  size: number;
  sha256: string;
  hashed: boolean;
}

export class OutputFolderMissing extends Error {}

export async function readCollectedOutput(outDir: string): Promise<LocalFile[]> {
  let entries: string[];
  try {
    entries = await readdir(outDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new OutputFolderMissing(`${outDir} does not exist: nothing has been collected into it yet. Collect into it first, then push.`);
    }
    throw error;
  }
  const hashedNames = await manifestValues(path.join(outDir, MANIFEST));
  const keys = entries.map((entry) => entry.split(path.sep).join('/')).filter((key) => !(key.startsWith('.porter/') || key === '.porter'));
  const files: LocalFile[] = [];
  let lastYield = performance.now();
  for (const key of keys.sort()) {
    const absolute = path.join(outDir, key);
    const stat = statSync(absolute);
    if (!stat.isFile()) continue;
    // A large file (a video) is hashed as it streams past, never held whole in memory.
    const sha256 = stat.size > STREAM_HASH_ABOVE ? await sha256OfFile(absolute) : createHash('sha256').update(await readBytes(absolute, stat.size)).digest('hex');
    files.push({ key, absolute, size: stat.size, sha256, hashed: hashedNames.has(key) });
    // Small files are read synchronously (read-bytes.ts); the event loop (the app's window, a cancel) gets in every
    // few milliseconds.
    if (performance.now() - lastYield > 8) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
  return files;
}

async function manifestValues(file: string): Promise<Set<string>> {
  try {
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { paths?: Record<string, string> };
    return new Set(Object.values(manifest.paths ?? {}));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw new Error(`${file} is not a valid staticfiles.json (${(error as Error).message}). Collect again before pushing.`, { cause: error });
  }
}
