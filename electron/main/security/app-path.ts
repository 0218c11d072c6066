import path from 'node:path';
import { isAppUrl } from './app-origin';

/**
 * Maps an app:// request to a file inside `root` (the built renderer), or null when the URL is not
 * the app's or would escape `root` (encoded `..`, encoded separators, NUL bytes).
 */
export function resolveAppAsset(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';

  const base = path.resolve(root);
  const file = path.resolve(base, `.${relative}`);
  const inside = path.relative(base, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
  return file;
}
