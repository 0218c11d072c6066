import { shell, type WebContents } from 'electron';
import { isNavigationAllowed } from './security/navigation';
import { decideWindowOpen } from './security/window-open';

/** Applied to every WebContents Electron creates, so no page can leave the app or spawn windows. */
export function guardWebContents(contents: WebContents): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }): void => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-frame-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally !== null) {
      shell.openExternal(decision.openExternally).catch((error: unknown) => {
        console.error(`Porter could not open ${decision.openExternally} in the browser:`, error);
      });
    }
    return { action: decision.action };
  });
}
