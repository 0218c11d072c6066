// The desktop app's own state in its user-data folder (window bounds, recent projects) and the native menu.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, Menu, screen, shell } from 'electron';
import { eventChannel } from '../contract/channels';
import type { PorterEvent } from '../contract/porter';
import { checkForUpdates } from './auto-update';
import { menuTemplate } from './menu-template';
import { parseRecent, withRecent } from './recent-projects';
import { parseWindowState, placeWindow, type WindowState } from './window-state';

export const DEFAULT_SIZE = { width: 1200, height: 800 };
export const MIN_SIZE = { width: 800, height: 560 };

const file = (name: string) => path.join(app.getPath('userData'), name);

function readJson(name: string): unknown {
  try {
    return JSON.parse(readFileSync(file(name), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeJson(name: string, value: unknown): void {
  try {
    // Written aside and renamed over, so quitting mid-write never leaves half a file.
    writeFileSync(`${file(name)}.tmp`, JSON.stringify(value));
    renameSync(`${file(name)}.tmp`, file(name));
  } catch (error) {
    console.warn(`Porter could not save ${name}:`, (error as Error).message);
  }
}

export function savedWindow(): WindowState {
  const primary = screen.getPrimaryDisplay();
  const areas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map((display) => display.workArea);
  return placeWindow(parseWindowState(readJson('window-state.json')), { workAreas: areas, defaultSize: DEFAULT_SIZE, minimumSize: MIN_SIZE });
}

export function rememberWindow(window: BrowserWindow): void {
  const save = () => {
    if (window.isDestroyed()) return;
    writeJson('window-state.json', { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('close', save);
}

function send(window: BrowserWindow | null, event: PorterEvent): void {
  if (window && !window.isDestroyed()) window.webContents.send(eventChannel, event);
}

export function createAppShell(getWindow: () => BrowserWindow | null, pickFolder: () => Promise<string | null>) {
  let recent = parseRecent(readJson('recent-projects.json'));
  const rebuild = () => {
    const template = menuTemplate(
      { platform: process.platform, isDev: !app.isPackaged, recent, appName: app.getName() },
      {
        openProject: () => void pickFolder().then((folder) => folder && send(getWindow(), { type: 'open-project', path: folder })),
        openRecent: (folder) => send(getWindow(), { type: 'open-project', path: folder }),
        revealProject: (folder) => shell.showItemInFolder(folder),
        checkForUpdates: () => void checkForUpdates(getWindow(), true),
        openWebsite: () => void shell.openExternal('https://porter.invalid'),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  return {
    rebuild,
    /** Called when the renderer opened a project. */
    opened(root: string) {
      recent = withRecent(recent, root);
      writeJson('recent-projects.json', recent);
      app.addRecentDocument(root);
      rebuild();
    },
  };
}
