import path from 'node:path';
import { app, safeStorage } from 'electron';
import type { CredentialStore } from '../host/credential-store';
import { createEncryptedCredentialStore } from '../host/encrypted-credential-store';
import { keychainAvailability } from './keychain-policy';

/** Keys typed in the app, encrypted by the OS keychain, in the app's user-data folder. */
export function keychainCredentialStore(): CredentialStore {
  return createEncryptedCredentialStore(path.join(app.getPath('userData'), 'credentials.enc.json'), {
    availability: () =>
      keychainAvailability({
        platform: process.platform,
        encryptionAvailable: safeStorage.isEncryptionAvailable(),
        linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
      }),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (encrypted) => safeStorage.decryptString(encrypted),
  });
}
