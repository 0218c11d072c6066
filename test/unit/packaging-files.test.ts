// The packaged file list, from a real `electron-builder --dir` build and an asar listing. electron-builder
// packages the downloaded Electron, so where there is no Electron binary this says so in one line and skips.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { describe, expect, it } from 'vitest';
import { electronBinary } from '../../scripts/electron-env.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const electron = electronBinary();
if (!electron) console.log('Packaged file list: skipped (no Electron binary on this machine to package).');

describe.skipIf(!electron)('the packaged app', () => {
  it('holds the built main, preload and renderer and sharp’s native files, and no tests, fixtures or source maps', { timeout: 600_000 }, () => {
    execFileSync(process.execPath, [path.join(root, 'scripts/make-icons.mjs')], { cwd: root });
    execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root });
    const output = path.join(root, 'release/test-dir');
    execFileSync(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), '--dir', '--publish', 'never', `-c.directories.output=${output}`, `-c.electronDist=${path.dirname(electron!)}`], { cwd: root, stdio: 'inherit' });
    const unpacked = readdirSync(output).find((entry) => entry.endsWith('-unpacked') || entry.endsWith('.app'))!;
    const resources = [path.join(output, unpacked, 'resources'), path.join(output, unpacked, 'Contents/Resources')].find(existsSync)!;
    const files = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((file) => file.split(path.sep).join('/'));
    expect(files).toEqual(expect.arrayContaining(['/out/main/index.cjs', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']));
    expect(files.filter((file) => /\/(test|fixtures|bench)\//.test(file) || file.endsWith('.map') || file.startsWith('/electron/') || file.startsWith('/out/cli/'))).toEqual([]);
    const nativeSharp = readdirSync(path.join(resources, 'app.asar.unpacked/node_modules/@img'), { recursive: true }).map(String);
    expect(nativeSharp.some((file) => file.endsWith('.node'))).toBe(true);
    expect(existsSync(path.join(resources, 'demo/demo_site/settings.py'))).toBe(true);
  });
});
