import { useId, type FormEvent } from 'react';
import type { SavingsMode } from '../../../../electron/contract/porter';
import { useSavings } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { formatBytes, formatDuration, formatMoney, formatPercent } from '../../lib/format';
import { BytesChart } from './bytes-chart';
import { reportMeasuredOtherwise } from './savings-store';
import { SavingsTable } from './savings-table';

export function SavingsView() {
  const report = useSavings((state) => state.report);
  const job = useSavings((state) => state.job);
  const error = useSavings((state) => state.error);

  return (
    <section className="card" aria-labelledby="savings-title" data-testid="savings-view">
      <div className="card-header">
        <h2 id="savings-title">Savings</h2>
        <p className="muted">What each file would weigh lossless, lossy and minified, and what that saves a month. Nothing is changed until you choose a recipe.</p>
      </div>
      <SavingsForm />
      {error && <ErrorNotice error={error} testId="savings-error" />}
      {job && job.state !== 'done' && <SavingsJobStatus />}
      {report ? (
        <>
          <MeasuredOtherwise />
          <SavingsTotals />
          <BytesChart />
          <SavingsTable />
        </>
      ) : (
        !job && (
          <div className="empty" data-testid="savings-empty">
            <p>Measure the project’s files to see what they could save.</p>
            <p className="muted">Porter tries each treatment on a copy in memory; your files stay as they are. Unchanged files are answered from a cache next time.</p>
          </div>
        )
      )}
    </section>
  );
}

function SavingsForm() {
  const settings = useSavings((state) => state.settings);
  const mode = useSavings((state) => state.mode);
  const job = useSavings((state) => state.job);
  const starting = useSavings((state) => state.starting);
  const cancelling = useSavings((state) => state.cancelling);
  const updateSettings = useSavings((state) => state.updateSettings);
  const updateMode = useSavings((state) => state.updateMode);
  const start = useSavings((state) => state.start);
  const cancel = useSavings((state) => state.cancel);
  const id = useId();
  const running = starting || job?.state === 'running';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void start();
  };
  const number = (value: string, fallback: number): number => (value.trim() === '' || Number.isNaN(Number(value)) ? fallback : Math.max(0, Number(value)));

  return (
    <form className="savings-form" onSubmit={submit}>
      <fieldset disabled={running}>
        <legend className="sr-only">Savings settings</legend>
        <div className="row wrap">
          <div className="field">
            <label htmlFor={`${id}-requests`}>Downloads a month</label>
            <input id={`${id}-requests`} data-testid="savings-monthly-requests" type="number" min={0} step={1000} value={settings.monthlyRequests}
              onChange={(event) => updateSettings({ monthlyRequests: Math.round(number(event.target.value, 0)) })} aria-describedby={`${id}-requests-help`} />
            <p id={`${id}-requests-help`} className="help">Each file, assumed fetched this often.</p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-egress`}>Egress $/GB</label>
            <input id={`${id}-egress`} data-testid="savings-egress" type="number" min={0} step={0.01} value={settings.egressPerGb}
              onChange={(event) => updateSettings({ egressPerGb: number(event.target.value, 0) })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-storage`}>Storage $/GB-month</label>
            <input id={`${id}-storage`} data-testid="savings-storage" type="number" min={0} step={0.001} value={settings.storagePerGbMonth}
              onChange={(event) => updateSettings({ storagePerGbMonth: number(event.target.value, 0) })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-lossy`}>Lossy images</label>
            <select id={`${id}-lossy`} data-testid="savings-lossy-mode" value={mode.lossyMode} onChange={(event) => updateMode({ lossyMode: event.target.value as SavingsMode['lossyMode'] })}>
              <option value="auto">Auto quality (looks the same)</option>
              <option value="lossy">Fixed quality</option>
            </select>
          </div>
          {mode.lossyMode === 'lossy' && (
            <div className="field">
              <label htmlFor={`${id}-quality`}>Quality</label>
              <input id={`${id}-quality`} data-testid="savings-quality" type="number" min={1} max={100} value={mode.quality ?? 75}
                onChange={(event) => updateMode({ quality: Math.min(100, Math.max(1, Math.round(number(event.target.value, 75)))) })} />
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-format`}>Image format</label>
            <select id={`${id}-format`} data-testid="savings-format" value={mode.format} onChange={(event) => updateMode({ format: event.target.value as SavingsMode['format'] })}>
              <option value="keep">Keep each file’s format</option>
              <option value="webp">As WebP</option>
              <option value="avif">As AVIF</option>
            </select>
          </div>
        </div>
      </fieldset>
      <div className="row">
        <button type="submit" className="primary" data-testid="savings-run" disabled={running}>
          {starting ? 'Starting…' : 'Measure savings'}
        </button>
        {job?.state === 'running' && (
          <button type="button" data-testid="savings-cancel" onClick={() => void cancel()} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
      </div>
    </form>
  );
}

