import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

/** The OS folder dialog, modal to Porter's window when there is one. */
export async function pickFolder(parent: BrowserWindow | null, title?: string): Promise<string | null> {
  const options: OpenDialogOptions = { title, properties: ['openDirectory', 'createDirectory'] };
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
