// The core's own answers, asked of the same `porter serve` the page talks to, to check the page against.
import type { SavingsJobState, SavingsReport } from '../../electron/contract/porter';
import { expect, type PorterServe } from './serve-fixtures';

/** Calls an operation over HTTP with the test's token; a failed result throws with the operation's message. */
export async function call<T>(serve: PorterServe, name: string, input: unknown): Promise<T> {
  const response = await fetch(`${serve.origin}/api/op/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Porter-Token': serve.token },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  return result.value;
}

/** A whole savings report for the project, run to its end. */
export async function coreReport(serve: PorterServe, root: string): Promise<SavingsReport> {
  const { jobId } = await call<{ jobId: string }>(serve, 'startSavings', { root });
  let state: SavingsJobState;
  await expect
    .poll(async () => {
      state = await call<SavingsJobState>(serve, 'getSavings', { jobId });
      return state.state;
    })
    .toBe('done');
  return (state! as Extract<SavingsJobState, { state: 'done' }>).report;
}
