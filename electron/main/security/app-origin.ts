/** The renderer is served from app://porter/ (a privileged custom scheme) rather than file://. */
export const appScheme = 'app';
export const appHost = 'porter';
export const appEntryUrl = `${appScheme}://${appHost}/index.html`;

export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * True for URLs on the app's own origin. WHATWG URL gives custom schemes an opaque ("null") origin and
 * keeps their host's case, so scheme and host are compared here the way Chromium canonicalises a standard
 * scheme; credentials never belong in an app URL.
 */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${appScheme}:` &&
    url.host.toLowerCase() === appHost &&
    url.username === '' &&
    url.password === ''
  );
}
