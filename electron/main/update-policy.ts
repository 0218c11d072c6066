// When Porter looks for a new version, and what it tells the user. Checks run only in a packaged app that knows
// where its releases are and can replace itself, never block start-up, and stay silent on failure unless the user
// asked (offline is normal, not an error to shout).

export interface UpdateFacts {
  isPackaged: boolean;
  /** PORTER_NO_UPDATES=1 turns checking off (managed installs, tests); APPIMAGE is set by the AppImage runtime. */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** resources/app-update.yml names a provider: electron-builder writes one only when it knew where releases live. */
  hasUpdateSource: boolean;
  /** resources/package-type on Linux ('deb', 'rpm', 'pacman'): written by electron-builder for system packages. */
  linuxPackageType: string | null;
}

export function shouldCheckForUpdates({ isPackaged, env, platform, hasUpdateSource, linuxPackageType }: UpdateFacts): { check: boolean; reason: string } {
  if (!isPackaged) return { check: false, reason: 'Updates are checked only in the installed app, not in a development build.' };
  if (env.PORTER_NO_UPDATES === '1') return { check: false, reason: 'Update checks are turned off (PORTER_NO_UPDATES=1).' };
  if (!hasUpdateSource) {
    return { check: false, reason: 'This copy of Porter was built without a release feed to update from; download new versions from the releases page.' };
  }
  if (platform === 'linux' && !env.APPIMAGE && !linuxPackageType) {
    return { check: false, reason: 'Porter from the .tar.gz archive does not update itself: download the new archive, or install the AppImage or .deb, which do.' };
  }
  return { check: true, reason: 'Checking GitHub releases for a newer Porter.' };
}

/** Errors that mean "no network" (DNS, refused, reset, timed out) rather than a problem with the release feed. */
export function isOfflineError(message: string): boolean {
  return /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b|net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NETWORK_CHANGED|CONNECTION_\w+|PROXY_\w+|TIMED_OUT|ADDRESS_UNREACHABLE)/.test(
    message,
  );
}

export type UpdateOutcome = { kind: 'available'; version: string } | { kind: 'current'; version: string } | { kind: 'failed'; message: string } | { kind: 'disabled'; reason: string };

/** The dialog for a check the user asked for from the menu; automatic checks show nothing. */
export function updateDialog(outcome: UpdateOutcome): { type: 'info' | 'warning'; message: string; detail: string } {
  switch (outcome.kind) {
    case 'available':
      return { type: 'info', message: `Porter ${outcome.version} is available.`, detail: 'It is downloading now and installs when you quit Porter.' };
    case 'current':
      return { type: 'info', message: 'Porter is up to date.', detail: `You have version ${outcome.version}, the latest.` };
    case 'disabled':
      return { type: 'info', message: 'Porter does not check for updates here.', detail: outcome.reason };
    case 'failed':
      return {
        type: 'warning',
        message: 'Porter could not check for updates.',
        detail: isOfflineError(outcome.message)
          ? 'GitHub could not be reached. Check your connection and try again later; Porter works the same meanwhile.'
          : `${outcome.message}\nTry again later; Porter works the same meanwhile.`,
      };
  }
}
