import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORKER_FILE_NAME = 'optimize-worker.mjs';

/**
 * The worker bundle next to the running bundle (out/cli, out/main), or null when Porter runs from its
 * TypeScript sources (vitest), where there is no bundle and the optimizers run on the calling thread.
 */
export function bundledWorkerFile(): string | null {
  const file = fileURLToPath(new URL(`./${WORKER_FILE_NAME}`, import.meta.url));
  return existsSync(file) ? file : null;
}
