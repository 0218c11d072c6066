// Messages between the optimize pool and its worker threads: one request in flight per worker. A worker says
// `started` once the optimiser the file needs is loaded, and the file's time budget runs from then. An idle worker
// of a warmed pool may also be told to prepare: load ahead what the project's files will need.
import type { SavingsMode } from '../../../contract/porter';
import type { AssetResult } from '../index';
import type { Measurement } from '../savings/measurement';
import type { OptimizeOptions, OptimizeReport } from '../types';

/** What crosses to a worker: an AbortSignal cannot, so the pool stops a worker instead. */
export type WorkerOptimizeOptions = Omit<OptimizeOptions, 'signal'>;

export type WorkerRequest =
  /** Without `quick`: the quick phase of a savings measurement; with it (that phase's result), the refined one. */
  | { job: 'measure'; bytes: Uint8Array; filename: string; mode: SavingsMode; quick?: Extract<Measurement, { ok: true }> }
  | { job: 'optimize'; bytes: Uint8Array; filename: string; options: WorkerOptimizeOptions }
  | { job: 'woff2'; bytes: Uint8Array; filename: string };

/** The project's file extensions (preloadMinifiersFor); answered with `prepared`. */
export interface PrepareRequest {
  job: 'prepare';
  extensions: string[];
}

/** What the pool posts to a worker. */
export type WorkerMessage = WorkerRequest | PrepareRequest;

export type WorkerResponse =
  | { job: 'started' }
  /** Also says the worker has loaded everything it imports at start-up. */
  | { job: 'prepared' }
  | { job: 'measure'; measurement: Measurement }
  | { job: 'optimized'; bytes: Uint8Array; report: OptimizeReport; transfer: AssetResult['transfer'] }
  /** `optimizeError`: the file cannot be optimised (an OptimizeError, a per-file error); otherwise a fault. */
  | { job: 'failed'; message: string; optimizeError: boolean };
