// Entry of the optimize worker bundle (built by scripts/build.mjs next to the CLI and Electron main bundles):
// measures one asset per message (its quick or its refined phase) with the same optimizers the main thread would use.
import { parentPort } from 'node:worker_threads';
import sharp from 'sharp';
import { measureQuick, measureRefined } from '../savings/measure-asset';
import type { MeasureRequest, MeasureResponse } from './protocol';

// The pool already runs one worker per core; libvips threads on top of that would oversubscribe them. The
// setting is libvips-wide (the whole process), which suits Porter: while a pool runs, the workers do the image
// work. MALLOC_ARENA_MAX=2, which sharp advises on glibc, only works from the environment the process starts
// with, so it cannot be set from here.
sharp.concurrency(1);

const port = parentPort;
if (!port) throw new Error('optimize-worker must run as a worker thread.');

port.on('message', (request: MeasureRequest) => {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  const measuring = request.quick ? measureRefined(bytes, request.filename, request.mode, request.quick) : measureQuick(bytes, request.filename, request.mode);
  void measuring.then((measurement) => {
    const response: MeasureResponse = { measurement };
    port.postMessage(response);
  });
});
