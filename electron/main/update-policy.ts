// When Porter looks for a new version, and what it tells the user. Checks run only in a packaged app, never
// block start-up, and stay silent on failure unless the user asked (offline is normal, not an error to shout).

export interface UpdateFacts {
  isPackaged: boolean;
  /** PORTER_NO_UPDATES=1 turns checking off (managed installs, tests). */
  env: NodeJS.ProcessEnv;
}

export function shouldCheckForUpdates({ isPackaged, env }: UpdateFacts): { check: boolean; reason: string } {
  if (!isPackaged) return { check: false, reason: 'Updates are checked only in the installed app, not in a development build.' };
  if (env.PORTER_NO_UPDATES === '1') return { check: false, reason: 'Update checks are turned off (PORTER_NO_UPDATES=1).' };
  return { check: true, reason: 'Checking GitHub releases for a newer Porter.' };
}

export type UpdateOutcome = { kind: 'available'; version: string } | { kind: 'current'; version: string } | { kind: 'failed'; message: string } | { kind: 'disabled'; reason: string };

/** The dialog for a check the user asked for from the menu; automatic checks show nothing but a notification. */
export function updateDialog(outcome: UpdateOutcome): { type: 'info' | 'warning'; message: string; detail: string } {
  switch (outcome.kind) {
    case 'available':
      return { type: 'info', message: `Porter ${outcome.version} is available.`, detail: 'It is downloading now and installs when you quit Porter.' };
    case 'current':
      return { type: 'info', message: 'Porter is up to date.', detail: `You have version ${outcome.version}, the latest.` };
    case 'disabled':
      return { type: 'info', message: 'Porter does not check for updates here.', detail: outcome.reason };
    case 'failed':
      return { type: 'warning', message: 'Porter could not check for updates.', detail: `${outcome.message}\nCheck your connection and try again later; Porter works the same meanwhile.` };
  }
}
