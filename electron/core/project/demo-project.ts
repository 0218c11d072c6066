// The demo project shipped with Porter (`demo/` in the repository, beside the bundles in an installed app):
// copied once into Porter's data folder, where the user may change it freely, and opened from there.
import { cpSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MARKER = path.join('demo_site', 'settings.py');

/** $PORTER_DATA_DIR, else $XDG_DATA_HOME/porter, else ~/.local/share/porter; the desktop app passes its user-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PORTER_DATA_DIR) return path.resolve(env.PORTER_DATA_DIR);
  return path.join(env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share'), 'porter');
}

/** The shipped demo: $PORTER_DEMO_DIR, else a `demo/` folder above the running code (sources or bundles). */
export function shippedDemoDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.PORTER_DEMO_DIR) return existsSync(path.join(env.PORTER_DEMO_DIR, MARKER)) ? path.resolve(env.PORTER_DEMO_DIR) : null;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'demo', MARKER))) return path.join(dir, 'demo');
    if (dir === path.dirname(dir)) return null;
  }
}

/** The user's copy of the demo, made on first use; `reset` starts it over from the shipped one. */
export function demoProjectCopy(dataDir: string, options: { reset?: boolean; shipped?: string | null } = {}): string {
  const shipped = options.shipped === undefined ? shippedDemoDir() : options.shipped;
  if (!shipped) throw new Error('This installation of Porter has no demo project (its demo folder is missing). Reinstall Porter, or open a project of your own.');
  const copy = path.join(dataDir, 'demo-project');
  if (options.reset) rmSync(copy, { recursive: true, force: true });
  if (!existsSync(path.join(copy, MARKER))) {
    cpSync(shipped, copy, { recursive: true, filter: (source) => path.basename(source) !== 'make-demo-assets.mjs' });
  }
  return copy;
}
