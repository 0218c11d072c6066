import { useEffect, useId, useMemo, useRef } from 'react';
import type { ImportDecision, ImportPlanEntry } from '../../../../electron/contract/porter';
import { useAssets, useImport, usePush } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { formatBytes, plural } from '../../lib/format';
import { isUndecided, toCopy } from './import-store';

const decisions: { value: ImportDecision; label: string }[] = [
  { value: 'replace', label: 'Replace it' },
  { value: 'keep-both', label: 'Keep both' },
  { value: 'skip', label: 'Skip' },
];

/** Where dropped files go: a source and a folder inside it, each file's public path, template tag and CDN URLs. */
export function ImportDialog() {
  const project = useImport((state) => state.project);
  const dropped = useImport((state) => state.dropped);
  const result = useImport((state) => state.result);
  const close = useImport((state) => state.close);
  const titleId = useId();
  if (!project || (dropped.length === 0 && !result)) return null;

  return (
    <ModalDialog className="dialog import" labelledBy={titleId} onClose={close} testId="import-dialog">
      <h2 id={titleId}>{result ? 'Added to the project' : `Add ${plural(dropped.length, 'file')} to ${project.name}`}</h2>
      {result ? <ImportOutcome /> : <ImportPlan />}
    </ModalDialog>
  );
}

