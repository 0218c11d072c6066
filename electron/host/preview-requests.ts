// Image previews that can be stopped: each request the UI names gets an AbortController until it answers, so
// cancelPreview can stop a slow full-size encode (a lossless AVIF of a 12 MP photo takes half a minute).
import { OperationError } from './operation-error';

export interface PreviewRequests {
  /** Runs `work` under `requestId` (unnamed requests cannot be cancelled); a cancelled run throws a cancelled error. */
  run<T>(requestId: string | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** false when no request of that name is running. */
  cancel(requestId: string): boolean;
}

export function createPreviewRequests(): PreviewRequests {
  const running = new Map<string, AbortController>();
  return {
    async run(requestId, work) {
      const controller = new AbortController();
      if (requestId !== undefined) {
        running.get(requestId)?.abort();
        running.set(requestId, controller);
      }
      try {
        return await work(controller.signal);
      } catch (error) {
        if (controller.signal.aborted) throw new OperationError({ kind: 'cancelled', message: 'The preview was cancelled.', hint: 'Pick a treatment to encode again.' });
        throw error;
      } finally {
        if (requestId !== undefined && running.get(requestId) === controller) running.delete(requestId);
      }
    },
    cancel(requestId) {
      const controller = running.get(requestId);
      if (!controller) return false;
      controller.abort();
      running.delete(requestId);
      return true;
    },
  };
}
