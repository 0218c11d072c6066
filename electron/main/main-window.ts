import { BrowserWindow } from 'electron';
import { appEntryUrl } from './security/app-origin';

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    title: 'Porter',
    // Shown once the first paint is ready, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(appEntryUrl).catch((error: unknown) => {
    console.error(`Porter could not load its window (${appEntryUrl}):`, error);
  });
  return window;
}
