// Entry of the optimize worker bundle (built by scripts/build.mjs next to the CLI and Electron main bundles): one
// asset per message with the same optimizers the main thread would use: a savings measurement (its quick or its
// refined phase), an optimised file, or a font's WOFF2.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { preloadMinifiersFor } from '../text/preload-minifiers';
import { answerRequest, loadOptimizerFor } from './answer-request';
import type { WorkerMessage, WorkerResponse } from './protocol';

// The pool already runs one worker per core; libvips threads on top of that would oversubscribe them. The
// setting is libvips-wide (the whole process), which suits Porter: while a pool runs, the workers do the image
// work. MALLOC_ARENA_MAX=2, which sharp advises on glibc, only works from the environment the process starts
// with, so it cannot be set from here.
sharp.concurrency(1);

const port = parentPort;
if (!port) throw new Error('optimize-worker must run as a worker thread.');

port.on('message', (request: WorkerMessage) => {
  if (request.job === 'prepare') {
    // A failed preload only means the first file of that kind loads it (and reports the failure) itself.
    const prepared = (): void => port.postMessage({ job: 'prepared' } satisfies WorkerResponse);
    void preloadMinifiersFor(request.extensions).then(prepared, prepared);
    return;
  }
  void (async () => {
    await loadOptimizerFor(request);
    port.postMessage({ job: 'started' } satisfies WorkerResponse);
    port.postMessage(await answerRequest(request));
  })();
});
