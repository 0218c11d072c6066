// zopfli off the calling thread. @gfx/zopfli is WebAssembly, which runs on the thread that calls it: two images
// re-deflated at once by one process (the bench, an in-process caller) would take turns on one core, and an abort
// could not stop a run already started. Each worker here holds its own zopfli, one run at a time; there are as many
// as cores, started on first use and kept (loading zopfli's inlined WebAssembly costs a worker ~0.7 s), holding the
// process open only while they run. Aborting terminates the worker mid-run and a fresh one takes its place later.
// The worker is CommonJS passed as source (as collect's file pool does), so every bundle carries it; it loads
// zopfli from where this module resolves it.
import { createRequire } from 'node:module';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { zlibAsync } = require(workerData.zopfli);
parentPort.on('message', ({ rows, iterations }) => {
  zlibAsync(rows, { numiterations: iterations }).then(
    (out) => parentPort.postMessage({ out }),
    (error) => parentPort.postMessage({ error: String(error && error.message || error) }),
  );
});
`;

const idle: Worker[] = [];
const waiting: Array<(worker: Worker) => void> = [];
let started = 0;
const size = Math.max(1, os.availableParallelism());

function acquire(): Promise<Worker> {
  const ready = idle.pop();
  if (ready) return Promise.resolve(ready);
  if (started < size) {
    started++;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { zopfli: createRequire(import.meta.url).resolve('@gfx/zopfli') } });
    return Promise.resolve(worker);
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(worker: Worker): void {
  const next = waiting.shift();
  if (next) return next(worker);
  worker.unref();
  idle.push(worker);
}

function discard(worker: Worker): void {
  started--;
  void worker.terminate();
  // A caller waiting for a worker gets a fresh one in the place of this one.
  const next = waiting.shift();
  if (next) void acquire().then(next);
}

/** `rows` deflated by zopfli into a zlib stream, on a worker thread. */
export async function zopfliZlib(rows: Buffer, iterations: number, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  const worker = await acquire();
  if (signal?.aborted) {
    release(worker);
    signal.throwIfAborted();
  }
  return new Promise<Buffer>((resolve, reject) => {
    const settle = (finish: () => void, keep: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      if (keep) release(worker);
      else discard(worker);
      finish();
    };
    const onMessage = (answer: { out?: Uint8Array; error?: string }) =>
      settle(() => (answer.out ? resolve(Buffer.from(answer.out.buffer, answer.out.byteOffset, answer.out.byteLength)) : reject(new Error(answer.error))), true);
    const onError = (error: Error) => settle(() => reject(error), false);
    const onAbort = () => settle(() => reject(signal!.reason), false);
    worker.ref();
    worker.on('message', onMessage);
    worker.on('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.postMessage({ rows, iterations });
  });
}
