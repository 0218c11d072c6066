// Runs the optimizers on worker threads, one per core, one asset per worker at a time, each within its budget
// (budget.ts): a file over the size budget is not tried, and a worker still busy when a file's time budget runs out
// is terminated (svgo, terser and the encoders cannot be interrupted any other way) and replaced by a fresh one for
// the next file, so one pathological file costs its budget and nothing more. Either way the file is kept as it is,
// with the reason. Without a worker bundle (TypeScript sources under vitest) the same work runs on this thread, as
// many at once as there would be workers; there only the size budget holds, since nothing can stop work that
// holds this thread.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SavingsMode } from '../../../contract/porter';
import { DEFAULT_BUDGET, overSizeReason, overTimeReason, timeLimitMs, type OptimizeBudget, type OverBudget } from '../budget';
import type { AssetResult } from '../index';
import type { Measurement } from '../savings/measurement';
import { OptimizeError, type OptimizeOptions, type OptimizeResult } from '../types';
import { answerRequest } from './answer-request';
import type { WorkerRequest, WorkerResponse } from './protocol';

type QuickMeasurement = Extract<Measurement, { ok: true }>;

export interface OptimizePool {
  readonly threaded: boolean;
  /** The quick phase, or with `quick` (that phase's result) the refined one; see measure-asset. Over budget: an error row. */
  measure(bytes: Buffer, filename: string, mode: SavingsMode, quick?: QuickMeasurement): Promise<Measurement>;
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
  const run = options.workerFile ? threadRunner(size, options.workerFile, budget) : inProcessRunner(size);
  const overSize = (bytes: Buffer, filename: string) => overSizeReason(budget, filename, bytes.length);
  return {
    threaded: run.threaded,
    async measure(bytes, filename, mode, quick) {
      const tooLarge = overSize(bytes, filename);
      if (tooLarge) return { ok: false, error: tooLarge, lasting: false };
      const outcome = await run.task({ job: 'measure', bytes, filename, mode, ...(quick ? { quick } : {}) });
      if (outcome.over) return { ok: false, error: outcome.reason, lasting: false };
      if (outcome.response.job !== 'measure') throw new Error(`the optimize worker answered a measurement with '${outcome.response.job}'`);
      return outcome.response.measurement;
    },
    async optimize(bytes, filename, optimizeOptions) {
      const tooLarge = overSize(bytes, filename);
      if (tooLarge) return keptAsItIs(bytes, filename, optimizeOptions.mode, 'size', tooLarge);
      const { signal, ...rest } = optimizeOptions;
      signal?.throwIfAborted();
      const outcome = await run.task({ job: 'optimize', bytes, filename, options: rest }, signal);
      if (outcome.over) return keptAsItIs(bytes, filename, optimizeOptions.mode, 'time', outcome.reason);
      return optimized(outcome.response);
    },
    async convertFont(bytes, filename) {
      const tooLarge = overSize(bytes, filename);
      if (tooLarge) return keptAsItIs(bytes, filename, 'lossless', 'size', tooLarge);
      const outcome = await run.task({ job: 'woff2', bytes, filename });
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
  task(request: WorkerRequest, signal?: AbortSignal): Promise<Outcome>;
  close(): Promise<void>;
}

interface Task {
  request: WorkerRequest;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  deadline: NodeJS.Timeout | null;
}

function threadRunner(size: number, workerFile: string, budget: OptimizeBudget): Runner {
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let closed = false;

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
  };
  const died = (slot: Slot, reason: string): void =>
    lose(slot, (task) => {
      const message = `The optimizer stopped while working on this file: ${reason}`;
      if (task.request.job === 'measure') task.resolve({ over: false, response: { job: 'measure', measurement: { ok: false, error: message, lasting: false } } });
      else task.resolve({ over: false, response: { job: 'failed', message, optimizeError: true } });
    });

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(workerFile), task: null, deadline: null };
    slot.worker.on('message', (response: WorkerResponse) => {
      if (response.job === 'started') startClock(slot);
      else {
        release(slot)?.resolve({ over: false, response });
        pump();
      }
    });
    slot.worker.on('error', (error) => died(slot, error.message));
    slot.worker.on('exit', (code) => died(slot, `the worker exited with code ${code}`));
    slots.add(slot);
    return slot;
  };

  const start = (slot: Slot, task: Task): void => {
    slot.task = task;
    slot.worker.postMessage(task.request);
  };
  // From the worker's `started`: a budget counts the file's work, not the loading of its optimiser.
  const startClock = (slot: Slot): void => {
    const bytes = slot.task?.request.bytes.length;
    if (bytes === undefined) return;
    slot.deadline = setTimeout(() => lose(slot, (late) => late.resolve({ over: true, reason: overTimeReason(budget, bytes) })), timeLimitMs(budget, bytes));
  };

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = [...slots].find((candidate) => candidate.task === null) ?? (slots.size < size ? spawn() : undefined);
      if (!slot) return;
      start(slot, queue.shift()!);
    }
  }

  return {
    threaded: true,
    task(request, signal) {
      if (closed) return Promise.reject(new PoolClosedError());
      return new Promise<Outcome>((resolve, reject) => {
        // A cancelled optimisation stops its worker (or leaves the queue): nothing else interrupts an encoder.
        const cancel = (): void => {
          const waiting = queue.indexOf(task);
          if (waiting >= 0) queue.splice(waiting, 1);
          const holder = [...slots].find((slot) => slot.task === task);
          if (holder) lose(holder, () => undefined);
          reject(signal!.reason instanceof Error ? signal!.reason : new Error('The optimisation was cancelled.'));
        };
        const settled = (): void => signal?.removeEventListener('abort', cancel);
        const task: Task = {
          request,
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
    async task(request, signal) {
      while (active >= size && !closed) await new Promise<void>((resolve) => waiting.push(resolve));
      if (closed) throw new PoolClosedError();
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
