import type { PorterError } from '../../../electron/contract/define';
import type { PorterBridge } from '../../../electron/contract/porter';

/** Asks the host to cancel the store's running job; the job's own events then report it cancelled. */
export async function cancelRunningJob(
  client: PorterBridge,
  job: { jobId: string; state: string } | undefined,
  set: (change: { cancelling: boolean; error?: PorterError }) => void,
): Promise<void> {
  if (job?.state !== 'running') return;
  set({ cancelling: true });
  const result = await client.cancelJob({ jobId: job.jobId });
  if (!result.ok) set({ cancelling: false, error: result.error });
}
