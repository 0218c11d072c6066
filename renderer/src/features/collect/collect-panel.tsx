import { useId, type FormEvent } from 'react';
import type { DjangoVersion } from '../../../../electron/contract/porter';
import { useCollect, useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { CollectProgress } from './collect-progress';
import { CollectResult } from './collect-result';

// Listed as a keyed record so a version added to the contract without a label here fails to compile.
const djangoVersions = Object.keys({ '3.2': true, '4.2': true, '5.2': true, '6.0': true, '6.1': true } satisfies Record<DjangoVersion, true>) as DjangoVersion[];

export function CollectPanel() {
  const root = useCollect((state) => state.root);
  const draft = useCollect((state) => state.draft);
  const job = useCollect((state) => state.job);
  const starting = useCollect((state) => state.starting);
  const cancelling = useCollect((state) => state.cancelling);
  const error = useCollect((state) => state.error);
  const updateDraft = useCollect((state) => state.updateDraft);
  const start = useCollect((state) => state.start);
  const cancel = useCollect((state) => state.cancel);
  const compress = useCollect((state) => state.compress);
  const savingCompress = useCollect((state) => state.savingCompress);
  const setCompress = useCollect((state) => state.setCompress);
  const hasSources = useProject((state) => (state.project?.sources.length ?? 0) > 0);
  const id = useId();
  if (!root) return null;
  const running = starting || job?.state === 'running';

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void start();
  };

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="collect-panel">
      <h2 id={`${id}-title`}>Collect</h2>
      <form onSubmit={submit} className="collect-form">
        <fieldset disabled={running}>
          <div className="field">
            <label htmlFor={`${id}-out`}>Output folder</label>
            <input
              id={`${id}-out`}
              data-testid="collect-out-dir"
              type="text"
              value={draft.outDir}
              onChange={(event) => updateDraft({ outDir: event.target.value })}
              spellCheck={false}
              autoComplete="off"
              aria-describedby={`${id}-out-help`}
            />
            <p id={`${id}-out-help`} className="help">
              Your <code>STATIC_ROOT</code>. Existing files with the same names are replaced.
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-django`}>Django version</label>
            <select
              id={`${id}-django`}
              data-testid="collect-django-version"
              value={draft.djangoVersion}
              onChange={(event) => updateDraft({ djangoVersion: event.target.value as DjangoVersion })}
            >
              {djangoVersions.map((version) => (
                <option key={version} value={version}>
                  Django {version}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" data-testid="collect-hashing" checked={draft.hashing} onChange={(event) => updateDraft({ hashing: event.target.checked })} />
            <span>
              Hashed names (ManifestStaticFilesStorage)
              <span className="help">Adds a content hash to each name and writes staticfiles.json, for long browser caching.</span>
            </span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="collect-compress"
              checked={compress}
              disabled={savingCompress}
              onChange={(event) => void setCompress(event.target.checked)}
            />
            <span>
              Compressed copies (.br and .gz)
              <span className="help">
                Writes a brotli and a gzip copy beside each text file, as WhiteNoise does, for sites that serve them from their own server (WhiteNoise,
                nginx). Saved for this project: publishing uses it too.
              </span>
            </span>
          </label>
          <label className="check">
            <input type="checkbox" data-testid="collect-dry-run" checked={draft.dryRun} onChange={(event) => updateDraft({ dryRun: event.target.checked })} />
            <span>
              Dry run
              <span className="help">Shows what would be copied without writing anything.</span>
            </span>
          </label>
        </fieldset>
        <div className="row">
          <button
            type="submit"
            className="primary"
            data-testid="collect-button"
            disabled={running || !hasSources}
            aria-describedby={hasSources ? undefined : `${id}-no-sources`}
          >
            {starting ? 'Starting…' : draft.dryRun ? 'Collect (dry run)' : 'Collect'}
          </button>
          {job?.state === 'running' && (
            <button type="button" data-testid="collect-cancel" onClick={() => void cancel()} disabled={cancelling}>
              {cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          )}
        </div>
        {!hasSources && (
          <p id={`${id}-no-sources`} className="notice notice-warn" data-testid="collect-no-sources">
            Nothing to collect yet: add the project’s source folders first.
          </p>
        )}
      </form>

      {error && <ErrorNotice error={error} testId="collect-error" />}
      {job ? (
        <>
          <CollectProgress job={job} />
          <CollectResult job={job} />
        </>
      ) : (
        !error &&
        hasSources && (
          <p className="muted empty-inline" data-testid="collect-idle">
            Choose the output folder and press Collect. A dry run first shows what would be copied.
          </p>
        )
      )}
    </section>
  );
}
