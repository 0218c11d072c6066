// Sends files to a remote in the order that keeps the site whole at every moment: hashed files first, then the
// un-hashed originals, and staticfiles.json last, only once every file it names is there. Each arrival goes to the
// index log, which checkpoints in the background, so a push killed at any moment and run again sends only what had
// not arrived.
import type { ObjectHeaders } from './object-headers';
import { MANIFEST } from './local-files';
import { mapWithConcurrency } from './concurrency';
import type { IndexLog, ObjectIndex } from './index-log';
import type { UploadEncoding } from './content-encoding';

export interface TransferItem {
  key: string;
  sha256: string;
  size: number;
  hashed: boolean;
  /** Stored compressed with this Content-Encoding; null or absent for the file as it is. */
  encoding?: UploadEncoding | null;
}

export interface TransferProgress {
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
  /** Bytes a second so far; 0 until the first file arrives. */
  rate: number;
  etaMs: number | null;
  /** The file that just arrived. */
  lastKey?: string;
}

export interface TransferOptions {
  concurrency: number;
  headers: (item: TransferItem) => ObjectHeaders;
  /** Puts (or copies) one item and returns its ETag; a large file streamed in parts reports its bytes as they arrive. */
  send: (item: TransferItem, headers: ObjectHeaders, onBytes: (bytes: number) => void) => Promise<{ etag: string; size: number }>;
  index: ObjectIndex;
  /** Where arrivals are recorded in the environment; absent for stores without Porter's records (user media). */
  log?: IndexLog;
  signal?: AbortSignal;
  onProgress?: (progress: TransferProgress) => void;
  /**
   * Runs once every other file has arrived and before staticfiles.json is sent (even when it is not to be sent):
   * where the release record is written, so a manifest never goes live without one.
   */
  beforeManifest?: (sofar: { sent: string[]; bytes: number; durationMs: number }) => Promise<void>;
}

export function abortError(): Error {
  const error = new Error('The push was cancelled. What arrived is kept; push again to send the rest.');
  error.name = 'AbortError';
  return error;
}

/** Retries on top of the SDK's own, for failures it does not retry (a checked arrival that came out wrong). */
async function withRetries<T>(attempt: () => Promise<T>, signal: AbortSignal | undefined, tries = 3): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (round >= tries || signal?.aborted || isPermanent(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** round + Math.random() * 100));
    }
  }
}

function isPermanent(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

export async function transfer(items: TransferItem[], options: TransferOptions): Promise<{ sent: string[]; bytesSent: number; durationMs: number }> {
  const started = performance.now();
  const totalBytes = items.reduce((sum, item) => sum + item.size, 0);
  const sent: string[] = [];
  let bytes = 0;
  /** Of files still on their way, the bytes that arrived already (parts of a large file). */
  let partialBytes = 0;
  const phases = [
    items.filter((item) => item.hashed),
    items.filter((item) => !item.hashed && item.key !== MANIFEST),
    items.filter((item) => item.key === MANIFEST),
  ];
  const report = (lastKey?: string) => {
    const arrivedBytes = bytes + partialBytes;
    const elapsed = (performance.now() - started) / 1000;
    const rate = elapsed > 0 ? arrivedBytes / elapsed : 0;
    options.onProgress?.({ done: sent.length, total: items.length, bytes: arrivedBytes, totalBytes, rate, etaMs: rate > 0 ? Math.round(((totalBytes - arrivedBytes) / rate) * 1000) : null, ...(lastKey ? { lastKey } : {}) });
  };
  const sendOne = async (item: TransferItem): Promise<void> => {
    if (options.signal?.aborted) throw abortError();
    const headers = options.headers(item);
    let itemBytes = 0;
    const onBytes = (arrivedBytes: number) => {
      itemBytes += arrivedBytes;
      partialBytes += arrivedBytes;
      report();
    };
    const attempt = () => {
      // A retry starts the file over (a resumed upload reports the parts it finds again).
      partialBytes -= itemBytes;
      itemBytes = 0;
      return options.send(item, headers, onBytes);
    };
    const arrived = await withRetries(attempt, options.signal).finally(() => {
      partialBytes -= itemBytes;
    });
    const entry = { sha256: item.sha256, size: arrived.size, etag: arrived.etag, ...(item.encoding ? { encoding: item.encoding } : {}) };
    options.index[item.key] = entry;
    options.log?.add(item.key, entry);
    sent.push(item.key);
    bytes += item.size;
    report(item.key);
  };
  try {
    for (const [number, phase] of phases.entries()) {
      if (number === 2 && options.beforeManifest) {
        if (options.signal?.aborted) throw abortError();
        await options.beforeManifest({ sent: [...sent], bytes, durationMs: Math.round(performance.now() - started) });
      }
      await mapWithConcurrency(phase, options.concurrency, sendOne);
    }
  } catch (error) {
    // Whatever arrived is recorded, so the next push does not send it again.
    await options.log?.flush().catch(() => undefined);
    throw error;
  }
  if (options.signal?.aborted) {
    await options.log?.flush().catch(() => undefined);
    throw abortError();
  }
  return { sent, bytesSent: bytes, durationMs: Math.round(performance.now() - started) };
}
