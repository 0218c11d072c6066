import { BrowserWindow } from 'electron';
import { appEntryUrl } from './security/app-origin';
import { MIN_SIZE } from './app-shell';
import type { WindowState } from './window-state';

export function createMainWindow(preloadPath: string, saved: WindowState): BrowserWindow {
  const { x, y, width, height } = saved.bounds;
  const window = new BrowserWindow({
    x,
    y,
    width,
    height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
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
  window.once('ready-to-show', () => {
    if (saved.maximized) window.maximize();
    window.show();
  });
  window.loadURL(appEntryUrl).catch((error: unknown) => {
    console.error(`Porter could not load its window (${appEntryUrl}):`, error);
  });
  return window;
}
