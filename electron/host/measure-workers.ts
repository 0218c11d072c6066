// The host's measure pool, kept between savings reports and warmed when a project opens: starting the workers
// (sharp, libvips, the minifiers) costs more than a small project's quick numbers, so a designer's first click on
// Measure should find them running. Idle workers hold memory, not CPU; after a long pause they are stopped and the
// next project open or report starts them again.
import os from 'node:os';
import { createOptimizePool, type OptimizePool } from '../core/optimize/worker/optimize-pool';
import { bundledWorkerFile } from '../core/optimize/worker/worker-file';

export interface MeasureWorkers {
  /** Starts the workers (if they are not running) and has them load what these files need; resolves once ready. */
  warm(filenames: Iterable<string>): Promise<void>;
  /** Runs `work` on the kept pool; the idle clock stops while it runs. */
  use<T>(work: (pool: OptimizePool) => Promise<T>): Promise<T>;
  /** The running pool, if any (tests look at how many workers it started). */
  readonly pool: OptimizePool | undefined;
  dispose(): Promise<void>;
}

export interface MeasureWorkersOptions {
  /** Default: the worker bundle next to this bundle; null measures on this thread. */
  workerFile?: string | null;
  /** Default: one worker per core. */
  size?: number;
  /** Default: 10 minutes without a report or a project open. */
  idleMs?: number;
}

export function createMeasureWorkers(options: MeasureWorkersOptions = {}): MeasureWorkers {
  const workerFile = options.workerFile === undefined ? bundledWorkerFile() : options.workerFile;
  const size = options.size ?? os.availableParallelism();
  const idleMs = options.idleMs ?? 10 * 60_000;
  let pool: OptimizePool | undefined;
  let using = 0;
  let idle: NodeJS.Timeout | undefined;

  const current = (): OptimizePool => {
    clearTimeout(idle);
    pool ??= createOptimizePool({ size, workerFile });
    return pool;
  };
  const restartIdleClock = (): void => {
    clearTimeout(idle);
    if (using > 0 || !pool) return;
    const idlePool = pool;
    idle = setTimeout(() => {
      pool = undefined;
      void idlePool.close();
    }, idleMs);
    // Kept workers never keep `porter serve` or a test process alive on their own.
    idle.unref();
  };

  return {
    async warm(filenames) {
      const warming = current().warm(filenames);
      restartIdleClock();
      await warming;
    },
    async use(work) {
      using += 1;
      try {
        return await work(current());
      } finally {
        using -= 1;
        restartIdleClock();
      }
    },
    get pool() {
      return pool;
    },
    async dispose() {
      clearTimeout(idle);
      const stopping = pool;
      pool = undefined;
      await stopping?.close();
    },
  };
}
