import { parseUrl } from './app-origin';
import { isExternalUrlAllowed } from './external-url';

export interface WindowOpenDecision {
  /** Porter never opens a second window. */
  action: 'deny';
  /** The normalised URL to open in the user's browser, or null to drop the request. */
  openExternally: string | null;
}

export function decideWindowOpen(url: string): WindowOpenDecision {
  const external = isExternalUrlAllowed(url) ? parseUrl(url)?.href ?? null : null;
  return { action: 'deny', openExternally: external };
}
