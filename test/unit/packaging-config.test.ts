import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const config = () => load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

function validator() {
  const schema = JSON.parse(readFileSync(path.join(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;
  // The schema uses keywords ajv does not know ("typeof"); strict off lets it check everything else.
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

describe('electron-builder.yml', () => {
  it('matches the schema app-builder-lib ships', () => {
    const validate = validator();
    const valid = validate(config());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fails on a typo, so the check above can fail', () => {
    const validate = validator();
    expect(validate({ ...config(), nsis: { ...(config().nsis as object), perMachin: false } })).toBe(false);
  });

  it('asks for every installer, hardened fuses and sharp outside the asar', () => {
    const builder = config() as {
      mac: { target: { target: string; arch: string[] }[]; hardenedRuntime: boolean; entitlements: string };
      win: { target: { target: string; arch: string[] }[] };
      nsis: { perMachine: boolean; allowToChangeInstallationDirectory: boolean };
      linux: { target: { target: string; arch: string[] }[]; category: string };
      electronFuses: Record<string, boolean>;
      asarUnpack: string[];
      files: string[];
    };
    expect(builder.mac.target.map((target) => [target.target, target.arch])).toEqual([['dmg', ['x64', 'arm64']], ['zip', ['x64', 'arm64']]]);
    expect(builder.mac.hardenedRuntime).toBe(true);
    expect(readFileSync(path.join(root, builder.mac.entitlements), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    expect(builder.win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(builder.nsis).toMatchObject({ perMachine: false, allowToChangeInstallationDirectory: true });
    expect(builder.linux.target.map((target) => [target.target, target.arch])).toEqual([['AppImage', ['x64', 'arm64']], ['deb', ['x64', 'arm64']], ['tar.gz', ['x64', 'arm64']]]);
    expect(builder.linux.category.split(';')).toEqual(['Development', 'Graphics']);
    expect(builder.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true });
    expect(builder.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*', '**/node_modules/@esbuild/**/*']));
    expect(builder.files).toContain('!**/*.map');
  });
});
