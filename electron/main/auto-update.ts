import { readFileSync } from 'node:fs';
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { AppUpdater } from 'electron-updater';
import { shouldCheckForUpdates, updateDialog, type UpdateFacts, type UpdateOutcome } from './update-policy';

function readResource(name: string): string | null {
  try {
    return readFileSync(path.join(process.resourcesPath, name), 'utf8');
  } catch {
    return null;
  }
}

function updateFacts(): UpdateFacts {
  return {
    isPackaged: app.isPackaged,
    env: process.env,
    platform: process.platform,
    hasUpdateSource: /^provider:/m.test(readResource('app-update.yml') ?? ''),
    linuxPackageType: readResource('package-type')?.trim() || null,
  };
}

let updater: Promise<AppUpdater> | null = null;

/** Loaded on the first check, not at start-up. Its errors are logged here once; they never surface as crashes. */
function loadUpdater(): Promise<AppUpdater> {
  // The CommonJS exports object: its autoUpdater getter is not a named export an import() can see.
  updater ??= import('electron-updater').then(({ default: { autoUpdater } }) => {
    autoUpdater.autoDownload = true;
    autoUpdater.autoInstallOnAppQuit = true;
    // Without a listener an 'error' event would be thrown from inside electron-updater.
    autoUpdater.on('error', (error: Error) => console.warn('Porter: update check failed:', error.message));
    return autoUpdater;
  });
  return updater;
}

/** Checks GitHub releases; the result is shown only when the user asked. */
export async function checkForUpdates(window: BrowserWindow | null, userAsked: boolean): Promise<void> {
  const policy = shouldCheckForUpdates(updateFacts());
  let outcome: UpdateOutcome;
  if (!policy.check) outcome = { kind: 'disabled', reason: policy.reason };
  else {
    try {
      const result = await (await loadUpdater()).checkForUpdates();
      // The download reports its own failure through the 'error' event.
      result?.downloadPromise?.catch(() => undefined);
      const latest = result?.updateInfo.version;
      outcome = latest && result?.isUpdateAvailable ? { kind: 'available', version: latest } : { kind: 'current', version: app.getVersion() };
    } catch (error) {
      outcome = { kind: 'failed', message: (error as Error).message };
    }
  }
  if (!userAsked) return;
  const shown = updateDialog(outcome);
  const options = { type: shown.type, message: shown.message, detail: shown.detail, buttons: ['OK'] };
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

/** The automatic check: a while after the window shows, in the background, silent whatever happens. */
export function scheduleUpdateCheck(window: BrowserWindow): void {
  window.once('show', () => {
    setTimeout(() => void checkForUpdates(window, false), 10_000);
  });
}
