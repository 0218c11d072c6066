import path from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { eventChannel } from '../contract/channels';
import { createPorterHost } from '../host/porter-host';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { useUnpackedEsbuild } from './esbuild-binary';
import { guardWebContents } from './guard-web-contents';
import { keychainCredentialStore } from './keychain';
import { createAppShell, rememberWindow, savedWindow } from './app-shell';
import { scheduleUpdateCheck } from './auto-update';
import { registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { pickFolder } from './pick-folder';

// The bundle lives in out/main; its siblings are out/preload and out/renderer.
const preloadPath = path.join(__dirname, '../preload/index.cjs');
const rendererRoot = path.join(__dirname, '../renderer');

// Tests give every Electron instance its own profile and run several at once.
const userDataOverride = process.env.PORTER_USER_DATA;
const isE2e = process.env.PORTER_E2E === '1';

if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));
// Before any optimize worker starts: they copy this process's environment.
useUnpackedEsbuild(process.env, require.resolve);
app.enableSandbox();
registerAppScheme();

if (!isE2e && !app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  const host = createPorterHost({
    // Without an override the host uses the folder the CLI and `porter serve` share.
    configDir: userDataOverride ? app.getPath('userData') : undefined,
    hostInfo: { host: 'electron', canPickFolder: true, version: app.getVersion() },
    pickFolder: ({ title, startIn }) => pickFolder(mainWindow, title, startIn),
    credentials: keychainCredentialStore(),
    dataDir: app.getPath('userData'),
    // The installer puts FFmpeg under the app's resources; a development run has none there.
    resourcesPath: app.isPackaged ? process.resourcesPath : undefined,
  });
  host.onEvent((event) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(eventChannel, event);
  });

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  // One window is the whole app: closing it ends Porter and its jobs rather than leaving work running unseen.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => host.dispose());

  app
    .whenReady()
    .then(() => {
      // Porter needs no browser permission (camera, notifications, clipboard reads, …): every request is refused.
      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);
      serveRenderer(rendererRoot);
      const shell = createAppShell(() => mainWindow, () => pickFolder(mainWindow, 'Choose your project folder'));
      shell.rebuild();
      registerIpc(ipcMain, {
        async call(name, input) {
          const result = await host.call(name, input);
          if (result.ok && (name === 'openProject' || name === 'openDemoProject')) shell.opened((result.value as { root: string }).root);
          return result;
        },
      });
      mainWindow = createMainWindow(preloadPath, savedWindow());
      rememberWindow(mainWindow);
      if (!isE2e) scheduleUpdateCheck(mainWindow);
      mainWindow.on('closed', () => {
        mainWindow = null;
      });
    })
    .catch((error: unknown) => {
      console.error('Porter could not start:', error);
      app.exit(1);
    });
}
