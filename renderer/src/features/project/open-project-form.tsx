import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';

/**
 * The project card: the open project on one line (so each view's own content is what fills the screen),
 * or the form to open one, which "Open another…" brings back.
 */
export function OpenProjectForm() {
  const project = useProject((state) => state.project);
  const changing = useProject((state) => state.changingProject);
  const setChanging = useProject((state) => state.setChangingProject);
  const changeButton = useRef<HTMLButtonElement>(null);
  const wasChanging = useRef(false);

  // Once the form folds away (cancelled, or the other project opened), focus goes back to the button that unfolded it.
  useEffect(() => {
    if (wasChanging.current && !changing) changeButton.current?.focus();
    wasChanging.current = changing;
  }, [changing]);

  if (project && !changing) {
    return (
      <section className="card project-bar" aria-labelledby="project-bar-title" data-testid="project-bar">
        <h2 id="project-bar-title">Project</h2>
        <p className="project-bar-where">
          <strong data-testid="project-bar-name">{project.name}</strong> <span className="muted path">{project.root}</span>
        </p>
        <button type="button" ref={changeButton} data-testid="change-project" onClick={() => setChanging(true)}>
          Open another…
        </button>
      </section>
    );
  }
  return <ProjectFolderForm onCancel={project ? () => setChanging(false) : undefined} />;
}

function ProjectFolderForm({ onCancel }: { onCancel?: () => void }) {
  const pathInput = useProject((state) => state.pathInput);
  const recent = useProject((state) => state.recent);
  const opening = useProject((state) => state.opening);
  const error = useProject((state) => state.error);
  const canPickFolder = useProject((state) => state.hostInfo?.canPickFolder ?? false);
  const setPathInput = useProject((state) => state.setPathInput);
  const open = useProject((state) => state.open);
  const pickAndOpen = useProject((state) => state.pickAndOpen);
  const inputId = useId();
  const recentId = useId();
  const input = useRef<HTMLInputElement>(null);
  const changing = onCancel !== undefined;

  // Asked for from the one-line card: the field is what the user came for.
  useEffect(() => {
    if (changing) input.current?.select();
  }, [changing]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void open();
  };
  const cancelOnEscape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      onCancel();
    }
  };

  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Project</h2>
      <form className="open-form" onSubmit={submit} onKeyDown={cancelOnEscape}>
        <label htmlFor={inputId}>Project folder</label>
        <div className="row">
          <input
            ref={input}
            id={inputId}
            data-testid="project-path-input"
            type="text"
            list={recentId}
            value={pathInput}
            onChange={(event) => setPathInput(event.target.value)}
            placeholder="/Users/you/code/my-django-site"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={`${inputId}-help`}
          />
          <datalist id={recentId}>
            {recent.map((path) => (
              <option key={path} value={path} />
            ))}
          </datalist>
          <button type="submit" className="primary" data-testid="open-project-button" disabled={opening}>
            {opening ? 'Opening…' : 'Open'}
          </button>
          {canPickFolder && (
            <button type="button" data-testid="pick-folder-button" onClick={() => void pickAndOpen()} disabled={opening}>
              Choose folder…
            </button>
          )}
          {onCancel && (
            <button type="button" data-testid="cancel-change-project" onClick={onCancel} disabled={opening}>
              Cancel
            </button>
          )}
        </div>
        <p id={`${inputId}-help`} className="help">
          The full path of the project folder: the one with your Django project’s <code>manage.py</code>, a <code>porter.json</code>, or just
          the folders of your static files.
        </p>
      </form>
      {error && <ErrorNotice error={error} testId="open-project-error" />}
    </section>
  );
}
