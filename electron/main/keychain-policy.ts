// Whether safeStorage really encrypts here. On Linux without a secret service it falls back to 'basic_text',
// a fixed key anyone can undo: Porter refuses to store keys then, and says what to do instead.

export interface KeychainFacts {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** safeStorage.getSelectedStorageBackend() on Linux; undefined elsewhere. */
  linuxBackend?: string;
}

const alternatives = 'Keys can still come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set for this app, a "profile" in ~/.aws/credentials, or AWS SSO.';

export function keychainAvailability({ platform, encryptionAvailable, linuxBackend }: KeychainFacts): { available: boolean; reason: string } {
  if (!encryptionAvailable) return { available: false, reason: `This system offers no keychain to encrypt keys with. ${alternatives}` };
  if (platform === 'linux' && (linuxBackend === 'basic_text' || linuxBackend === 'unknown' || linuxBackend === undefined)) {
    return {
      available: false,
      reason: `No secret service (GNOME Keyring or KWallet) is running, so keys could only be stored in a form anyone can read. Start one. ${alternatives}`,
    };
  }
  const store = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'Windows DPAPI' : `your ${linuxBackend} keyring`;
  return { available: true, reason: `Keys are encrypted with ${store}.` };
}
