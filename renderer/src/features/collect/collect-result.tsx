import type { BrokenReference, JobState } from '../../../../electron/contract/porter';
import { plural } from '../../lib/format';
import { KeepBrokenChoice } from './keep-broken-choice';

/** `byName`: the file by its public path, shorter than its source path where the collect went on and nothing is to fix. */
function ReferenceTable({ references, caption, testId, byName = false }: { references: BrokenReference[]; caption: string; testId: string; byName?: boolean }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Reference</th>
            <th scope="col">Looked for</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {references.map((broken) => (
            <tr key={`${broken.file}:${broken.line}:${broken.reference}`} data-testid={`${testId}-row`}>
              <td className="path">{byName ? broken.name : broken.file}</td>
              <td className="num">{broken.line}</td>
              <td>
                <code>{broken.reference}</code>
              </td>
              <td className="path">{broken.resolvedTo}</td>
              <td>{broken.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
import { VideoSnippets } from './video-snippets';

export function CollectResult({ job }: { job: JobState }) {
  if (job.state === 'running') return null;
  if (job.state === 'cancelled') {
    return (
      <div className="notice" role="status" data-testid="collect-cancelled">
        Collect cancelled. Nothing was left half-written; the output folder is as it was.
      </div>
    );
  }
  if (job.state === 'failed') {
    return (
      <div className="notice notice-error" role="alert" data-testid="collect-failure">
        <p className="notice-title" data-testid="collect-failure-message">
          {job.message}
        </p>
        <p>Nothing was written to the output folder. Fix what is listed below, then collect again.</p>
        {job.brokenReferences.length > 0 && (
          <ReferenceTable
            references={job.brokenReferences}
            caption={`${plural(job.brokenReferences.length, 'broken reference')}: files that point to a file that isn’t there`}
            testId="broken-references"
          />
        )}
        {job.problems.length > 0 && (
          <ul className="notes" data-testid="collect-problems" aria-label="Problems">
            {job.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        {job.brokenReferences.length > 0 && job.problems.length === 0 && <KeepBrokenChoice references={job.brokenReferences} />}
      </div>
    );
  }

  const { report } = job;
  const counts = [
    ['Copied', report.counts.copied],
    ['Unmodified', report.counts.unmodified],
    ['Post-processed', report.counts.postProcessed],
    ['Duplicates skipped', report.counts.duplicates],
    ['Ignored', report.counts.ignored],
    ['Files written', report.written],
  ] as const;
  return (
    <div className="result" role="status" data-testid="collect-result">
      {report.dryRun && (
        <p className="notice" data-testid="collect-dry-run-note">
          Dry run: nothing was written. Untick “Dry run” to collect for real.
        </p>
      )}
      <p className="summary" data-testid="collect-summary">
        {report.summary.trim()}
      </p>
      <dl className="counts" data-testid="collect-counts">
        {counts.map(([label, value]) => (
          <div key={label} data-testid={`collect-count-${label.toLowerCase().replaceAll(' ', '-')}`}>
            <dt>{label}</dt>
            <dd>{value.toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        Output folder: <span className="path" data-testid="collect-result-out-dir">{report.outDir}</span> (Django {report.djangoVersion})
      </p>
      {report.keptReferences.length > 0 && (
        <ReferenceTable
          references={report.keptReferences}
          caption={`${plural(report.keptReferences.length, 'broken reference')} kept as they are, unrewritten`}
          testId="collect-kept-references"
          byName
        />
      )}
      {report.droppedSourceMaps.length > 0 && (
        <ReferenceTable
          references={report.droppedSourceMaps}
          caption={`${plural(report.droppedSourceMaps.length, 'sourceMappingURL comment')} removed: the map they name is missing`}
          testId="collect-dropped-source-maps"
          byName
        />
      )}
      {report.warnings.length > 0 && (
        <ul className="notice notice-warn notes" data-testid="collect-warnings" aria-label="Warnings">
          {report.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <VideoSnippets outcomes={report.recipes} />
      {report.followedSymlinks.length > 1 && (
        <details className="followed-symlinks" data-testid="collect-followed-symlinks">
          <summary>Show the {report.followedSymlinks.length} symlinks</summary>
          <ul>
            {report.followedSymlinks.map((link) => (
              <li key={link.link}>
                <span className="path">{link.link}</span> → <span className="path">{link.target}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
