// Every check, in order, stopping at the first failure with its exit code. scripts/setup.mjs runs first
// (npm test does both), so packages are installed and out/ is built.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary, hasDisplay } from './electron-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A package's command-line entry, run with this Node rather than through npx. */
function bin(pkg, name) {
  const dir = path.join(root, 'node_modules', pkg);
  const { bin: entries } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  return path.join(dir, typeof entries === 'string' ? entries : entries[name]);
}

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`${title}: could not start ${command} (${result.error.message}).`);
    process.exit(1);
  }
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed.`);
    process.exit(result.status || 1);
  }
}

const node = process.execPath;
const playwright = bin('@playwright/test', 'playwright');

step('Lint', node, [bin('eslint', 'eslint'), '.']);
step('Type-check (Node side)', node, [bin('typescript', 'tsc'), '-p', 'tsconfig.node.json', '--noEmit']);
step('Type-check (renderer)', node, [bin('typescript', 'tsc'), '-p', 'tsconfig.web.json', '--noEmit']);
step('Unit and integration tests', node, [bin('vitest', 'vitest'), 'run']);
step('Browser UI end-to-end tests', node, [playwright, 'test', '--config', 'playwright.config.ts']);

if (electronBinary() === null) {
  console.log('\nElectron e2e: skipped (no Electron binary on this machine)');
} else {
  const suite = [playwright, 'test', '--config', 'playwright.electron.config.ts'];
  if (hasDisplay()) step('Electron end-to-end tests', node, suite);
  else step('Electron end-to-end tests (virtual display)', 'xvfb-run', ['--auto-servernum', '--server-args=-screen 0 1280x1024x24', node, ...suite]);
}
console.log('\n✔ All checks passed.');
