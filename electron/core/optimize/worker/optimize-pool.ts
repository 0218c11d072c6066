// Runs the optimizers on worker threads, one per core, one asset per worker at a time, each within its budget
// (budget.ts): a file over the size budget is not tried, and a worker still busy when a file's time budget runs out
// is terminated (svgo, terser and the encoders cannot be interrupted any other way) and replaced by a fresh one for
// the next file, so one pathological file costs its budget and nothing more. Either way the file is kept as it is,
// with the reason. Without a worker bundle (TypeScript sources under vitest) the same work runs on this thread, as
// many at once as there would be workers; there only the size budget holds, since nothing can stop work that
// holds this thread.
//
// Starting a worker costs more than measuring a small project's quick numbers (loading sharp, libvips and the
// minifiers: ~0.6 s a worker on an idle machine, seconds under load), so a pool can be warmed before its first
// measurement (`warm`, when a project opens) and kept for the next report; a cancelled measurement stops its own
// worker only, and a fresh one takes its place.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SavingsMode } from '../../../contract/porter';
import { DEFAULT_BUDGET, overSizeReason, overTimeReason, timeLimitMs, type OptimizeBudget, type OverBudget } from '../budget';
import type { AssetResult } from '../index';
import type { Measurement } from '../savings/measurement';
import { OptimizeError, type OptimizeOptions, type OptimizeResult } from '../types';
import { extensionsOf, preloadMinifiersFor } from '../text/preload-minifiers';
import { answerRequest } from './answer-request';
import type { WorkerMessage, WorkerRequest, WorkerResponse } from './protocol';

type QuickMeasurement = Extract<Measurement, { ok: true }>;

export interface MeasureOptions {
  /** That phase's result: measure the refined phase. Absent: the quick phase. */
  quick?: QuickMeasurement;
  /** Aborting drops the measurement if it waits, and stops the worker running it if it runs. */
  signal?: AbortSignal;
  /** This file's budget, when it is not the pool's (a kept pool measures whichever project is open). */
  budget?: OptimizeBudget;
}

export interface OptimizePool {
  readonly threaded: boolean;
  /** How many files are worked on at once. */
  readonly size: number;
  /** Workers started so far: `size` once warm, more only when one had to be replaced (a crash, a cancel, a budget). */
  readonly started: number;
  /**
   * Starts every worker now and has each load what these files will need (svgo for SVGs, the HTML minifier), so
   * the first measurement pays no start-up. A worker loads ahead only while no work waits for it. Resolves once
   * every worker is ready or already working; never rejects.
   */
  warm(filenames: Iterable<string>): Promise<void>;
  /** The quick phase, or with `quick` the refined one; see measure-asset. Over budget: an error row. */
  measure(bytes: Buffer, filename: string, mode: SavingsMode, options?: MeasureOptions): Promise<Measurement>;
  /** optimizeAsset on a worker; over budget, the original bytes with `kept` and the reason. Throws OptimizeError as it does. */
  optimize(bytes: Buffer, filename: string, options: OptimizeOptions): Promise<AssetResult>;
  /** convertFontToWoff2 on a worker; over budget, the original font with `kept` and the reason. */
  convertFont(bytes: Buffer, filename: string): Promise<OptimizeResult>;
  /** Stops the workers at once; work still waiting or running rejects with PoolClosedError. */
  close(): Promise<void>;
}

export class PoolClosedError extends Error {
  constructor() {
    super('The optimize pool was closed.');
    this.name = 'PoolClosedError';
  }
}

export interface OptimizePoolOptions {
  size: number;
  workerFile: string | null;
  /** Default: DEFAULT_BUDGET. */
  budget?: OptimizeBudget;
}

