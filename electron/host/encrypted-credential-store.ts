// Keys kept on disk only as the OS keychain encrypted them: the file holds ciphertext, never a key in clear.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Credentials } from '../core/push/s3-client';
import type { CredentialStore } from './credential-store';

/** What the desktop app gets from Electron's safeStorage; tests pass their own. */
export interface KeychainCipher {
  availability(): { available: boolean; reason: string };
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export function createEncryptedCredentialStore(file: string, cipher: KeychainCipher): CredentialStore {
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
  };
  return {
    status: () => cipher.availability(),
    async save(key, credentials) {
      const { available, reason } = cipher.availability();
      if (!available) throw new Error(reason);
      const entries = await read();
      entries[key] = cipher.encrypt(JSON.stringify(credentials)).toString('base64');
      await mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.tmp`;
      await writeFile(temporary, JSON.stringify(entries), { mode: 0o600 });
      await rename(temporary, file);
    },
    async load(key) {
      const entry = (await read())[key];
      if (!entry || !cipher.availability().available) return undefined;
      return JSON.parse(cipher.decrypt(Buffer.from(entry, 'base64'))) as Credentials;
    },
  };
}
