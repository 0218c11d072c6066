// Makes a fresh clone runnable and testable: Debian packages, npm packages, the Electron binary when it can be
// downloaded, then the build. Safe to run again; the npm step is skipped while package.json and
// package-lock.json are unchanged since the last successful install.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'node_modules', '.porter-setup');
const lockFile = path.join(root, 'package-lock.json');

/** Debian packages and what needs them; Porter itself runs without any of them. */
const debianPackages = [
  ['chromium', 'the browser UI tests'],
  ['ffmpeg', 'the video tests and benchmark (ffmpeg and ffprobe, run as separate programs)'],
  ['python3-django', "tests that compare with Django's collectstatic"],
  ['python3-venv', 'tests that give a project its own Python'],
  ['rclone', 'the S3 publishing tests'],
  ['time', 'the benchmarks'],
  ['optipng', 'the lossless PNG benchmark'],
  ['zopfli', 'the lossless PNG benchmark (zopflipng)'],
  ['xvfb', 'the Electron tests on a machine without a display'],
  ['xauth', 'xvfb-run'],
];

function run(command, args, options = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
}

function isInstalled(pkg) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return query.status === 0 && query.stdout.trim() === 'install ok installed';
}

function ensureDebianPackages() {
  if (spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).error) {
    console.log(`Not a Debian system: install ${debianPackages.map(([pkg]) => pkg).join(', ')} yourself to run every test.`);
    return;
  }
  const missing = debianPackages.filter(([pkg]) => !isInstalled(pkg));
  if (missing.length === 0) return;

  const names = missing.map(([pkg]) => pkg);
  if (process.getuid?.() === 0) {
    console.log(`Installing Debian packages: ${names.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const quiet = { env, stdio: ['ignore', 'ignore', 'inherit'] };
    const updated = run('apt-get', ['update', '-qq'], quiet).status === 0;
    if (updated && run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], quiet).status === 0) return;
  }
  const still = missing.filter(([pkg]) => !isInstalled(pkg));
  if (still.length === 0) return;
  const needs = still.map(([pkg, why]) => `${pkg} (${why})`).join(', ');
  console.log(`Missing Debian packages: ${needs}. Install with: sudo apt-get install ${still.map(([pkg]) => pkg).join(' ')}`);
}

function dependencyHash() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    hash.update(file).update('\0');
    if (existsSync(path.join(root, file))) hash.update(readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

function ensureNpmPackages() {
  let stamp = '';
  try {
    stamp = readFileSync(stampFile, 'utf8').trim();
  } catch {
    // No stamp: never installed here, or node_modules was removed.
  }
  if (stamp === dependencyHash()) return;

  const install = existsSync(lockFile) ? 'ci' : 'install';
  console.log(`Installing npm packages (npm ${install})…`);
  // Electron's binary comes from GitHub, which may be unreachable; it is fetched separately below.
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = run(npm, [install, '--no-audit', '--no-fund', '--loglevel=error'], {
    env,
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error(`npm ${install} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  ensureElectronBinary();
  // Hashed after the install: `npm install` may have just written the lock file.
  writeFileSync(stampFile, `${dependencyHash()}\n`);
}

function ensureElectronBinary() {
  if (electronBinary()) return;
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  // A real download (~100 MB) fits in this; a network that drops GitHub traffic would otherwise hang setup.
  const attempt = run(process.execPath, [installer], { stdio: 'ignore', timeout: 90_000 });
  if (attempt.status === 0 && electronBinary()) return;
  console.log(
    "Electron's binary could not be downloaded here; continuing without it (ELECTRON_SKIP_BINARY_DOWNLOAD=1). " +
      'Porter will open in your browser through porter serve.',
  );
}

function build() {
  const result = run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  if (result.status !== 0) {
    console.error('The build failed; see the errors above.');
    process.exit(result.status || 1);
  }
}

ensureDebianPackages();
ensureNpmPackages();
build();