function SavingsJobStatus() {
  const job = useSavings((state) => state.job);
  if (!job) return null;
  if (job.state === 'failed') return <ErrorNotice error={{ kind: 'failed', message: job.message, hint: 'Fix the cause and measure again; files already measured come from the cache.' }} testId="savings-failed" />;
  if (job.state === 'cancelled') {
    return (
      <p className="notice notice-warn" role="status" data-testid="savings-cancelled">
        Cancelled. Nothing was changed; measure again to continue (files already measured come from the cache).
      </p>
    );
  }
  if (job.state !== 'running') return null;
  const { done, quickDone, total, bytes, totalBytes, etaMs, video } = job.progress;
  // Quick numbers are a small share of the work: the bar follows the complete files' bytes once every row is shown.
  const percent = totalBytes > 0 ? Math.min(100, Math.round((bytes / totalBytes) * 100)) : total > 0 ? Math.round((done / total) * 100) : 0;
  const counted = total > 0;
  const allShown = quickDone >= total;
  return (
    <div className="progress-block" data-testid="savings-progress-block">
      <div className="progress-label">
        <span>{allShown ? 'Refining' : 'Measuring'}</span>
        {counted && (
          <span className="muted" data-testid="savings-progress-text">
            {allShown
              ? `${done.toLocaleString('en')} of ${total.toLocaleString('en')} files complete`
              : `${quickDone.toLocaleString('en')} of ${total.toLocaleString('en')} files shown`}{' '}
            · {formatBytes(bytes)} of {formatBytes(totalBytes)}
            {done < total && ` · ${etaMs === null ? 'estimating time left…' : `${formatDuration(etaMs)} left`}`}
          </span>
        )}
      </div>
      {video && (
        <p className="help" data-testid="savings-progress-video">
          Compressing and comparing {video.publicPath}: step {Math.min(video.step + 1, video.steps)} of {video.steps}, {Math.round(video.percent)}%
        </p>
      )}
      <div className="progress" role="progressbar" aria-label="Savings progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={counted ? percent : undefined} data-testid="savings-progress">
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

const lossyLabel = (mode: SavingsMode): string =>
  `${mode.lossyMode === 'auto' ? 'auto quality' : `fixed quality${mode.quality === undefined ? '' : ` q${mode.quality}`}`}${mode.format === 'keep' ? '' : `, as ${mode.format.toUpperCase()}`}`;

/** Money follows the prices at once; another lossy treatment changes the bytes, which only a new measure knows. */
function MeasuredOtherwise() {
  const report = useSavings((state) => state.report);
  const mode = useSavings((state) => state.mode);
  const job = useSavings((state) => state.job);
  const start = useSavings((state) => state.start);
  if (!report || !reportMeasuredOtherwise(report, mode)) return null;
  return (
    <div className="notice notice-warn row wrap" role="status" data-testid="savings-measured-otherwise">
      <span>
        These numbers are for lossy images at {lossyLabel(report.mode)}. Measure again to see them at {lossyLabel(mode)}.
      </span>
      <button type="button" data-testid="savings-remeasure" disabled={job?.state === 'running'} onClick={() => void start()}>
        Measure again
      </button>
    </div>
  );
}

function SavingsTotals() {
  const report = useSavings((state) => state.report);
  const running = useSavings((state) => state.job?.state === 'running');
  if (!report) return null;
  const { totals } = report;
  const complete = !running && report.assets.every((asset) => asset.complete);
  return (
    <div className="totals" data-testid="savings-totals" data-complete={complete}>
      {!complete && (
        <p className="help totals-partial" data-testid="savings-totals-partial">
          {running
            ? 'So far: the files measured up to now. Lossy sizes count lossless until their search finishes, so the lossy total only goes down.'
            : 'The measure stopped before every number was in: these totals cover what was measured. Measure again to finish (files already measured come from the cache).'}
        </p>
      )}
      <div className="total">
        <span className="total-label">Now</span>
        <span className="total-value" data-testid="savings-total-original">{formatBytes(totals.originalBytes)}</span>
        <span className="muted">{totals.files.toLocaleString('en')} files{totals.errors > 0 && `, ${totals.errors} could not be measured`}</span>
      </div>
      {(['lossless', 'lossy'] as const).map((kind) => (
        <div className="total" key={kind} data-testid={`savings-total-${kind}`}>
          <span className="total-label">{kind === 'lossless' ? 'Lossless (identical pixels)' : 'Lossy (looks the same)'}</span>
          <span className="total-value" data-testid={`savings-total-${kind}-bytes`}>{formatBytes(totals[kind].bytes)}</span>
          <span className="muted">
            saves <span data-testid={`savings-total-${kind}-saved`}>{formatBytes(totals[kind].savedBytes)}</span> ({formatPercent(totals[kind].percentSaved)}) ·{' '}
            <strong data-testid={`savings-total-${kind}-money`}>{formatMoney(totals[kind].money.total)}</strong>/month
          </span>
        </div>
      ))}
      <ul className="help notes" data-testid="savings-notes">
        {report.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </div>
  );
}
