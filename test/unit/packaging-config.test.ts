import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { icnsFile, icoFile, makeIcons } from '../../scripts/make-icons.mjs';
import sharp from 'sharp';

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
      linux: { target: string[]; desktop: { entry: { Categories: string } } };
      electronFuses: Record<string, boolean>;
      asarUnpack: string[];
      files: string[];
    };
    expect(builder.mac.target.map((target) => [target.target, target.arch])).toEqual([['dmg', ['x64', 'arm64']], ['zip', ['x64', 'arm64']]]);
    expect(builder.mac.hardenedRuntime).toBe(true);
    expect(readFileSync(path.join(root, builder.mac.entitlements), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    expect(builder.win.target).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(builder.nsis).toMatchObject({ perMachine: false, allowToChangeInstallationDirectory: true });
    expect(builder.linux.target).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(builder.linux.desktop.entry.Categories).toContain('Development');
    expect(builder.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true, enableEmbeddedAsarIntegrityValidation: true });
    expect(builder.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/sharp/**/*', '**/node_modules/@img/**/*']));
    expect(builder.files).toContain('!**/*.map');
  });
});

describe('icons from build/icon.svg', () => {
  it('writes PNGs, an .ico and an .icns whose headers and entries parse', async () => {
    const out = await makeIcons();
    for (const size of [16, 32, 128, 256, 512]) expect((await sharp(path.join(out, `${size}x${size}.png`)).metadata()).width).toBe(size);
    const ico = readFileSync(path.join(out, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 7]);
    const last = 6 + 16 * 6;
    const [size, offset, length] = [ico.readUInt8(last), ico.readUInt32LE(last + 12), ico.readUInt32LE(last + 8)];
    expect(size).toBe(0); // 256 px is written as 0
    expect((await sharp(ico.subarray(offset, offset + length)).metadata()).width).toBe(256);
    const icns = readFileSync(path.join(out, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.toString('ascii', at, at + 4));
    expect(types).toContain('ic10');
    expect(icoFile([]).length).toBe(6);
    expect(icnsFile([]).readUInt32BE(4)).toBe(8);
  });
});
