import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { electronBuilderArgs, electronZipName, ffmpegBundle, signingPlan } from '../../scripts/dist.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const config = load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electronBuilderArgs (npm run dist)', () => {
  it("builds this OS's installers from electron-builder.yml for the host architecture only", () => {
    expect(electronBuilderArgs({ platform: 'linux', arch: 'x64', config, publish: 'never' })).toEqual(['--linux', 'AppImage', 'deb', 'tar.gz', '--x64', '--publish', 'never']);
    expect(electronBuilderArgs({ platform: 'darwin', arch: 'arm64', config, publish: 'never' })).toEqual(['--mac', 'dmg', 'zip', '--arm64', '--publish', 'never']);
    expect(electronBuilderArgs({ platform: 'win32', arch: 'arm64', config, publish: 'always' })).toEqual(['--win', 'nsis', '--arm64', '--publish', 'always']);
  });

  it('packs without installers with --dir', () => {
    expect(electronBuilderArgs({ platform: 'linux', arch: 'arm64', config, publish: 'never', dir: true })).toEqual(['--linux', 'dir', '--arm64', '--publish', 'never']);
  });

  it('says what is wrong with a platform or config it cannot build', () => {
    expect(() => electronBuilderArgs({ platform: 'freebsd', arch: 'x64', config, publish: 'never' })).toThrow('Porter has no installers for freebsd; build on macOS, Windows or Linux.');
    expect(() => electronBuilderArgs({ platform: 'linux', arch: 'x64', config: { linux: {} }, publish: 'never' })).toThrow('electron-builder.yml lists no linux.target');
  });
});

describe('ffmpegBundle', () => {
  it('says in one line whether this installer carries FFmpeg, from the folder electron-builder.yml copies', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'porter-dist-ffmpeg-'));
    try {
      expect(ffmpegBundle('linux', 'x64', folder)).toEqual({
        folder: path.join('vendor', 'ffmpeg', 'linux-x64'),
        bundled: false,
        line: `FFmpeg: none bundled (${path.join('vendor', 'ffmpeg', 'linux-x64')} has no ffmpeg and ffprobe); the app will use an FFmpeg installed on the user's computer.`,
      });
      const vendored = path.join(folder, 'vendor', 'ffmpeg', 'win-arm64');
      mkdirSync(vendored, { recursive: true });
      for (const name of ['ffmpeg.exe', 'ffprobe.exe']) {
        writeFileSync(path.join(vendored, name), '');
        chmodSync(path.join(vendored, name), 0o755);
      }
      expect(ffmpegBundle('win32', 'arm64', folder)).toMatchObject({ bundled: true, line: `FFmpeg: bundled from ${path.join('vendor', 'ffmpeg', 'win-arm64')} (ffmpeg and ffprobe, run as separate programs).` });
      expect(ffmpegBundle('linux', 'arm64', folder).bundled).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is the folder electron-builder.yml copies into the resources as ffmpeg/', () => {
    const resources = (config.extraResources as Array<{ from: string; to: string }>).find((entry) => entry.to === 'ffmpeg');
    expect(resources?.from).toBe('vendor/ffmpeg/${os}-${arch}');
  });
});

describe('signingPlan', () => {
  const apple = { APPLE_ID: 'me@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123' };

  it('skips macOS notarization with one line when no Apple credentials are set (empty CI secrets included)', () => {
    const plan = signingPlan('darwin', { APPLE_ID: '', APPLE_TEAM_ID: ' ' });
    expect(plan.args).toEqual(['-c.mac.notarize=false']);
    expect(plan.lines).toHaveLength(2);
    expect(plan.lines[1]).toMatch(/^macOS notarization: skipped \(set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID/);
  });

  it('notarizes with a complete set of credentials only', () => {
    expect(signingPlan('darwin', { ...apple, CSC_LINK: 'cert.p12' })).toEqual({
      lines: ['macOS signing: with the certificate in CSC_LINK.', 'macOS notarization: on (Apple credentials found in the environment).'],
      args: [],
    });
    expect(signingPlan('darwin', { APPLE_API_KEY: 'key.p8', APPLE_API_KEY_ID: 'ID', APPLE_API_ISSUER: 'issuer' }).args).toEqual([]);
    expect(signingPlan('darwin', { ...apple, APPLE_TEAM_ID: '' }).args).toEqual(['-c.mac.notarize=false']);
  });

  it('says whether the Windows installer will be signed, and has nothing to say on Linux', () => {
    expect(signingPlan('win32', {}).lines).toEqual(['Windows signing: skipped, the installer is unsigned (set WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD to sign).']);
    expect(signingPlan('win32', { WIN_CSC_LINK: 'cert.pfx' }).lines).toEqual(['Windows signing: with the certificate in WIN_CSC_LINK/CSC_LINK.']);
    expect(signingPlan('linux', apple)).toEqual({ lines: [], args: [] });
  });
});

it('names the Electron zip as the download cache does', () => {
  expect(electronZipName('45.4.1', 'darwin', 'arm64')).toBe('electron-v45.4.1-darwin-arm64.zip');
});

it('stops with one line and exit code 1 where no Electron zip can be had', () => {
  // An empty download cache and a mirror nothing listens on: what a machine without GitHub looks like.
  const home = mkdtempSync(path.join(os.tmpdir(), 'porter-dist-'));
  try {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, USERPROFILE: home, XDG_CACHE_HOME: home, LOCALAPPDATA: home, ELECTRON_MIRROR: 'http://127.0.0.1:9/' };
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/dist.mjs')], { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Installers: cannot build here: electron-v[\d.]+-\w+-\w+\.zip is not in the download cache and 127\.0\.0\.1:9 cannot be reached; run on a machine with internet access/),
    ]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
