import { useProject } from './app-stores';
import { ErrorNotice } from './components/error-notice';
import { AssetsPanel } from './features/assets/assets-panel';
import { CollectPanel } from './features/collect/collect-panel';
import { OpenProjectForm } from './features/project/open-project-form';
import { ProjectOverview } from './features/project/project-overview';
import { PythonConsentDialog } from './features/project/python-consent-dialog';

export function App() {
  const hostInfo = useProject((state) => state.hostInfo);
  const hostError = useProject((state) => state.hostError);
  const hasProject = useProject((state) => state.project !== undefined);

  return (
    <div className="app" data-app-state={hostInfo ? 'ready' : hostError ? 'error' : 'loading'}>
      <header className="app-header">
        <h1>Porter</h1>
        <p className="muted">Collect your Django project’s static files</p>
        {hostInfo && (
          <p className="muted host-info" data-testid="host-info">
            {hostInfo.host === 'serve' ? 'In your browser' : 'Desktop'} · v{hostInfo.version}
          </p>
        )}
      </header>
      <main className="app-main">
        {hostError && <ErrorNotice error={hostError} testId="host-error" />}
        <OpenProjectForm />
        {hasProject ? (
          <>
            <div className="columns">
              <ProjectOverview />
              <CollectPanel />
            </div>
            <AssetsPanel />
          </>
        ) : (
          <div className="empty welcome" data-testid="no-project">
            <p>Open a project to see where its static files come from.</p>
            <p className="muted">
              Porter lists every static folder in the order Django searches them, shows which files win, and collects them into your
              output folder exactly as <code>collectstatic</code> would.
            </p>
          </div>
        )}
      </main>
      <PythonConsentDialog />
    </div>
  );
}
