import type { PushJobState, PushProgress } from '../../../../electron/contract/porter';
import type { PublishStage } from './push-store';

type StepStatus = 'done' | 'current' | 'todo' | 'stopped';

const steps = [
  { key: 'collect', label: 'Collect' },
  { key: 'review', label: 'Review' },
  { key: 'send', label: 'Send' },
] as const;

/** Which step the publish is at: the stage the store runs, the phase its job reported last. */
function currentStep(job: PushJobState, stage: PublishStage | undefined, phase: PushProgress['phase'] | undefined): number {
  if (stage === 'send') return 2;
  if (job.state === 'planned') return 1;
  return (job.state === 'running' ? job.progress.phase : phase) === 'collect' ? 0 : 1;
}

const statusWords: Record<StepStatus, string> = { done: 'done', current: 'now', todo: 'next', stopped: 'stopped' };

/** Collect, review, send: where the publish is, and where it stopped. */
export function PublishSteps({ job, stage, phase }: { job: PushJobState; stage: PublishStage | undefined; phase: PushProgress['phase'] | undefined }) {
  const at = currentStep(job, stage, phase);
  const status = (index: number): StepStatus => {
    if (job.state === 'done' || index < at) return 'done';
    if (index > at) return 'todo';
    return job.state === 'failed' || job.state === 'cancelled' ? 'stopped' : 'current';
  };
  return (
    <ol className="publish-steps" aria-label="Publish steps" data-testid="publish-steps">
      {steps.map((step, index) => (
        <li key={step.key} data-status={status(index)} aria-current={status(index) === 'current' ? 'step' : undefined}>
          <span className="publish-step-number" aria-hidden="true">
            {status(index) === 'done' ? '✓' : index + 1}
          </span>
          {step.label}
          <span className="sr-only"> ({statusWords[status(index)]})</span>
        </li>
      ))}
    </ol>
  );
}
