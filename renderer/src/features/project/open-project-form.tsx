import { useId, type FormEvent } from 'react';
import { useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';

export function OpenProjectForm() {
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

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void open();
  };

  return (
    <section className="card" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Project</h2>
      <form className="open-form" onSubmit={submit}>
        <label htmlFor={inputId}>Project folder</label>
        <div className="row">
          <input
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
        </div>
        <p id={`${inputId}-help`} className="help">
          The folder with your Django project’s <code>manage.py</code>, or a <code>porter.json</code> listing its static folders.
        </p>
      </form>
      {error && <ErrorNotice error={error} testId="open-project-error" />}
    </section>
  );
}
