// Where the Electron binary is and how to start it on this machine. Shared by start.mjs, test-all.mjs and the
// Electron e2e fixture, so "is there an Electron to run?" has one answer.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const electronPackage = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

/**
 * The Electron executable, or null when it was never downloaded. Mirrors node_modules/electron/index.js
 * without its side effect: `require('electron')` starts a download when the binary is missing.
 * @returns {string | null}
 */
export function electronBinary() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let executable;
  try {
    executable = readFileSync(path.join(electronPackage, 'path.txt'), 'utf8');
  } catch {
    executable = override ? 'electron' : null;
  }
  if (executable === null) return null;
  const binary = override ? path.join(override, executable) : path.join(electronPackage, 'dist', executable);
  return existsSync(binary) ? binary : null;
}

/** @returns {boolean} whether a window can be shown (Linux needs an X11 or Wayland display). */
export function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/**
 * Chromium switches this machine needs. Chromium refuses to start as root with its OS sandbox on,
 * which is how containers and CI run; the renderer sandbox (webPreferences.sandbox) stays on.
 * @returns {string[]}
 */
export function chromiumSwitches() {
  return process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}
