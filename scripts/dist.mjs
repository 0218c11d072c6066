// `npm run dist`: installers for this OS into release/. Makes the icons, builds, then runs electron-builder.
// Where Electron's binary cannot be had (no download possible), electron-builder cannot package: this says so in
// one line and stops. On macOS without Apple credentials, notarization is skipped with one line.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-env.mjs';
import { makeIcons } from './make-icons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (electronBinary() === null) {
  console.log('Installers: skipped (no Electron binary on this machine; electron-builder packages the downloaded Electron).');
  process.exit(0);
}

await makeIcons();
run(process.execPath, [path.join(root, 'scripts/build.mjs')]);

const args = ['--publish', process.env.PORTER_PUBLISH ?? 'never'];
const notarizeWith = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];
if (process.platform === 'darwin' && !notarizeWith.some((names) => names.every((name) => process.env[name]))) {
  console.log('macOS notarization: skipped (set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID, or an App Store Connect API key, to notarize).');
  args.push('-c.mac.notarize=false');
}
run(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), ...args]);