export function createOptimizePool(options: OptimizePoolOptions): OptimizePool {
  const size = Math.max(1, options.size);
  const budget = options.budget ?? DEFAULT_BUDGET;
  const run = options.workerFile ? threadRunner(size, options.workerFile) : inProcessRunner(size);
  const overSize = (bytes: Buffer, filename: string, fileBudget = budget) => overSizeReason(fileBudget, filename, bytes.length);
  return {
    threaded: run.threaded,
    size,
    get started() {
      return run.started;
    },
    warm: (filenames) => run.warm(extensionsOf(filenames)),
    async measure(bytes, filename, mode, { quick, signal, budget: fileBudget = budget } = {}) {
      const tooLarge = overSize(bytes, filename, fileBudget);
      if (tooLarge) return { ok: false, error: tooLarge, lasting: false };
      signal?.throwIfAborted();
      const outcome = await run.task({ job: 'measure', bytes, filename, mode, ...(quick ? { quick } : {}) }, fileBudget, signal);
      if (outcome.over) return { ok: false, error: outcome.reason, lasting: false };
      if (outcome.response.job !== 'measure') throw new Error(`the optimize worker answered a measurement with '${outcome.response.job}'`);
      return outcome.response.measurement;
    },
    async optimize(bytes, filename, optimizeOptions) {
      const tooLarge = overSize(bytes, filename);
      if (tooLarge) return keptAsItIs(bytes, filename, optimizeOptions.mode, 'size', tooLarge);
      const { signal, ...rest } = optimizeOptions;
      signal?.throwIfAborted();
      const outcome = await run.task({ job: 'optimize', bytes, filename, options: rest }, budget, signal);
      if (outcome.over) return keptAsItIs(bytes, filename, optimizeOptions.mode, 'time', outcome.reason);
      return optimized(outcome.response);
    },
    async convertFont(bytes, filename) {
      const tooLarge = overSize(bytes, filename);
      if (tooLarge) return keptAsItIs(bytes, filename, 'lossless', 'size', tooLarge);
      const outcome = await run.task({ job: 'woff2', bytes, filename }, budget);
      if (outcome.over) return keptAsItIs(bytes, filename, 'lossless', 'time', outcome.reason);
      return optimized(outcome.response);
    },
    close: () => run.close(),
  };

  function optimized(response: WorkerResponse): AssetResult {
    if (response.job === 'failed') throw response.optimizeError ? new OptimizeError(response.message) : new Error(response.message);
    if (response.job !== 'optimized') throw new Error(`the optimize worker answered an optimisation with '${response.job}'`);
    const bytes = Buffer.from(response.bytes.buffer, response.bytes.byteOffset, response.bytes.byteLength);
    return { bytes, report: response.report, transfer: response.transfer };
  }
}

/** The original bytes, reported as kept for the reason given. */
function keptAsItIs(bytes: Buffer, filename: string, mode: OptimizeOptions['mode'], overBudget: OverBudget, reason: string): AssetResult {
  return {
    bytes,
    report: {
      originalBytes: bytes.length,
      outputBytes: bytes.length,
      format: path.extname(filename).slice(1).toLowerCase(),
      mode,
      quality: null,
      score: null,
      kept: true,
      notes: [reason],
      overBudget,
    },
    transfer: null,
  };
}

type Outcome = { over: false; response: WorkerResponse } | { over: true; reason: string };

interface Runner {
  readonly threaded: boolean;
  readonly started: number;
  warm(extensions: readonly string[]): Promise<void>;
  task(request: WorkerRequest, budget: OptimizeBudget, signal?: AbortSignal): Promise<Outcome>;
  close(): Promise<void>;
}

interface Task {
  request: WorkerRequest;
  budget: OptimizeBudget;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  deadline: NodeJS.Timeout | null;
  /** A prepare message is out and not yet answered. */
  preparing: boolean;
  /** The extensions this worker has prepared (or is preparing) for; null until its first prepare. */
  prepared: Set<string> | null;
  /**
   * Set by warm, cleared by the worker's next task: once a report runs, loading ahead would only compete with it
   * (each file loads what it needs itself).
   */
  wantsPrepare: boolean;
}

function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The work was cancelled.', 'AbortError');
}

