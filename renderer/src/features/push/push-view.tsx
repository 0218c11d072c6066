import { useEffect, useId, useRef } from 'react';
import { usePush } from '../../app-stores';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { formatBytes, formatDuration, plural } from '../../lib/format';
import { EnvironmentEditor } from './environment-editor';
import { PublishSteps } from './publish-steps';
import { ReleasesPanel } from './releases-panel';

export function PushView() {
  const environments = usePush((state) => state.environments);
  const selected = usePush((state) => state.selected);
  const select = usePush((state) => state.select);
  const running = usePush((state) => state.job?.state === 'running');
  const notice = usePush((state) => state.notice);
  const working = usePush((state) => state.working);
  const id = useId();
  const list = environments?.environments ?? [];

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="push-view">
      <div className="card-header">
        <h2 id={`${id}-title`}>Push</h2>
        <p className="muted">Publish collects your sources with their recipes, shows what would change in the environment, and sends it once you confirm: only what changed, hashed files first and the manifest last, so the site is whole at every moment.</p>
      </div>
      {environments?.problem && <ErrorNotice error={{ kind: 'invalid-input', message: environments.problem, hint: 'Fix porter.json, or edit the environment below.' }} testId="push-environments-problem" />}
      {list.length > 0 && (
        <div className="row wrap">
          <div className="field">
            <label htmlFor={`${id}-env`}>Environment</label>
            <select id={`${id}-env`} data-testid="push-environment" value={selected ?? ''} disabled={running} onChange={(event) => void select(event.target.value)}>
              {list.map((environment) => (
                <option key={environment.name} value={environment.name}>
                  {environment.name} ({environment.target})
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <PushError />
      {working && (
        <p className="muted" role="status" data-testid="push-working">
          {working}
        </p>
      )}
      {notice && (
        <p className="notice notice-ok" role="status" data-testid="push-notice">
          {notice}
        </p>
      )}
      {environments && list.length === 0 && !environments.problem && (
        <div className="empty" data-testid="push-no-environments">
          <p>This project has no environments yet.</p>
          <p className="muted">Add one below: a local folder works with no cloud account; an S3 bucket (AWS, R2, B2, MinIO, Spaces) takes a bucket, a region and, for S3-compatible stores, an endpoint.</p>
        </div>
      )}
      {selected && (
        <>
          <Publish />
          <ReleasesPanel />
        </>
      )}
      <EnvironmentEditor />
      <PushConfirmation />
    </section>
  );
}

/** The failure of the last action, with a way to run it again where that can help. */
function PushError() {
  const error = usePush((state) => state.error);
  const retryable = usePush((state) => state.retryable);
  const retry = usePush((state) => state.retry);
  const busy = usePush((state) => state.busy || state.job?.state === 'running');
  if (!error) return null;
  return (
    <div className="push-error">
      <ErrorNotice error={error} testId="push-error" />
      {retryable && (
        <button type="button" data-testid="push-retry" disabled={busy} onClick={() => void retry()}>
          Retry
        </button>
      )}
    </div>
  );
}

function Publish() {
  const job = usePush((state) => state.job);
  const stage = usePush((state) => state.stage);
  const selected = usePush((state) => state.selected);
  const phase = usePush((state) => state.phase);
  const busy = usePush((state) => state.busy);
  const publish = usePush((state) => state.publish);
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const step = `${stage}-${job?.state}`;
  useEffect(() => {
    // The button just pressed is replaced by the next step: keep keyboard focus in the flow, not on the page.
    if (document.activeElement === document.body) heading.current?.focus();
  }, [step]);
  if (!selected) return null;
  const idle = !job || job.state === 'failed' || job.state === 'cancelled' || job.state === 'done';
  return (
    <section className="publish" data-testid="publish" data-stage={stage ?? 'idle'} data-state={job?.state ?? 'idle'} aria-labelledby={`${id}-publish`}>
      <h3 id={`${id}-publish`} ref={heading} tabIndex={-1}>
        Publish to {selected}
      </h3>
      {job && <PublishSteps job={job} stage={stage} phase={phase} />}
      {job?.state === 'running' && <PublishProgress />}
      {job?.state === 'planned' && <PlanReview />}
      {job?.state === 'cancelled' && (
        <p className="notice notice-warn" role="status" data-testid="push-cancelled">
          {stage === 'send' ? 'Cancelled. What arrived is kept, and the live manifest was not touched; publish again to send the rest.' : 'Cancelled before anything was sent.'}
        </p>
      )}
      {job?.state === 'done' && <PushDone />}
      {idle && (
        <>
          {!job && <p className="help">Collects into the output folder, then shows what would be sent to {selected} before anything goes.</p>}
          <div className="row">
            <button type="button" className="primary" data-testid="publish-button" disabled={busy} onClick={() => void publish()}>
              {job ? `Publish to ${selected} again` : `Publish to ${selected}`}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function PublishProgress() {
  const job = usePush((state) => state.job);
  const stage = usePush((state) => state.stage);
  const selected = usePush((state) => state.selected);
  const cancelling = usePush((state) => state.cancelling);
  const cancel = usePush((state) => state.cancel);
  if (job?.state !== 'running') return null;
  const { progress } = job;
  const sending = progress.phase === 'send';
  let label: string;
  let detail = '';
  let percent: number | undefined;
  if (stage === 'send' && !sending) {
    label = 'Checking that nothing changed since the review…';
  } else if (progress.phase === 'collect') {
    label = 'Collecting your sources';
    detail = progress.total > 0 ? `${progress.done} of ${plural(progress.total, 'file')}` : 'Preparing…';
    percent = progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : undefined;
  } else if (progress.phase === 'plan') {
    label = `Comparing with ${selected}…`;
  } else {
    label = `Sending to ${selected}`;
    detail =
      progress.total === 0
        ? 'Nothing to send'
        : `${progress.done} of ${plural(progress.total, 'file')} · ${formatBytes(progress.bytes)} of ${formatBytes(progress.totalBytes)}` +
          (progress.rate > 0 ? ` · ${formatBytes(progress.rate)}/s` : '') +
          (progress.etaMs !== null ? ` · ${formatDuration(progress.etaMs)} left` : '');
    percent = progress.totalBytes > 0 ? Math.round((progress.bytes / progress.totalBytes) * 100) : undefined;
  }
  return (
    <div className="progress-block" data-testid="push-run" data-phase={progress.phase}>
      <div className="progress-label">
        <span data-testid="push-progress-label">{label}</span>
        <span className="muted" data-testid="push-progress-text">
          {detail}
        </span>
      </div>
      <div
        className={`progress${percent === undefined ? ' progress-indeterminate' : ''}`}
        role="progressbar"
        aria-label="Publish progress"
        aria-valuetext={[label, detail].filter(Boolean).join(', ')}
        {...(percent === undefined ? {} : { 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent })}
        data-testid="push-progress"
      >
        <div className="progress-fill" style={percent === undefined ? undefined : { width: `${percent}%` }} />
      </div>
      <div className="row">
        <button type="button" onClick={() => void cancel()} disabled={cancelling} data-testid="push-cancel">
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <PushLog />
    </div>
  );
}

function PlanReview() {
  const plan = usePush((state) => state.plan);
  const send = usePush((state) => state.send);
  const closePlan = usePush((state) => state.closePlan);
  if (!plan) return null;
  const toSend = plan.counts.new + plan.counts.changed;
  return (
    <div className="push-plan" data-testid="push-plan">
      <p data-testid="push-plan-summary">
        <strong>{plan.counts.new}</strong> new, <strong>{plan.counts.changed}</strong> changed, {plan.counts.unchanged} unchanged, {plan.counts.remoteOnly} only on {plan.environment} (kept).
        {toSend > 0 && (
          <>
            {' '}
            To send: <strong>{formatBytes(plan.bytesToSend)}</strong>, {formatDuration(plan.estimateMs)} {plan.estimateBasis}.
          </>
        )}
      </p>
      {plan.warnings.map((warning) => (
        <p key={warning} className="notice notice-warn" role="status" data-testid="push-plan-warning">
          {warning}
        </p>
      ))}
      <p className="help">
        From <span className="path">{plan.outDir}</span> to <span className="path">{plan.target}</span>, just collected.
      </p>
      {toSend > 0 ? (
        <ul className="change-list" data-testid="push-changes" aria-label="Files that would be sent">
          {plan.changes.slice(0, 200).map((change) => (
            <li key={change.key} data-testid="push-change" data-status={change.status}>
              <span className={`badge ${change.status === 'new' ? 'badge-ok' : 'badge-warn'}`}>{change.status}</span> <span className="path">{change.key}</span> <span className="muted">{formatBytes(change.size)}</span>
              {change.encoding && (
                <span className="muted" data-testid="push-change-encoding">
                  {' '}
                  · sent {change.encoding === 'br' ? 'brotli' : 'gzip'}-compressed
                </span>
              )}
            </li>
          ))}
          {plan.changes.length > 200 && <li className="muted">… and {plan.changes.length - 200} more</li>}
        </ul>
      ) : (
        <p className="notice notice-ok" role="status" data-testid="push-up-to-date">
          Nothing to send: {plan.environment} already holds exactly this output.
        </p>
      )}
      <div className="row">
        {toSend > 0 && (
          <button type="button" className="primary" data-testid="publish-send" onClick={() => void send()}>
            Send {plural(toSend, 'file')} to {plan.environment}
          </button>
        )}
        <button type="button" data-testid="publish-close" onClick={closePlan}>
          {toSend > 0 ? 'Cancel' : 'Close'}
        </button>
      </div>
    </div>
  );
}

function PushDone() {
  const result = usePush((state) => state.result);
  if (!result) return null;
  return (
    <>
      <div className="notice notice-ok" role="status" data-testid="push-result">
        <p className="notice-title">
          {result.sent.length === 0 ? `Nothing needed sending: ${result.environment} already held this output.` : `Published ${plural(result.sent.length, 'file')} (${formatBytes(result.bytesSent)}) to ${result.environment} as release `}
          {result.sent.length > 0 && <code data-testid="push-release-id">{result.releaseId}</code>}
          {result.sent.length > 0 && '.'}
        </p>
        <p>
          {result.cdn} {result.pruned.length > 0 && `Pruned ${plural(result.pruned.length, 'old file')}.`}{' '}
          {result.requests > 0 ? `${plural(result.requests, 'request')} in ${formatDuration(result.durationMs)}.` : `Took ${formatDuration(result.durationMs)}.`}
        </p>
        {result.notes.map((note) => (
          <p key={note} data-testid="push-result-note">
            {note}
          </p>
        ))}
      </div>
      <PushLog />
    </>
  );
}

/** Each file sent, by its public URL where the environment has one. */
function PushLog() {
  const log = usePush((state) => state.log);
  const result = usePush((state) => state.result);
  const running = usePush((state) => state.job?.state === 'running');
  if (log.length === 0) return null;
  return (
    <details className="push-log" open={running || undefined}>
      <summary data-testid="push-log-toggle">Files sent ({log.length})</summary>
      <ol data-testid="push-log" aria-live="off">
        {log.map((key) => (
          <li key={key}>
            {result?.urls[key] ? (
              <a href={result.urls[key]} target="_blank" rel="noreferrer" className="path" data-testid="push-url">
                {result.urls[key]}
              </a>
            ) : (
              <span className="path">{key}</span>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}

function PushConfirmation() {
  const confirmation = usePush((state) => state.confirmation);
  const confirm = usePush((state) => state.confirm);
  const dismiss = usePush((state) => state.dismiss);
  if (!confirmation) return null;
  const props = { onConfirm: () => void confirm(), onCancel: dismiss, testId: 'push-confirm' };
  if (confirmation.action === 'rollback') {
    const damaged = confirmation.passesDamaged;
    return (
      <ConfirmDialog title={`Roll ${confirmation.environment} back?`} confirmLabel={damaged.length ? 'Roll back anyway' : `Roll back ${confirmation.environment}`} {...props}>
        <p>
          {confirmation.environment} will serve release <code>{confirmation.releaseId}</code> again. Only its staticfiles.json is put back; its hashed files are still there.
        </p>
        {damaged.length > 0 && (
          <p className="notice notice-warn" data-testid="rollback-damaged-warning">
            {damaged.length === 1 ? 'Release ' : 'Releases '}
            {damaged.map((id, at) => (
              <span key={id}>
                {at > 0 && ', '}
                <code>{id}</code>
              </span>
            ))}{' '}
            {damaged.length === 1 ? 'comes' : 'come'} in between, and {damaged.length === 1 ? 'its record is' : 'their records are'} damaged, so what {damaged.length === 1 ? 'it' : 'they'} published is unknown. Rolling back skips over {damaged.length === 1 ? 'it' : 'them'}.
          </p>
        )}
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog title={`Promote ${confirmation.from} to ${confirmation.to}?`} confirmLabel={`Copy to ${confirmation.to}`} {...props}>
      <p>
        {confirmation.to} will hold exactly what {confirmation.from} holds now: its files are copied (server-side where possible), then its staticfiles.json.
      </p>
    </ConfirmDialog>
  );
}
