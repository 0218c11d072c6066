import { shell, type WebContents } from 'electron';
import { decideNavigation, isNavigationAllowed } from './security/navigation';
import { decideWindowOpen } from './security/window-open';

function openInBrowser(url: string): void {
  shell.openExternal(url).catch((error: unknown) => {
    console.error(`Porter could not open ${url} in the browser:`, error);
  });
}

/** Applied to every WebContents Electron creates, so no page can leave the app or spawn windows. */
export function guardWebContents(contents: WebContents): void {
  // Emitted for every frame, the main one included, before 'will-navigate' (which a refusal here suppresses).
  contents.on('will-frame-navigate', (event) => {
    const decision = decideNavigation(event.url);
    if (decision.allow) return;
    event.preventDefault();
    // The window following a web link sends it to the browser; a subframe's navigation is only refused.
    if (event.isMainFrame && decision.openExternally !== null) openInBrowser(decision.openExternally);
  });
  contents.on('will-redirect', (event) => {
    if (!isNavigationAllowed(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url);
    if (decision.openExternally !== null) openInBrowser(decision.openExternally);
    return { action: decision.action };
  });
}
