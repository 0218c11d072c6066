import { describe, expect, it } from 'vitest';
import { isOfflineError, shouldCheckForUpdates, updateDialog, type UpdateFacts } from '../../electron/main/update-policy';

const installed: UpdateFacts = { isPackaged: true, env: {}, platform: 'darwin', hasUpdateSource: true, linuxPackageType: null };

describe('shouldCheckForUpdates', () => {
  it('checks an installed app that knows where its releases are', () => {
    expect(shouldCheckForUpdates(installed).check).toBe(true);
    expect(shouldCheckForUpdates({ ...installed, platform: 'win32' }).check).toBe(true);
  });

  it('never checks from a development build, or when turned off', () => {
    expect(shouldCheckForUpdates({ ...installed, isPackaged: false })).toEqual({ check: false, reason: expect.stringMatching(/development build/) });
    expect(shouldCheckForUpdates({ ...installed, env: { PORTER_NO_UPDATES: '1' } })).toEqual({ check: false, reason: expect.stringMatching(/PORTER_NO_UPDATES/) });
  });

  it('does not check a build made without a release feed', () => {
    expect(shouldCheckForUpdates({ ...installed, hasUpdateSource: false })).toEqual({ check: false, reason: expect.stringMatching(/without a release feed/) });
  });

  it('on Linux, checks the AppImage and system packages but not the tar.gz, which cannot replace itself', () => {
    const linux = { ...installed, platform: 'linux' as const };
    expect(shouldCheckForUpdates({ ...linux, env: { APPIMAGE: '/home/me/Porter.AppImage' } }).check).toBe(true);
    expect(shouldCheckForUpdates({ ...linux, linuxPackageType: 'deb' }).check).toBe(true);
    expect(shouldCheckForUpdates(linux)).toEqual({ check: false, reason: expect.stringMatching(/tar\.gz/) });
  });
});

describe('isOfflineError', () => {
  it.each(['getaddrinfo ENOTFOUND api.github.com', 'net::ERR_INTERNET_DISCONNECTED', 'connect ECONNREFUSED 140.82.121.6:443', 'net::ERR_CONNECTION_RESET', 'read ETIMEDOUT'])(
    'knows %s means no network',
    (message) => expect(isOfflineError(message)).toBe(true),
  );

  it.each(['HttpError: 404 Not Found', 'Cannot find latest-mac.yml in the latest release artifacts', 'sha512 checksum mismatch'])(
    'keeps %s as a real failure',
    (message) => expect(isOfflineError(message)).toBe(false),
  );
});

describe('updateDialog (only for checks the user asked for)', () => {
  it('says what happened and what happens next', () => {
    expect(updateDialog({ kind: 'available', version: '0.2.0' })).toEqual({ type: 'info', message: 'Porter 0.2.0 is available.', detail: expect.stringMatching(/installs when you quit/) });
    expect(updateDialog({ kind: 'current', version: '0.1.0' }).detail).toBe('You have version 0.1.0, the latest.');
    expect(updateDialog({ kind: 'disabled', reason: 'Turned off.' })).toMatchObject({ type: 'info', detail: 'Turned off.' });
  });

  it('tells being offline apart from a broken release feed', () => {
    expect(updateDialog({ kind: 'failed', message: 'net::ERR_INTERNET_DISCONNECTED' })).toEqual({
      type: 'warning',
      message: 'Porter could not check for updates.',
      detail: 'GitHub could not be reached. Check your connection and try again later; Porter works the same meanwhile.',
    });
    expect(updateDialog({ kind: 'failed', message: 'HttpError: 404 Not Found' }).detail).toBe('HttpError: 404 Not Found\nTry again later; Porter works the same meanwhile.');
  });
});
