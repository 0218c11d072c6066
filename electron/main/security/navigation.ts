import { isAppUrl, parseUrl } from './app-origin';
import { isExternalUrlAllowed } from './external-url';

/** Whether a frame may navigate to `url`: only within the app; everything else stays outside the window. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

export interface NavigationDecision {
  allow: boolean;
  /** The normalised URL to open in the user's browser instead, or null to drop it. */
  openExternally: string | null;
}

/**
 * A navigation of the window itself (a clicked link, `location.href = …`): the app may move within itself; a web
 * link leaves the window alone and opens in the browser, as a link with target=_blank does; anything else is dropped.
 */
export function decideNavigation(url: string): NavigationDecision {
  if (isNavigationAllowed(url)) return { allow: true, openExternally: null };
  return { allow: false, openExternally: isExternalUrlAllowed(url) ? (parseUrl(url)?.href ?? null) : null };
}
