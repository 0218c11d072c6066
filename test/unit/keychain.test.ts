import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEncryptedCredentialStore, type KeychainCipher } from '../../electron/host/encrypted-credential-store';
import { createPorterHost } from '../../electron/host/porter-host';
import { keychainAvailability } from '../../electron/main/keychain-policy';
import { makeTempDir } from '../support/temp-project';

/** Stands in for the OS keychain: real encryption with a key that lives only in memory. */
function memoryKeychain(): KeychainCipher {
  const key = randomBytes(32);
  return {
    availability: () => ({ available: true, reason: 'test keychain' }),
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decrypt(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map((entry) => path.join(dir, String(entry))).filter((file) => statSync(file).isFile());
}

describe('keychain policy', () => {
  it('refuses Linux basic_text and systems without encryption, and names the alternatives', () => {
    expect(keychainAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'basic_text' })).toMatchObject({ available: false, reason: expect.stringMatching(/secret service.*AWS_ACCESS_KEY_ID/) });
    expect(keychainAvailability({ platform: 'linux', encryptionAvailable: false })).toMatchObject({ available: false });
    expect(keychainAvailability({ platform: 'linux', encryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toEqual({ available: true, reason: 'Keys are encrypted with your gnome_libsecret keyring.' });
    expect(keychainAvailability({ platform: 'darwin', encryptionAvailable: true }).available).toBe(true);
    expect(keychainAvailability({ platform: 'win32', encryptionAvailable: true }).reason).toMatch(/DPAPI/);
  });
});

describe('keys typed in the app', () => {
  it('end up in no file under the project or the app data folder, and still reach the push', async () => {
    const project = makeTempDir('porter-keys-project-');
    const data = makeTempDir('porter-keys-data-');
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: { type: 's3', bucket: 'b-staging', region: 'eu-west-1' } } }));
    const store = createEncryptedCredentialStore(path.join(data, 'credentials.enc.json'), memoryKeychain());
    const host = createPorterHost({ configDir: path.join(data, 'config'), hostInfo: { host: 'electron', canPickFolder: true, version: '0' }, credentials: store });
    const accessKeyId = 'AKIAPORTERTEST123456';
    const secretAccessKey = 'porter/secret+key/that/must/not/leak';
    expect(await host.call('openProject', { path: project })).toMatchObject({ ok: true });
    expect(await host.call('saveCredentials', { root: project, environment: 'staging', accessKeyId, secretAccessKey })).toEqual({ ok: true, value: { saved: true } });
    expect(await host.call('listEnvironments', { root: project })).toMatchObject({ ok: true, value: { keychain: { available: true } } });
    for (const file of [...filesUnder(project), ...filesUnder(data)]) {
      const content = readFileSync(file, 'latin1');
      expect(content, file).not.toContain(accessKeyId);
      expect(content, file).not.toContain(secretAccessKey);
    }
    expect(await store.load(`${project}#staging`)).toEqual({ accessKeyId, secretAccessKey });
    host.dispose();
  });

  it('are refused, pointing to the desktop app and no terminal, where there is no keychain (porter serve)', async () => {
    const project = makeTempDir('porter-keys-serve-');
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { staging: { type: 's3', bucket: 'b-staging' } } }));
    const host = createPorterHost({ configDir: path.join(project, '.config'), hostInfo: { host: 'serve', canPickFolder: false, version: '0' } });
    await host.call('openProject', { path: project });
    const refused = await host.call('saveCredentials', { root: project, environment: 'staging', accessKeyId: 'A', secretAccessKey: 'B' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden', hint: expect.stringMatching(/desktop app/) } });
    expect(JSON.stringify(refused)).not.toMatch(/terminal|AWS_ACCESS_KEY_ID|aws sso/i);
    host.dispose();
  });
});
