const tokenKey = 'porter.serveToken';

export interface StartParams {
  /** The `porter serve` access token; undefined in Electron or when the page was opened without it. */
  token?: string;
  /** A project to open at start (`porter serve --project`). */
  project?: string;
}

/**
 * Reads the start parameters from the address once. The token is moved to sessionStorage and taken out
 * of the address bar, so it isn't left in history or shown on screen, yet a reload in this tab still works.
 */
export function readStartParams(location: Location, history: History, storage: Storage): StartParams {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token') ?? undefined;
  if (fromUrl) {
    storage.setItem(tokenKey, fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url);
  }
  return {
    token: fromUrl ?? storage.getItem(tokenKey) ?? undefined,
    project: url.searchParams.get('project') ?? undefined,
  };
}
