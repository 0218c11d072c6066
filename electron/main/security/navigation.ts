import { isAppUrl } from './app-origin';

/** Whether a frame may navigate to `url`: only within the app; everything else stays outside the window. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}
