// Opens Porter: the desktop app when Electron can run here, otherwise the same UI in the browser via
// `porter serve`. Expects scripts/setup.mjs to have run (npm start does both).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumSwitches, electronBinary, hasDisplay } from './electron-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function browserFallbackReason(binary) {
  if (!binary) return 'No Electron binary on this machine, so Porter opens in your browser through porter serve.';
  return 'No display here (DISPLAY is not set), so Porter runs through porter serve; open its address in a browser.';
}

/** Runs the child in the foreground: Ctrl+C reaches it directly, and its exit code becomes ours. */
function foreground(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  // The terminal already sent SIGINT to the child; stay alive until it has shut down.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (error) => {
    console.error(`Could not start ${command}: ${error.message}`);
    process.exit(1);
  });
}

const binary = electronBinary();
if (binary && hasDisplay()) {
  // Started on the folder, not the bundle, so Electron takes Porter's name and version from package.json
  // (and with them the user-data folder); package.json's "main" points at out/main/index.cjs.
  foreground(binary, [...chromiumSwitches(), root]);
} else {
  console.log(browserFallbackReason(binary));
  foreground(process.execPath, [path.join(root, 'bin', 'porter.js'), 'serve', ...process.argv.slice(2)]);
}
