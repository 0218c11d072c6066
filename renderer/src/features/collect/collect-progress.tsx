import type { JobState } from '../../../../electron/contract/porter';
import { formatBytes } from '../../lib/format';

const phaseLabels: Record<string, string> = {
  scan: 'Finding files',
  hash: 'Hashing and updating references',
  optimize: 'Applying recipes',
  compress: 'Writing compressed copies',
  write: 'Writing files',
};

/** The bar while a collect runs and, full, once it is done; failures and cancels are told by the result below. */
export function CollectProgress({ job }: { job: JobState }) {
  if (job.state !== 'running' && job.state !== 'done') return null;
  const { label, done, total, bytes } =
    job.state === 'running'
      ? { label: phaseLabels[job.progress.phase] ?? job.progress.phase, ...job.progress }
      : {
          label: 'Done',
          done: job.report.files.length,
          total: job.report.files.length,
          bytes: job.report.files.reduce((sum, file) => sum + file.bytes, 0),
        };
  const percent = job.state === 'done' ? 100 : total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const counted = total > 0 || job.state === 'done';

  return (
    <div className="progress-block" data-testid="collect-progress-block" data-state={job.state}>
      <div className="progress-label">
        <span data-testid="collect-progress-phase">{label}</span>
        {counted && (
          <span className="muted" data-testid="collect-progress-text">
            {done.toLocaleString('en')} of {total.toLocaleString('en')} files · {formatBytes(bytes)}
          </span>
        )}
      </div>
      <div
        className={`progress progress-${job.state}`}
        role="progressbar"
        aria-label="Collect progress"
        aria-valuemin={0}
        aria-valuemax={100}
        // Indeterminate until the core knows how many files there are.
        aria-valuenow={counted ? percent : undefined}
        aria-valuetext={counted ? `${label}: ${done} of ${total} files` : label}
        data-testid="collect-progress"
        data-state={job.state}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
