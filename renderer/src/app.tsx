import { useNavigation, useProject } from './app-stores';
import { ErrorNotice } from './components/error-notice';
import { AssetsPanel } from './features/assets/assets-panel';
import { CollectPanel } from './features/collect/collect-panel';
import { Home } from './features/project/home';
import { OpenProjectForm } from './features/project/open-project-form';
import { ProjectOverview } from './features/project/project-overview';
import { TemplatesPanel } from './features/templates/templates-panel';
import { PythonConsentDialog } from './features/project/python-consent-dialog';
import { DropZone } from './features/import/drop-zone';
import { ImportDialog } from './features/import/import-dialog';
import { ViewTabs } from './features/navigation/view-tabs';
import { PushView } from './features/push/push-view';
import { VideoCompare } from './features/savings/video-compare';
import { ImageCompare } from './features/savings/image-compare';
import { SavingsView } from './features/savings/savings-view';
import { SettingsView } from './features/settings/settings-view';

export function App() {
  const hostInfo = useProject((state) => state.hostInfo);
  const hostError = useProject((state) => state.hostError);
  const hasProject = useProject((state) => state.project !== undefined);
  const view = useNavigation((state) => state.view);

  return (
    <div className="app" data-app-state={hostInfo ? 'ready' : hostError ? 'error' : 'loading'}>
      <header className="app-header">
        <h1>Porter</h1>
        <p className="muted">Collect, compress and push your Django project’s static files</p>
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
            <ViewTabs />
            <div role="tabpanel" id={`view-panel-${view}`} aria-labelledby={`view-tab-${view}`} className="view-panel">
              {view === 'project' ? (
                <>
                  <div className="columns">
                    <ProjectOverview />
                    <CollectPanel />
                  </div>
                  <TemplatesPanel />
                  <AssetsPanel />
                </>
              ) : view === 'savings' ? (
                <SavingsView />
              ) : view === 'push' ? (
                <PushView />
              ) : (
                <SettingsView />
              )}
            </div>
          </>
        ) : (
          <Home />
        )}
      </main>
      <PythonConsentDialog />
      <ImageCompare />
      <VideoCompare />
      <ImportDialog />
      <DropZone />
    </div>
  );
}
