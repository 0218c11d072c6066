import { describe, expect, it } from 'vitest';
import { esbuildBinarySpecifier, unpackedPath, useUnpackedEsbuild } from '../../electron/main/esbuild-binary';

const packed = '/opt/Porter/resources/app.asar/node_modules/@esbuild/linux-x64/bin/esbuild';

describe('useUnpackedEsbuild', () => {
  it("points esbuild at the unpacked copy of its binary when it resolves inside the app's archive", () => {
    const env: NodeJS.ProcessEnv = {};
    useUnpackedEsbuild(env, () => packed);
    expect(env.ESBUILD_BINARY_PATH).toBe('/opt/Porter/resources/app.asar.unpacked/node_modules/@esbuild/linux-x64/bin/esbuild');
  });

  it('changes nothing outside an archive, when a path is already set, or when there is no binary', () => {
    const plain: NodeJS.ProcessEnv = {};
    useUnpackedEsbuild(plain, () => '/work/porter/node_modules/@esbuild/linux-x64/bin/esbuild');
    expect(plain).toEqual({});
    const set: NodeJS.ProcessEnv = { ESBUILD_BINARY_PATH: '/usr/bin/esbuild' };
    useUnpackedEsbuild(set, () => packed);
    expect(set.ESBUILD_BINARY_PATH).toBe('/usr/bin/esbuild');
    const missing: NodeJS.ProcessEnv = {};
    useUnpackedEsbuild(missing, (specifier) => {
      throw new Error(`Cannot find module '${specifier}'`);
    });
    expect(missing).toEqual({});
  });

  it("names esbuild's binary package per platform, and unpacks Windows paths too", () => {
    expect(esbuildBinarySpecifier('darwin', 'arm64')).toBe('@esbuild/darwin-arm64/bin/esbuild');
    expect(esbuildBinarySpecifier('win32', 'x64')).toBe('@esbuild/win32-x64/esbuild.exe');
    expect(unpackedPath('C:\\Porter\\resources\\app.asar\\node_modules\\@esbuild\\win32-x64\\esbuild.exe')).toBe(
      'C:\\Porter\\resources\\app.asar.unpacked\\node_modules\\@esbuild\\win32-x64\\esbuild.exe',
    );
  });
});
