import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { StoresProvider } from './app-stores';
import { createAppStores } from './create-app-stores';
import { connect } from './client/connect';
import { readStartParams } from './client/start-params';
import { MissingToken } from './missing-token';
import { createRecentProjects } from './lib/recent-projects';
import './styles.css';

const params = readStartParams(window.location, window.history, window.sessionStorage);
const client = connect(params.token);
const root = createRoot(document.getElementById('root')!);

if (!client) {
  root.render(<MissingToken />);
} else {
  const stores = createAppStores(client, createRecentProjects(window.localStorage));
  void stores.project.getState().loadHostInfo();
  if (params.project) void stores.project.getState().open(params.project);
  // The desktop app's File menu (Open Project…, Open Recent) asks through an event.
  client.onEvent((event) => {
    if (event.type === 'open-project') void stores.project.getState().open(event.path);
  });
  root.render(
    <StrictMode>
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </StrictMode>,
  );
}
