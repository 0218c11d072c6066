// Where keys typed in the app are kept. The desktop app passes one backed by the OS keychain (Electron's
// safeStorage); `porter serve` has none, because a browser tab is no place to keep secrets.
import type { Credentials } from '../core/push/s3-client';

export interface CredentialStore {
  status(): { available: boolean; reason: string };
  save(key: string, credentials: Credentials): Promise<void>;
  load(key: string): Promise<Credentials | undefined>;
}

export const noKeychain: CredentialStore = {
  status: () => ({
    available: false,
    reason:
      'Keys typed in the browser are not stored; the desktop app can keep them for you in your keychain.',
  }),
  save: async () => {
    throw new Error('Keys cannot be stored here.');
  },
  load: async () => undefined,
};

/** One entry per project and environment. */
export const credentialKey = (root: string, environment: string): string => `${root}#${environment}`;