function ImportPlan() {
  const project = useImport((state) => state.project)!;
  const sourceIndex = useImport((state) => state.sourceIndex);
  const folder = useImport((state) => state.folder);
  const entries = useImport((state) => state.entries);
  const planning = useImport((state) => state.planning);
  const importing = useImport((state) => state.importing);
  const error = useImport((state) => state.error);
  const setTarget = useImport((state) => state.setTarget);
  const confirm = useImport((state) => state.confirm);
  const close = useImport((state) => state.close);
  const decisions = useImport((state) => state.decisions);
  const id = useId();
  const undecided = entries.filter((entry) => isUndecided(entry, decisions)).length;
  const copying = toCopy(entries, decisions);
  const confirmLabel = importing ? 'Copying…' : undecided > 0 ? `Decide ${plural(undecided, 'file')}` : copying === 0 ? 'Nothing to copy' : `Copy ${plural(copying, 'file')} into the project`;

  return (
    <>
      <div className="row wrap">
        <div className="field">
          <label htmlFor={`${id}-source`}>Into</label>
          <select id={`${id}-source`} data-testid="import-source" value={sourceIndex} onChange={(event) => void setTarget({ sourceIndex: Number(event.target.value) })}>
            {project.sources.map((source, index) => (
              <option key={source.dir} value={index}>
                {source.app ?? source.dir.split(/[\\/]/).filter(Boolean).slice(-2).join('/')}
                {source.prefix ? ` (${source.prefix}/)` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-folder`}>Folder inside it</label>
          <input id={`${id}-folder`} type="text" data-testid="import-folder" value={folder} placeholder="e.g. shop/img" spellCheck={false} onChange={(event) => void setTarget({ folder: event.target.value })} />
        </div>
      </div>
      <ul className="import-list" aria-busy={planning} data-testid="import-entries">
        {entries.map((entry) => (
          <ImportEntry key={entry.relativePath} entry={entry} />
        ))}
      </ul>
      {error && <ErrorNotice error={error} testId="import-error" />}
      <div className="dialog-actions">
        <button type="button" onClick={close} data-testid="import-cancel">
          {copying === 0 && !planning ? 'Close' : 'Cancel'}
        </button>
        <button type="button" className="primary" data-testid="import-confirm" disabled={planning || importing || undecided > 0 || copying === 0} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </div>
    </>
  );
}

function ImportEntry({ entry }: { entry: ImportPlanEntry }) {
  const dropped = useImport((state) => state.dropped.find((file) => file.relativePath === entry.relativePath));
  const decision = useImport((state) => state.decisions[entry.relativePath]);
  const decide = useImport((state) => state.decide);
  const environments = usePush((state) => state.environments?.environments ?? []);
  const existingPreview = useAssets((state) => (entry.existing ? state.thumbnails[entry.destination] : undefined));
  const requestThumbnails = useAssets((state) => state.requestThumbnails);
  useEffect(() => {
    if (entry.existing && entry.existing.width !== null) requestThumbnails([entry.destination]);
  }, [entry.existing, entry.destination, requestThumbnails]);
  const preview = useMemo(() => (dropped && dropped.file.type.startsWith('image/') ? URL.createObjectURL(dropped.file) : undefined), [dropped]);
  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );
  const urls = environments.filter((environment) => environment.publicUrl).map((environment) => ({ name: environment.name, url: environment.publicUrl!.replace(/\/?$/, '/') + entry.publicPath }));

  return (
    <li className="import-entry" data-testid="import-entry" data-public-path={entry.publicPath}>
      <div className="path" data-testid="import-public-path">
        {entry.publicPath}
      </div>
      {entry.problem ? (
        <p className="notice notice-error">{entry.problem}</p>
      ) : (
        <>
          <code className="snippet" data-testid="import-snippet">
            {entry.snippet}
          </code>
          {urls.map(({ name, url }) => (
            <span key={name} className="help">
              {name}: <span className="path">{url}</span>
            </span>
          ))}
          {entry.ignoredBy && <p className="notice notice-warn">Collect will skip this file: it matches the ignore pattern <code>{entry.ignoredBy}</code>.</p>}
        </>
      )}
      {entry.alreadyThere && (
        <p className="notice" data-testid="import-already-there">
          Already there: the project holds this exact file, so nothing is copied.
        </p>
      )}
      {entry.existing && !entry.alreadyThere && (
        <fieldset className="conflict" data-testid="import-conflict">
          <legend>A file with this name is already there</legend>
          <div className="row wrap">
            <div>
              <strong>Now</strong> {formatBytes(entry.existing.bytes)}
              {entry.existing.width !== null && ` · ${entry.existing.width}×${entry.existing.height}`}
              {existingPreview && <img src={existingPreview} alt={`Current ${entry.publicPath}`} className="thumb" data-testid="import-existing-preview" />}
            </div>
            <div>
              <strong>Dropped</strong> {dropped && formatBytes(dropped.file.size)}
              {preview && <img src={preview} alt={`Dropped ${entry.relativePath}`} className="thumb" />}
            </div>
          </div>
          <div className="row wrap" role="radiogroup" aria-label={`What to do with ${entry.publicPath}`}>
            {decisions.map((option) => (
              <label key={option.value} className="check">
                <input type="radio" name={`decision-${entry.relativePath}`} value={option.value} checked={decision === option.value} onChange={() => decide(entry.relativePath, option.value)} data-testid={`import-decision-${option.value}`} />
                <span>{option.value === 'keep-both' && entry.keepBoth ? `Keep both: add it as ${entry.keepBoth.publicPath.split('/').pop()}` : option.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </li>
  );
}

function ImportOutcome() {
  const result = useImport((state) => state.result)!;
  const close = useImport((state) => state.close);
  const done = useRef<HTMLButtonElement>(null);
  // The confirm button that had focus is gone; the one way on is Done.
  useEffect(() => done.current?.focus(), []);
  return (
    <>
      <p data-testid="import-summary">
        Copied {plural(result.written.length, 'file')}
        {result.unchanged.length > 0 && `, ${result.unchanged.length} already there unchanged`}
        {result.skipped.length > 0 && `, skipped ${result.skipped.length}`}. Collect picks them up next time.
      </p>
      <ul>
        {result.written.map((file) => (
          <li key={file.destination} className="path">
            {file.publicPath}
          </li>
        ))}
      </ul>
      {result.problems.map((problem) => (
        <p key={problem.relativePath} className="notice notice-error">
          {problem.message}
        </p>
      ))}
      <div className="dialog-actions">
        <button type="button" className="primary" ref={done} onClick={close} data-testid="import-done">
          Done
        </button>
      </div>
    </>
  );
}
