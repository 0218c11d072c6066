import { useId } from 'react';
import { usePush } from '../../app-stores';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { ErrorNotice } from '../../components/error-notice';
import { formatBytes, formatDuration, plural } from '../../lib/format';
import { EnvironmentEditor } from './environment-editor';
import { ReleasesPanel } from './releases-panel';

export function PushView() {
  const environments = usePush((state) => state.environments);
  const selected = usePush((state) => state.selected);
  const select = usePush((state) => state.select);
  const error = usePush((state) => state.error);
  const notice = usePush((state) => state.notice);
  const id = useId();
  const list = environments?.environments ?? [];

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="push-view">
      <div className="card-header">
        <h2 id={`${id}-title`}>Push</h2>
        <p className="muted">Send the collected output to an environment: only what changed, hashed files first and the manifest last, so the site is whole at every moment.</p>
      </div>
      {environments?.problem && <ErrorNotice error={{ kind: 'invalid-input', message: environments.problem, hint: 'Fix porter.json, or edit the environment below.' }} testId="push-environments-problem" />}
      {list.length > 0 && (
        <div className="row wrap">
          <div className="field">
            <label htmlFor={`${id}-env`}>Environment</label>
            <select id={`${id}-env`} data-testid="push-environment" value={selected ?? ''} onChange={(event) => void select(event.target.value)}>
              {list.map((environment) => (
                <option key={environment.name} value={environment.name}>
                  {environment.name} ({environment.target})
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {error && <ErrorNotice error={error} testId="push-error" />}
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
          <PushPlanPanel />
          <PushRun />
          <ReleasesPanel />
        </>
      )}
      <EnvironmentEditor />
      <PushConfirmation />
    </section>
  );
}

function PushPlanPanel() {
  const plan = usePush((state) => state.plan);
  const planning = usePush((state) => state.planning);
  const refreshPlan = usePush((state) => state.refreshPlan);
  const ask = usePush((state) => state.ask);
  const busy = usePush((state) => state.busy);
  const selected = usePush((state) => state.selected);
  const running = usePush((state) => state.job?.state === 'running');
  if (!plan) return planning ? <p className="muted" role="status">Comparing with the environment…</p> : null;
  const toSend = plan.counts.new + plan.counts.changed;
  return (
    <div className="push-plan" data-testid="push-plan" aria-busy={planning}>
      <h3>Plan</h3>
      <p data-testid="push-plan-summary">
        <strong>{plan.counts.new}</strong> new, <strong>{plan.counts.changed}</strong> changed, {plan.counts.unchanged} unchanged, {plan.counts.remoteOnly} only on {plan.environment} (kept).
        {toSend > 0 && (
          <>
            {' '}
            To send: <strong>{formatBytes(plan.bytesToSend)}</strong>, {formatDuration(plan.estimateMs)} {plan.estimateBasis}.
          </>
        )}
      </p>
      <p className="help">
        From <span className="path">{plan.outDir}</span> to <span className="path">{plan.target}</span>.
      </p>
      {toSend > 0 && (
        <ul className="change-list" data-testid="push-changes" aria-label="Files that would be sent">
          {plan.changes.slice(0, 200).map((change) => (
            <li key={change.key} data-testid="push-change" data-status={change.status}>
              <span className={`badge ${change.status === 'new' ? 'badge-ok' : 'badge-warn'}`}>{change.status}</span> <span className="path">{change.key}</span> <span className="muted">{formatBytes(change.size)}</span>
            </li>
          ))}
          {plan.changes.length > 200 && <li className="muted">… and {plan.changes.length - 200} more</li>}
        </ul>
      )}
      <div className="row">
        <button type="button" className="primary" data-testid="push-button" disabled={toSend === 0 || busy || running || planning} onClick={() => selected && ask({ action: 'push', environment: selected })}>
          {toSend === 0 ? 'Up to date' : `Push ${plural(toSend, 'file')} to ${plan.environment}`}
        </button>
        <button type="button" onClick={() => void refreshPlan()} disabled={planning || running} data-testid="push-refresh">
          Compare again
        </button>
      </div>
    </div>
  );
}

function PushRun() {
  const job = usePush((state) => state.job);
  const log = usePush((state) => state.log);
  const result = usePush((state) => state.result);
  const cancel = usePush((state) => state.cancel);
  if (!job) return null;
  const progress = job.state === 'running' ? job.progress : undefined;
  const percent = progress ? (progress.totalBytes > 0 ? Math.round((progress.bytes / progress.totalBytes) * 100) : 0) : job.state === 'done' ? 100 : 0;
  return (
    <div className="push-run" data-testid="push-run" data-state={job.state}>
      {progress && (
        <div className="progress-block">
          <div className="progress-label">
            <span>Pushing</span>
            <span className="muted" data-testid="push-progress-text">
              {progress.done} of {progress.total} files · {formatBytes(progress.bytes)} of {formatBytes(progress.totalBytes)}
              {progress.rate > 0 && ` · ${formatBytes(progress.rate)}/s`}
              {progress.etaMs !== null && ` · ${formatDuration(progress.etaMs)} left`}
            </span>
          </div>
          <div className="progress" role="progressbar" aria-label="Push progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} data-testid="push-progress">
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
          <button type="button" onClick={() => void cancel()} data-testid="push-cancel">
            Cancel
          </button>
        </div>
      )}
      {job.state === 'failed' && <ErrorNotice error={{ kind: 'failed', message: job.message, hint: 'What arrived is kept; push again to send the rest.' }} testId="push-failed" />}
      {job.state === 'cancelled' && (
        <p className="notice notice-warn" role="status" data-testid="push-cancelled">
          Cancelled. What arrived is kept, and the live manifest was not touched; push again to send the rest.
        </p>
      )}
      {result && (
        <div className="notice notice-ok" role="status" data-testid="push-result">
          <p className="notice-title">
            Pushed {plural(result.sent.length, 'file')} ({formatBytes(result.bytesSent)}) to {result.environment} as release <code data-testid="push-release-id">{result.releaseId}</code>.
          </p>
          <p>
            {result.cdn} {result.pruned.length > 0 && `Pruned ${plural(result.pruned.length, 'old file')}.`} {plural(result.requests, 'request')} in {formatDuration(result.durationMs)}.
          </p>
        </div>
      )}
      {log.length > 0 && (
        <details className="push-log" open={job.state === 'running'}>
          <summary>Files sent ({log.length})</summary>
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
      )}
    </div>
  );
}

function PushConfirmation() {
  const confirmation = usePush((state) => state.confirmation);
  const plan = usePush((state) => state.plan);
  const confirm = usePush((state) => state.confirm);
  const dismiss = usePush((state) => state.dismiss);
  if (!confirmation) return null;
  const props = { onConfirm: () => void confirm(), onCancel: dismiss, testId: 'push-confirm' };
  if (confirmation.action === 'push') {
    return (
      <ConfirmDialog title={`Push to ${confirmation.environment}?`} confirmLabel={`Push to ${confirmation.environment}`} {...props}>
        <p>
          {plan ? `${plural(plan.counts.new + plan.counts.changed, 'file')} (${formatBytes(plan.bytesToSend)})` : 'The changed files'} go to <span className="path">{plan?.target}</span>; staticfiles.json goes last.
        </p>
      </ConfirmDialog>
    );
  }
  if (confirmation.action === 'rollback') {
    return (
      <ConfirmDialog title={`Roll ${confirmation.environment} back?`} confirmLabel={`Roll back ${confirmation.environment}`} {...props}>
        <p>
          {confirmation.environment} will serve release <code>{confirmation.releaseId}</code> again. Only its staticfiles.json is put back; its hashed files are still there.
        </p>
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
