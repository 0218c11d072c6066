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
      'In the browser, keys are not stored: the computer serving this page lends its own AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a "profile" from ~/.aws/credentials, or AWS SSO). The desktop app can keep keys for you in your keychain.',
  }),
  save: async () => {
    throw new Error('Keys cannot be stored here.');
  },
  load: async () => undefined,
};

/** One entry per project and environment. */
export const credentialKey = (root: string, environment: string): string => `${root}#${environment}`;
