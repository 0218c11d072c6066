// Reading, hashing and writing files on worker threads, so both cores work on a collect's I/O
// (Django uses one). The worker is a few lines of CommonJS passed as source, so every bundle
// (CLI, serve, Electron main) carries it without a separate entry file.
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = String.raw`
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');

// Hashing and copying go through one fixed buffer per worker, so a 2 GB video never sits in memory whole; only
// the CSS and JS that post-processing rewrites are read whole (read).
const CHUNK_BYTES = 8 * 1024 * 1024;
const chunk = Buffer.allocUnsafe(CHUNK_BYTES);

function eachChunk(path, onChunk) {
  const fd = fs.openSync(path, 'r');
  try {
    for (let length; (length = fs.readSync(fd, chunk, 0, CHUNK_BYTES, null)) > 0; ) onChunk(chunk.subarray(0, length));
  } finally {
    fs.closeSync(fd);
  }
}

function writeAll(fd, bytes) {
  for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

function read(path) {
  try {
    const bytes = fs.readFileSync(path);
    return { md5: createHash('md5').update(bytes).digest('hex'), bytes };
  } catch (error) {
    return { error: error.message };
  }
}

function hash(path) {
  try {
    const md5 = createHash('md5');
    eachChunk(path, (bytes) => md5.update(bytes));
    return { md5: md5.digest('hex') };
  } catch (error) {
    return { error: error.message };
  }
}

function write(task) {
  try {
    // Always a new file (a fresh temporary name when replacing), so the mode applies and nothing is followed.
    const outputs = [];
    try {
      for (const target of task.targets) outputs.push({ target, fd: fs.openSync(target.temporary ?? target.path, 'wx', 0o644) });
      if (task.source === undefined) for (const { fd } of outputs) writeAll(fd, task.bytes);
      else eachChunk(task.source, (bytes) => outputs.forEach(({ fd }) => writeAll(fd, bytes)));
    } finally {
      for (const { fd } of outputs) fs.closeSync(fd);
    }
    for (const { target } of outputs) {
      if (task.chmod) fs.chmodSync(target.temporary ?? target.path, 0o644);
      if (target.temporary) fs.renameSync(target.temporary, target.path);
    }
    return {};
  } catch (error) {
    return { error: error.message };
  }
}

const work = { hash, read, write };
parentPort.on('message', ({ id, kind, items }) => {
  parentPort.postMessage({ id, results: items.map(work[kind]) });
});
`;

export interface WriteTarget {
  path: string;
  /** Written first, then renamed over `path`: set when `path` already exists. */
  temporary?: string;
}

export interface WriteTask {
  /** A file to copy, or the bytes to write. */
  source?: string;
  bytes?: Uint8Array;
  targets: WriteTarget[];
  chmod: boolean;
}

type Outcome = { md5?: string; error?: string };
type ReadOutcome = { md5: string; bytes: Buffer } | { error: string };

const BATCH = 64;

export class FilePool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: Array<() => void> = [];
  private nextId = 0;

  constructor(size = Math.max(1, Math.min(os.availableParallelism(), 4))) {
    this.workers = Array.from({ length: size }, () => new Worker(WORKER_SOURCE, { eval: true }));
    for (const worker of this.workers) worker.unref();
    this.idle = [...this.workers];
  }

  /** The md5 of each file, or why it could not be read, in order. */
  hash(paths: readonly string[], onBatch?: (done: number) => void): Promise<Outcome[]> {
    return this.run('hash', paths, onBatch);
  }

  /** Each file's bytes and their md5, or why it could not be read, in order. */
  async read(paths: readonly string[]): Promise<ReadOutcome[]> {
    const outcomes = (await this.run('read', paths)) as Array<{ md5?: string; bytes?: Uint8Array; error?: string }>;
    // Structured clone hands over a Uint8Array; the model works on Buffers.
    return outcomes.map(({ md5, bytes, error }) =>
      bytes && md5 !== undefined ? { md5, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) } : { error: error ?? 'unknown error' },
    );
  }

  /** Writes every task; the first failure is reported after all batches settle. */
  async write(tasks: readonly WriteTask[], onBatch?: (done: number) => void): Promise<void> {
    const outcomes = await this.run('write', tasks, onBatch);
    const failed = outcomes.find((outcome) => outcome.error);
    if (failed) throw new Error(failed.error);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private async run<T>(kind: 'hash' | 'read' | 'write', items: readonly T[], onBatch?: (done: number) => void): Promise<Outcome[]> {
    const results: Outcome[] = new Array(items.length);
    let done = 0;
    const batches: Array<Promise<void>> = [];
    for (let start = 0; start < items.length; start += BATCH) {
      const slice = items.slice(start, start + BATCH);
      batches.push(
        this.send(kind, slice).then((outcomes) => {
          outcomes.forEach((outcome, offset) => (results[start + offset] = outcome));
          done += slice.length;
          onBatch?.(done);
        }),
      );
    }
    await Promise.all(batches);
    return results;
  }

  private async send<T>(kind: string, items: readonly T[]): Promise<Outcome[]> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    const worker = this.idle.pop()!;
    const id = this.nextId++;
    try {
      return await new Promise<Outcome[]>((resolve, reject) => {
        const onMessage = (message: { id: number; results: Outcome[] }) => {
          if (message.id !== id) return;
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve(message.results);
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
        worker.postMessage({ id, kind, items });
      });
    } finally {
      this.idle.push(worker);
      this.waiting.shift()?.();
    }
  }
}
