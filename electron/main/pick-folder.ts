import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

/** The OS folder dialog, modal to Porter's window when there is one, opening in `startIn` when given. */
export async function pickFolder(parent: BrowserWindow | null, title?: string, startIn?: string): Promise<string | null> {
  const options: OpenDialogOptions = { title, defaultPath: startIn, properties: ['openDirectory', 'createDirectory'] };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
