// `npm run dist`: this OS's installers, for this machine's architecture, into release/<version>/. Makes the icons,
// builds, then runs electron-builder with the targets electron-builder.yml lists for this OS.
//
// Only the host architecture: sharp, lightningcss, oxc-minify and @napi-rs/image are native, and npm installs
// them for the machine it runs on, so an arm64 app built on an x64 machine would ship x64 binaries it cannot load.
// The release workflow runs one job per OS and architecture instead.
//
// electron-builder packages a downloaded Electron zip (not the unpacked binary npm installed). Where it can be had
// neither from the download cache nor from GitHub, this says so in one line and stops with exit code 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load } from 'js-yaml';
import { makeIcons } from './make-icons.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const platformFlags = { darwin: 'mac', win32: 'win', linux: 'linux' };

/**
 * electron-builder's command line: this platform's targets from the config, built for one architecture. Naming
 * the targets on the command line is what makes electron-builder ignore the arch lists in the config.
 * @param {{ platform: NodeJS.Platform, arch: string, config: Record<string, any>, publish: string, dir?: boolean }} options
 * @returns {string[]}
 */
export function electronBuilderArgs({ platform, arch, config, publish, dir = false }) {
  const key = platformFlags[platform];
  if (!key) throw new Error(`Porter has no installers for ${platform}; build on macOS, Windows or Linux.`);
  const listed = [config[key]?.target ?? []].flat().map((target) => (typeof target === 'string' ? target : target.target));
  if (!dir && listed.length === 0) throw new Error(`electron-builder.yml lists no ${key}.target; add the installers to build.`);
  return [`--${key}`, ...(dir ? ['dir'] : listed), `--${arch}`, '--publish', publish];
}

const notarizeCredentials = [
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_KEYCHAIN_PROFILE'],
];

/**
 * What will be signed and notarized, one line each, and the config overrides that follow from it. Empty values
 * count as missing: CI passes unset secrets as ''.
 * @param {NodeJS.Platform} platform
 * @param {Record<string, string | undefined>} env
 * @returns {{ lines: string[], args: string[] }}
 */
export function signingPlan(platform, env) {
  const has = (name) => Boolean(env[name]?.trim());
  if (platform === 'darwin') {
    const signing = has('CSC_LINK')
      ? 'macOS signing: with the certificate in CSC_LINK.'
      : 'macOS signing: with a Developer ID identity from the keychain if there is one, else unsigned (set CSC_LINK and CSC_KEY_PASSWORD to sign).';
    if (notarizeCredentials.some((names) => names.every(has))) {
      return { lines: [signing, 'macOS notarization: on (Apple credentials found in the environment).'], args: [] };
    }
    return {
      lines: [signing, 'macOS notarization: skipped (set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID, or APPLE_API_KEY, APPLE_API_KEY_ID and APPLE_API_ISSUER, to notarize).'],
      args: ['-c.mac.notarize=false'],
    };
  }
  if (platform === 'win32') {
    const signed = has('WIN_CSC_LINK') || has('CSC_LINK');
    return {
      lines: [signed ? 'Windows signing: with the certificate in WIN_CSC_LINK/CSC_LINK.' : 'Windows signing: skipped, the installer is unsigned (set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD to sign).'],
      args: [],
    };
  }
  return { lines: [], args: [] };
}

/**
 * Where the release workflow puts this platform's FFmpeg (electron-builder.yml copies the folder into the app's
 * resources as ffmpeg/, where the app looks first after porter.json and PORTER_FFMPEG), and the one line saying
 * whether this installer carries it. Without it the app uses an FFmpeg installed on the user's computer.
 * @param {NodeJS.Platform} platform
 * @param {string} arch
 * @param {string} rootDir
 * @returns {{ folder: string, bundled: boolean, line: string }}
 */
export function ffmpegBundle(platform, arch, rootDir) {
  const folder = path.join('vendor', 'ffmpeg', `${platformFlags[platform] ?? platform}-${arch}`);
  const exe = platform === 'win32' ? '.exe' : '';
  const bundled = ['ffmpeg', 'ffprobe'].every((name) => existsSync(path.join(rootDir, folder, `${name}${exe}`)));
  const line = bundled
    ? `FFmpeg: bundled from ${folder} (ffmpeg and ffprobe, run as separate programs).`
    : `FFmpeg: none bundled (${folder} has no ffmpeg and ffprobe); the app will use an FFmpeg installed on the user's computer.`;
  return { folder, bundled, line };
}

/** The Electron zip electron-builder needs, as @electron/get names it. */
export function electronZipName(version, platform, arch) {
  return `electron-v${version}-${platform}-${arch}.zip`;
}

/** Where @electron/get and electron-builder keep downloaded zips (their own defaults, and the override). */
function downloadCaches(env) {
  const home = os.homedir();
  if (process.platform === 'darwin') return [path.join(home, 'Library/Caches/electron'), path.join(home, 'Library/Caches/electron-builder')];
  if (process.platform === 'win32') {
    const local = env.LOCALAPPDATA || path.join(home, 'AppData/Local');
    return [path.join(local, 'electron/Cache'), path.join(local, 'electron-builder/Cache')];
  }
  const cache = env.XDG_CACHE_HOME || path.join(home, '.cache');
  return [path.join(cache, 'electron'), path.join(cache, 'electron-builder')];
}

function isCached(zipName, env) {
  const found = (dir, depth) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    return entries.some((entry) => entry.name === zipName || (entry.isDirectory() && depth > 0 && found(path.join(dir, entry.name), depth - 1)));
  };
  return downloadCaches(env).some((dir) => found(dir, 3));
}

/** Whether the zip's download address answers at all (a redirect is an answer); bounded, so a silent network fails fast. */
async function isDownloadable(url) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    return true;
  } catch {
    return false;
  }
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`Could not start ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  const { values } = parseArgs({
    options: { publish: { type: 'string', default: 'never' }, dir: { type: 'boolean', default: false } },
  });
  const env = process.env;
  const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  const { platform, arch } = process;
  const zip = electronZipName(electronVersion, platform, arch);

  if (!isCached(zip, env)) {
    const mirror = env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases/download/';
    // Behind a proxy the probe (plain fetch) proves nothing; electron-builder's own download uses the proxy.
    const behindProxy = Boolean(env.HTTPS_PROXY || env.https_proxy);
    if (!behindProxy && !(await isDownloadable(`${mirror}v${electronVersion}/${zip}`))) {
      console.error(
        `Installers: cannot build here: ${zip} is not in the download cache and ${new URL(mirror).host} cannot be reached; ` +
          'run on a machine with internet access, or set ELECTRON_MIRROR to a mirror that has it.',
      );
      process.exit(1);
    }
  }

  const builderArgs = electronBuilderArgs({ platform, arch, config, publish: values.publish, dir: values.dir });
  const signing = signingPlan(platform, env);
  console.log(`Installers for ${platform}-${arch}: ${builderArgs.slice(1, builderArgs.indexOf(`--${arch}`)).join(', ')}`);
  for (const line of signing.lines) console.log(line);
  console.log(ffmpegBundle(platform, arch, root).line);

  console.log(`Icons written to ${path.relative(root, await makeIcons())}/`);
  run(process.execPath, [path.join(root, 'scripts/build.mjs')]);
  run(process.execPath, [path.join(root, 'node_modules/electron-builder/cli.js'), ...builderArgs, ...signing.args]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