function threadRunner(size: number, workerFile: string): Runner {
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  /** What every worker prepares for: the extensions of all files warmed so far; null until the first warm. */
  let extensions: Set<string> | null = null;
  let waitingForReady: Array<() => void> = [];
  let started = 0;
  let closed = false;

  const idle = (slot: Slot): boolean => slot.task === null && !slot.preparing;
  const missing = (slot: Slot): string[] => (extensions ? [...extensions].filter((extension) => !slot.prepared?.has(extension)) : []);
  const needsPrepare = (slot: Slot): boolean => slot.wantsPrepare && (slot.prepared === null || missing(slot).length > 0);
  const settleReady = (): void => {
    if (waitingForReady.length === 0 || [...slots].some((slot) => slot.preparing || needsPrepare(slot))) return;
    const waiting = waitingForReady;
    waitingForReady = [];
    for (const wake of waiting) wake();
  };

  const release = (slot: Slot): Task | null => {
    const task = slot.task;
    slot.task = null;
    if (slot.deadline) clearTimeout(slot.deadline);
    slot.deadline = null;
    return task;
  };

  // A worker that dies (a native crash, out of memory) or runs over a file's time costs only the asset it held:
  // that asset gets its answer and a fresh worker takes the next one.
  const lose = (slot: Slot, answer: (task: Task) => void): void => {
    if (!slots.delete(slot)) return;
    const task = release(slot);
    if (task) answer(task);
    void slot.worker.terminate();
    pump();
    settleReady();
  };
  const died = (slot: Slot, reason: string): void =>
    lose(slot, (task) => {
      const message = `The optimizer stopped while working on this file: ${reason}`;
      if (task.request.job === 'measure') task.resolve({ over: false, response: { job: 'measure', measurement: { ok: false, error: message, lasting: false } } });
      else task.resolve({ over: false, response: { job: 'failed', message, optimizeError: true } });
    });

  const spawn = (): Slot => {
    started += 1;
    const slot: Slot = { worker: new Worker(workerFile), task: null, deadline: null, preparing: false, prepared: null, wantsPrepare: extensions !== null };
    slot.worker.on('message', (response: WorkerResponse) => {
      if (response.job === 'started') return startClock(slot);
      if (response.job === 'prepared') slot.preparing = false;
      else release(slot)?.resolve({ over: false, response });
      pump();
      settleReady();
    });
    slot.worker.on('error', (error) => died(slot, error.message));
    slot.worker.on('exit', (code) => died(slot, `the worker exited with code ${code}`));
    slots.add(slot);
    return slot;
  };

  const start = (slot: Slot, task: Task): void => {
    slot.task = task;
    slot.wantsPrepare = false;
    slot.worker.postMessage(task.request satisfies WorkerMessage);
  };
  // From the worker's `started`: a budget counts the file's work, not the loading of its optimiser.
  const startClock = (slot: Slot): void => {
    const task = slot.task;
    if (!task) return;
    const bytes = task.request.bytes.length;
    slot.deadline = setTimeout(() => lose(slot, (late) => late.resolve({ over: true, reason: overTimeReason(task.budget, bytes) })), timeLimitMs(task.budget, bytes));
  };

  // Work first; a worker prepares (loads svgo ahead, say) only when nothing waits for it, so a click that comes
  // while the workers start gets its rows before any preloading.
  function pump(): void {
    if (closed) return;
    while (queue.length > 0) {
      const slot = [...slots].find(idle) ?? (slots.size < size ? spawn() : undefined);
      if (!slot) return;
      start(slot, queue.shift()!);
    }
    for (const slot of slots) {
      if (!idle(slot) || !needsPrepare(slot)) continue;
      const request: WorkerMessage = { job: 'prepare', extensions: missing(slot) };
      slot.prepared = new Set([...(slot.prepared ?? []), ...request.extensions]);
      slot.preparing = true;
      slot.worker.postMessage(request);
    }
  }

  return {
    threaded: true,
    get started() {
      return started;
    },
    async warm(names) {
      if (closed) return;
      extensions ??= new Set();
      for (const extension of names) extensions.add(extension);
      for (const slot of slots) slot.wantsPrepare = true;
      while (slots.size < size) spawn();
      const ready = new Promise<void>((resolve) => waitingForReady.push(resolve));
      pump();
      settleReady();
      await ready;
    },
    task(request, budget, signal) {
      if (closed) return Promise.reject(new PoolClosedError());
      if (signal?.aborted) return Promise.reject(abortReason(signal));
      return new Promise<Outcome>((resolve, reject) => {
        // A cancelled task stops its worker (or leaves the queue): nothing else interrupts an encoder.
        const cancel = (): void => {
          const waiting = queue.indexOf(task);
          if (waiting >= 0) queue.splice(waiting, 1);
          const holder = [...slots].find((slot) => slot.task === task);
          if (holder) {
            lose(holder, () => undefined);
            // A warm pool stays warm for the next report: the stopped worker's place is filled at once.
            if (!closed && extensions !== null && slots.size < size) spawn();
            pump();
          }
          reject(abortReason(signal!));
        };
        const settled = (): void => signal?.removeEventListener('abort', cancel);
        const task: Task = {
          request,
          budget,
          resolve: (outcome) => (settled(), resolve(outcome)),
          reject: (error) => (settled(), reject(error)),
        };
        signal?.addEventListener('abort', cancel, { once: true });
        queue.push(task);
        pump();
      });
    },
    async close() {
      closed = true;
      const running = [...slots];
      slots.clear();
      const held = running.flatMap((slot) => {
        const task = release(slot);
        return task ? [task] : [];
      });
      for (const task of [...queue.splice(0), ...held]) task.reject(new PoolClosedError());
      // Nobody waits for workers that are gone.
      settleReady();
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}

function inProcessRunner(size: number): Runner {
  let active = 0;
  let closed = false;
  const waiting: Array<() => void> = [];
  return {
    threaded: false,
    started: 0,
    // This thread has loaded the optimizers already; only the minifiers loaded on first use are left.
    warm: (extensions) => preloadMinifiersFor(extensions).catch(() => undefined),
    async task(request, _budget, signal) {
      while (active >= size && !closed) await new Promise<void>((resolve) => waiting.push(resolve));
      if (closed) throw new PoolClosedError();
      signal?.throwIfAborted();
      active += 1;
      try {
        return { over: false, response: await answerRequest(request, signal) };
      } finally {
        active -= 1;
        waiting.shift()?.();
      }
    },
    async close() {
      closed = true;
      for (const wake of waiting.splice(0)) wake();
    },
  };
}
