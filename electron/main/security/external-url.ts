import { parseUrl } from './app-origin';

/**
 * Whether `url` may be handed to the OS (shell.openExternal). Other schemes (file:, smb:, custom handlers)
 * can run programs or leak credentials, and a URL with user:pass@ is a phishing shape.
 */
export function isExternalUrlAllowed(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
