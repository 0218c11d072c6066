import { useId, useState } from 'react';
import type { TemplateCheck } from '../../../../electron/contract/porter';
import { useProject, useTemplates } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { formatBytes, plural } from '../../lib/format';

/** Beyond this many, the files nothing names wait behind "Show all": a long list hides the rest of the view. */
const SHOWN_UNREFERENCED = 20;

/** The templates against the collected files: what breaks a page in production first, then what may be unused. */
export function TemplatesPanel() {
  const root = useTemplates((state) => state.root);
  const check = useTemplates((state) => state.check);
  const checking = useTemplates((state) => state.checking);
  const error = useTemplates((state) => state.error);
  const load = useTemplates((state) => state.load);
  // A project without Django settings has no TEMPLATES to say where its templates are.
  const django = useProject((state) => state.project?.detection.templateFolders !== undefined);
  const id = useId();
  if (!root || !django) return null;

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="templates-panel" aria-busy={checking}>
      <div className="card-header">
        <div>
          <h2 id={`${id}-title`}>Templates</h2>
          <p className="help">
            Every <code>{'{% static %}'}</code> path in the templates Django loads, checked against the files collect gathers.
          </p>
        </div>
        <button type="button" data-testid="templates-check-again" onClick={() => void load(root)} disabled={checking}>
          {checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {error && <ErrorNotice error={error} testId="templates-error" />}
      {check && <CheckResult check={check} />}
    </section>
  );
}

function CheckResult({ check }: { check: TemplateCheck }) {
  return (
    <>
      <dl className="facts" data-testid="templates-counts">
        <div>
          <dt>Templates read</dt>
          <dd data-testid="templates-read">{check.templates}</dd>
        </div>
        <div>
          <dt>Paths checked</dt>
          <dd data-testid="templates-paths">{check.literalTags}</dd>
        </div>
        <div>
          <dt>Not found</dt>
          <dd data-testid="templates-missing-count">{check.missing.length}</dd>
        </div>
        <div>
          <dt>Named by a variable</dt>
          <dd data-testid="templates-unknown-count">{check.unknown.length}</dd>
        </div>
        <div>
          <dt>Not referenced</dt>
          <dd data-testid="templates-unreferenced-count">{check.unreferenced.length}</dd>
        </div>
      </dl>
      <MissingList check={check} />
      <UnreferencedList check={check} />
      {check.unknown.length > 0 && (
        <details className="templates-unknown" data-testid="templates-unknown">
          <summary>
            {check.unknown.length === 1 ? '1 path named by a variable: Porter cannot know which file it names' : `${check.unknown.length} paths named by a variable: Porter cannot know which files they name`}
          </summary>
          <ul className="notes">
            {check.unknown.map((tag) => (
              <li key={`${tag.file}:${tag.line}:${tag.tag}`}>
                <span className="path">
                  {tag.template}:{tag.line}
                </span>{' '}
                <code>{tag.tag}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {check.notes.length > 0 && (
        <ul className="notes" data-testid="templates-notes" aria-label="Template notes">
          {check.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function MissingList({ check }: { check: TemplateCheck }) {
  // Nothing was read: the notes say why.
  if (check.templates === 0) return null;
  if (check.missing.length === 0) {
    return (
      <p className="notice notice-ok" data-testid="templates-all-found">
        {check.literalTags === 0
          ? 'No template names a static file by its path.'
          : check.literalTags === 1
            ? 'The one path in the templates names a collected file.'
            : `All ${check.literalTags} paths name a collected file.`}
      </p>
    );
  }
  return (
    <div className="notice notice-error" data-testid="templates-missing">
      <p className="notice-title">
        {plural(check.missing.length, 'path names', 'paths name')} a file that is not collected. With hashed names (ManifestStaticFilesStorage) these pages fail to
        render in production.
      </p>
      <p>Add the file to a source folder, or correct the path in the template.</p>
      <div className="table-wrap">
        <table className="table">
          <caption className="sr-only">Paths that name no collected file</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col" className="num">
                Line
              </th>
              <th scope="col">Tag</th>
              <th scope="col">Looks for</th>
            </tr>
          </thead>
          <tbody>
            {check.missing.map((tag) => (
              <tr key={`${tag.file}:${tag.line}:${tag.tag}`} data-testid="templates-missing-row">
                <td className="path" title={tag.file}>
                  {tag.template}
                </td>
                <td className="num">{tag.line}</td>
                <td>
                  <code>{tag.tag}</code>
                </td>
                <td className="path">{tag.name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function UnreferencedList({ check }: { check: TemplateCheck }) {
  const [all, setAll] = useState(false);
  if (check.unreferenced.length === 0) return null;
  const shown = all ? check.unreferenced : check.unreferenced.slice(0, SHOWN_UNREFERENCED);
  const bytes = check.unreferenced.reduce((sum, file) => sum + file.bytes, 0);
  return (
    <div className="notice" data-testid="templates-unreferenced">
      <p className="notice-title">
        {plural(check.unreferenced.length, 'collected file')} ({formatBytes(bytes)}) that no template, CSS or JS file names
      </p>
      <p>Candidates to remove if your site no longer uses them. Porter removes nothing.</p>
      <ul className="notes">
        {shown.map((file) => (
          <li key={file.name} data-testid="templates-unreferenced-row" title={file.source}>
            <span className="path">{file.name}</span> <span className="muted">{formatBytes(file.bytes)}</span>
          </li>
        ))}
      </ul>
      {shown.length < check.unreferenced.length && (
        <button type="button" data-testid="templates-unreferenced-all" onClick={() => setAll(true)}>
          Show all {check.unreferenced.length}
        </button>
      )}
    </div>
  );
}
