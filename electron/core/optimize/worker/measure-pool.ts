// Runs asset measurements on worker threads, one per core, one asset per worker at a time. Without a worker
// bundle (TypeScript sources under vitest) the same measurements run on this thread, as many at once as there
// would be workers.
import { Worker } from 'node:worker_threads';
import type { SavingsMode } from '../../../contract/porter';
import { measureQuick, measureRefined } from '../savings/measure-asset';
import type { Measurement } from '../savings/measurement';
import type { MeasureRequest, MeasureResponse } from './protocol';

type QuickMeasurement = Extract<Measurement, { ok: true }>;

export interface MeasurePool {
  readonly threaded: boolean;
  /** The quick phase, or with `quick` (that phase's result) the refined one; see measure-asset. */
  measure(bytes: Buffer, filename: string, mode: SavingsMode, quick?: QuickMeasurement): Promise<Measurement>;
  /** Stops the workers at once; measurements still waiting or running reject with PoolClosedError. */
  close(): Promise<void>;
}

export class PoolClosedError extends Error {
  constructor() {
    super('The measure pool was closed.');
    this.name = 'PoolClosedError';
  }
}

export function createMeasurePool(options: { size: number; workerFile: string | null }): MeasurePool {
  const size = Math.max(1, options.size);
  return options.workerFile ? threadPool(size, options.workerFile) : inProcessPool(size);
}

interface Task {
  request: MeasureRequest;
  resolve(measurement: Measurement): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

function threadPool(size: number, workerFile: string): MeasurePool {
  const slots = new Set<Slot>();
  const queue: Task[] = [];
  let closed = false;

  // A worker that dies (a native crash, out of memory) costs only the asset it held: that asset gets an error
  // and a fresh worker takes the next one.
  const lose = (slot: Slot, reason: string): void => {
    if (!slots.delete(slot)) return;
    slot.task?.resolve({ ok: false, error: `The optimizer stopped while working on this file: ${reason}`, lasting: false });
    slot.task = null;
    void slot.worker.terminate();
    pump();
  };

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(workerFile), task: null };
    slot.worker.on('message', (response: MeasureResponse) => {
      const task = slot.task;
      slot.task = null;
      task?.resolve(response.measurement);
      pump();
    });
    slot.worker.on('error', (error) => lose(slot, error.message));
    slot.worker.on('exit', (code) => lose(slot, `the worker exited with code ${code}`));
    slots.add(slot);
    return slot;
  };

  function pump(): void {
    while (!closed && queue.length > 0) {
      const slot = [...slots].find((candidate) => candidate.task === null) ?? (slots.size < size ? spawn() : undefined);
      if (!slot) return;
      slot.task = queue.shift()!;
      slot.worker.postMessage(slot.task.request);
    }
  }

  return {
    threaded: true,
    measure(bytes, filename, mode, quick) {
      if (closed) return Promise.reject(new PoolClosedError());
      return new Promise<Measurement>((resolve, reject) => {
        queue.push({ request: { bytes, filename, mode, ...(quick ? { quick } : {}) }, resolve, reject });
        pump();
      });
    },
    async close() {
      closed = true;
      const running = [...slots];
      slots.clear();
      for (const task of [...queue.splice(0), ...running.flatMap((slot) => (slot.task ? [slot.task] : []))]) task.reject(new PoolClosedError());
      await Promise.all(running.map((slot) => slot.worker.terminate()));
    },
  };
}

function inProcessPool(size: number): MeasurePool {
  let active = 0;
  let closed = false;
  const waiting: Array<() => void> = [];
  return {
    threaded: false,
    async measure(bytes, filename, mode, quick) {
      while (active >= size && !closed) await new Promise<void>((resolve) => waiting.push(resolve));
      if (closed) throw new PoolClosedError();
      active += 1;
      try {
        return await (quick ? measureRefined(bytes, filename, mode, quick) : measureQuick(bytes, filename, mode));
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
