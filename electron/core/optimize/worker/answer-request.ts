// One request's work, the same on a worker thread (optimize-worker.ts) and on the calling thread (the pool's
// fallback without a worker bundle). Never throws: a failure comes back as a `failed` answer.
import path from 'node:path';
import { optimizeAsset, OptimizeError } from '../index';
import { measureQuick, measureRefined } from '../savings/measure-asset';
import type { WorkerRequest, WorkerResponse } from './protocol';

export async function answerRequest(request: WorkerRequest, signal?: AbortSignal): Promise<WorkerResponse> {
  const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  if (request.job === 'measure') {
    const measurement = await (request.quick ? measureRefined(bytes, request.filename, request.mode, request.quick) : measureQuick(bytes, request.filename, request.mode));
    return { job: 'measure', measurement };
  }
  try {
    if (request.job === 'woff2') {
      // Loaded with the first font: the encoder's WebAssembly is a megabyte, and most projects have few fonts.
      const { convertFontToWoff2 } = await import('../fonts/index');
      const result = await convertFontToWoff2(bytes, request.filename);
      return { job: 'optimized', bytes: result.bytes, report: result.report, transfer: null };
    }
    const result = await optimizeAsset(bytes, request.filename, { ...request.options, ...(signal ? { signal } : {}) });
    return { job: 'optimized', bytes: result.bytes, report: result.report, transfer: result.transfer };
  } catch (error) {
    return { job: 'failed', message: error instanceof Error ? error.message : String(error), optimizeError: error instanceof OptimizeError };
  }
}

/**
 * Loads the optimiser a request needs, which its optimiser otherwise loads on first use: a file's time budget then
 * counts its own work. On a loaded machine importing svgo alone took over 8 s.
 */
export async function loadOptimizerFor(request: WorkerRequest): Promise<void> {
  const extension = path.extname(request.filename).toLowerCase();
  if (extension === '.svg') await import('svgo');
  else if (extension === '.html' || extension === '.htm') await import('html-minifier-terser');
  if (request.job === 'woff2' || (request.job === 'measure' && request.quick?.kind === 'font')) await import('woff2-encoder');
}
