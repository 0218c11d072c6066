import type { Source } from '../../../../electron/contract/porter';
import { originLabels } from './labels';

/** The sources in finder order: the order decides which file wins when two share a public path. */
export function SourcesTable({ sources }: { sources: Source[] }) {
  if (sources.length === 0) {
    return (
      <div className="empty" data-testid="sources-empty">
        <p>Porter found no static folders in this project.</p>
        <p className="muted">
          List them in a <code>porter.json</code> at the project root, or check <code>STATICFILES_DIRS</code> and your apps’{' '}
          <code>static/</code> folders, then open the project again.
        </p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table" data-testid="sources-table">
        <caption>Static sources, in the order Django searches them (the first file found wins)</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Folder</th>
            <th scope="col">Prefix</th>
            <th scope="col">From</th>
          </tr>
        </thead>
        <tbody>
          {sources.map((source, index) => (
            <tr key={`${index}:${source.dir}`} data-testid="source-row" data-exists={source.exists}>
              <td className="num">{index + 1}</td>
              <td>
                <span className="path" data-testid="source-dir">
                  {source.dir}
                </span>
                {!source.exists && (
                  <span className="badge badge-danger" data-testid="source-missing" title="This folder does not exist">
                    Missing
                  </span>
                )}
                {source.warning && (
                  <p className="source-warning" data-testid="source-warning">
                    <span className="badge badge-warn">Check</span> {source.warning}
                  </p>
                )}
              </td>
              <td>{source.prefix ? <code data-testid="source-prefix">{source.prefix}</code> : <span className="muted">none</span>}</td>
              <td data-testid="source-origin">
                {originLabels[source.origin]}
                {source.app && (
                  <>
                    {' '}
                    <code data-testid="source-app">{source.app}</code>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sources.some((source) => !source.exists) && (
        <p className="help" data-testid="sources-missing-help">
          A missing folder is skipped by Django 4.2 and later (with a warning) but stops Django 3.2. Create it, or remove it from
          your settings or porter.json.
        </p>
      )}
    </div>
  );
}
