// The native menu, as data: built by a pure function so its items and shortcuts are unit-tested, then handed to
// Menu.buildFromTemplate in main.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openProject(): void;
  openRecent(path: string): void;
  revealProject(path: string): void;
  checkForUpdates(): void;
  openWebsite(): void;
}

export interface MenuFacts {
  platform: NodeJS.Platform;
  isDev: boolean;
  recent: readonly string[];
  appName: string;
}

export function menuTemplate({ platform, isDev, recent, appName }: MenuFacts, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const reveal = isMac ? 'Reveal Project in Finder' : platform === 'win32' ? 'Show Project in Explorer' : 'Show Project in Files';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
      {
        label: 'Open Recent',
        submenu: recent.length ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })) : [{ label: 'No recent projects', enabled: false }],
      },
      { label: reveal, accelerator: 'CmdOrCtrl+Shift+R', enabled: recent.length > 0, click: () => recent[0] && actions.revealProject(recent[0]) },
      { type: 'separator' },
      { role: 'close', label: 'Close Window' },
      // macOS has Quit in the app menu.
      ...(isMac ? [] : ([{ role: 'quit' }] satisfies MenuItemConstructorOptions[])),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(isDev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] satisfies MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Check for Updates…', click: () => actions.checkForUpdates() },
      { label: `${appName} Website`, click: () => actions.openWebsite() },
    ],
  };
  return [...(isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []), file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help];
}
