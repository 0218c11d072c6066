// The Python consent store, and which Django's output Porter reproduces for an installed version.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfigDir, storeConsent, storedConsent } from '../../electron/core/project/python-consent';
import { supportedDjangoVersion } from '../../electron/core/project/django-version';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'porter-consent-'));
  temps.push(dir);
  return dir;
}

describe('python consent store', () => {
  it('finds its folder: option, then PORTER_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveConfigDir('/opt/cfg', { PORTER_CONFIG_DIR: '/p' })).toBe('/opt/cfg');
    expect(resolveConfigDir(undefined, { PORTER_CONFIG_DIR: '/p', XDG_CONFIG_HOME: '/x' })).toBe('/p');
    expect(resolveConfigDir(undefined, { XDG_CONFIG_HOME: '/x' })).toBe('/x/porter');
    expect(resolveConfigDir(undefined, {})).toBe(path.join(os.homedir(), '.config', 'porter'));
  });

  it('remembers one answer per project folder and interpreter, the latest winning', async () => {
    const dir = temp();
    const config = path.join(dir, 'config');
    const project = path.join(dir, 'project');
    expect(await storedConsent(config, project, '/venv/bin/python')).toBeUndefined();
    await storeConsent(config, project, '/venv/bin/python', true);
    await storeConsent(config, project, '/other/bin/python', false);
    expect(await storedConsent(config, project, '/venv/bin/python')).toBe(true);
    expect(await storedConsent(config, project, '/other/bin/python')).toBe(false);
    await storeConsent(config, project, '/venv/bin/python', false);
    expect(await storedConsent(config, project, '/venv/bin/python')).toBe(false);
    expect(await storedConsent(config, path.join(dir, 'elsewhere'), '/venv/bin/python')).toBeUndefined();
  });

  it('treats a project reached through a symlink as the same project', async () => {
    const dir = temp();
    const link = path.join(dir, 'link');
    symlinkSync(dir, link);
    await storeConsent(path.join(dir, 'config'), dir, '/py', true);
    expect(await storedConsent(path.join(dir, 'config'), link, '/py')).toBe(true);
  });

  it('asks again when the store is damaged, and the next answer repairs it', async () => {
    const dir = temp();
    writeFileSync(path.join(dir, 'python-consent.json'), '{ not json');
    expect(await storedConsent(dir, dir, '/py')).toBeUndefined();
    await storeConsent(dir, dir, '/py', true);
    expect(await storedConsent(dir, dir, '/py')).toBe(true);
  });
});

describe('supportedDjangoVersion', () => {
  it.each([
    ['3.2.25', '3.2', false],
    ['3.1.4', '3.2', true],
    ['4.2', '4.2', false],
    ['4.1.13', '4.2', true],
    ['5.2.17', '5.2', false],
    ['5.0.6', '5.2', true],
    ['6.0', '6.0', false],
    ['6.0.8', '6.0', false],
    ['6.1', '6.1', false],
    ['6.1.1', '6.1', false],
    ['6.2a1', '6.1', true],
    ['7.0', '6.1', true],
    ['2.2.28', '3.2', true],
  ])('Django %s → %s', (installed, version, noted) => {
    const result = supportedDjangoVersion(installed);
    expect(result.version).toBe(version);
    expect(result.note !== undefined).toBe(noted);
  });
});
