import { useProject } from '../../app-stores';
import { certaintyLabels, methodLabels } from './labels';
import { SaveSourcesOffer } from './save-sources-offer';
import { SourcesEditor } from './sources-editor';
import { SourcesTable } from './sources-table';

export function ProjectOverview() {
  const project = useProject((state) => state.project);
  const setConsentDismissed = useProject((state) => state.setConsentDismissed);
  const editing = useProject((state) => state.sourceDraft !== undefined);
  const editSources = useProject((state) => state.editSources);
  if (!project) return null;
  const { detection } = project;

  return (
    <section className="card" aria-labelledby="project-title" data-testid="project-overview">
      <div className="card-header">
        <div>
          <h2 id="project-title" data-testid="project-name">
            {project.name}
          </h2>
          <p className="muted path" data-testid="project-root">
            {project.root}
          </p>
        </div>
        <span className={`certainty certainty-${detection.certainty}`} data-testid="detection-certainty" data-certainty={detection.certainty}>
          {certaintyLabels[detection.certainty]}
        </span>
      </div>

      <dl className="facts">
        <div>
          <dt>Sources found from</dt>
          <dd data-testid="detection-method">{methodLabels[detection.method]}</dd>
        </div>
        <div>
          <dt>Django</dt>
          <dd>{detection.djangoVersion ?? `not detected (collecting as ${project.djangoVersion})`}</dd>
        </div>
        <div>
          <dt>STATIC_URL</dt>
          <dd>
            <code>{detection.staticUrl}</code>
          </dd>
        </div>
        {detection.staticRoot && (
          <div>
            <dt>STATIC_ROOT</dt>
            <dd className="path">{detection.staticRoot}</dd>
          </div>
        )}
      </dl>

      {detection.notes.length > 0 && (
        <ul className="notes" data-testid="detection-notes" aria-label="Detection notes">
          {detection.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}

      {/* Shown while the question is open too, so closing it gives focus back to this button. */}
      {detection.pythonConsentNeeded && (
        <div className="notice" data-testid="python-consent-pending">
          <p>Porter has not run this project’s Python, so the sources below may be incomplete.</p>
          <button type="button" data-testid="python-consent-reopen" onClick={() => setConsentDismissed(false)}>
            Decide about running Python…
          </button>
        </div>
      )}

      {editing ? (
        <SourcesEditor />
      ) : (
        <>
          <SourcesTable sources={project.sources} />
          <div className="row">
            <button type="button" data-testid="edit-sources" onClick={editSources}>
              Edit source folders…
            </button>
          </div>
          <SaveSourcesOffer />
        </>
      )}
    </section>
  );
}
