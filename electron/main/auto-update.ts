import { app, dialog, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import { shouldCheckForUpdates, updateDialog, type UpdateOutcome } from './update-policy';

const { autoUpdater } = electronUpdater;

/** Checks GitHub releases; the result is shown only when the user asked, and errors never reach the console as crashes. */
export async function checkForUpdates(window: BrowserWindow | null, userAsked: boolean): Promise<void> {
  const policy = shouldCheckForUpdates({ isPackaged: app.isPackaged, env: process.env });
  let outcome: UpdateOutcome;
  if (!policy.check) outcome = { kind: 'disabled', reason: policy.reason };
  else {
    try {
      autoUpdater.autoDownload = true;
      autoUpdater.autoInstallOnAppQuit = true;
      const result = await autoUpdater.checkForUpdates();
      const latest = result?.updateInfo.version;
      outcome = latest && result?.isUpdateAvailable ? { kind: 'available', version: latest } : { kind: 'current', version: app.getVersion() };
    } catch (error) {
      outcome = { kind: 'failed', message: (error as Error).message };
      console.warn('Porter: update check failed:', (error as Error).message);
    }
  }
  if (!userAsked) return;
  const shown = updateDialog(outcome);
  const options = { type: shown.type, message: shown.message, detail: shown.detail, buttons: ['OK'] };
  await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
}

/** The automatic check: after the window shows, in the background, silent whatever happens. */
export function scheduleUpdateCheck(window: BrowserWindow): void {
  window.once('show', () => {
    setTimeout(() => void checkForUpdates(window, false), 10_000);
  });
}
