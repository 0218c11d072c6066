// The FFmpeg chosen in Settings, against stand-in scripts that answer `-version` as a real build would (or not).
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFfmpeg, loadFfmpegSetting, saveFfmpegSetting, videoToolsOptions } from '../../electron/core/video/ffmpeg-setting';
import { findVideoTools } from '../../electron/core/video/index';

let root: string;

function script(file: string, firstLine: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\n[ "$1" = "-version" ] && echo "${firstLine}" && exit 0\nexit 1\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A folder like an unpacked FFmpeg download: ffmpeg and ffprobe side by side. */
function download(folder: string): string {
  script(path.join(folder, 'ffprobe'), 'ffprobe version 7.1-stand-in Copyright (c) 2007-2024 the FFmpeg developers');
  return script(path.join(folder, 'ffmpeg'), 'ffmpeg version 7.1-stand-in Copyright (c) 2000-2024 the FFmpeg developers');
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'porter-ffmpeg-setting-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the FFmpeg chosen in Settings', () => {
  it('is saved once both programs answer -version, and found before porter.json, the environment and PATH', async () => {
    const config = path.join(root, 'config');
    const chosen = download(path.join(root, 'ffmpeg-7.1', 'bin'));
    expect(await saveFfmpegSetting(config, chosen)).toEqual({ ok: true, ffmpeg: chosen, ffprobe: path.join(path.dirname(chosen), 'ffprobe'), version: expect.stringMatching(/^ffmpeg version 7\.1-stand-in/) });
    expect(await loadFfmpegSetting(config)).toBe(chosen);

    const project = path.join(root, 'project');
    const named = download(path.join(project, 'tools'));
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ video: { ffmpeg: 'tools/ffmpeg' } }));
    const onPath = path.dirname(download(path.join(root, 'bin')));
    const env = { PATH: onPath, PORTER_FFMPEG: named };
    const options = { ...(await videoToolsOptions(project, { configDir: config })), env, platform: 'linux' as const };
    expect(await findVideoTools(options)).toEqual({ ok: true, tools: { ffmpeg: chosen, ffprobe: path.join(path.dirname(chosen), 'ffprobe'), source: 'settings' } });
    expect(await findVideoTools({ ...options, ffmpegSetting: undefined })).toMatchObject({ ok: true, tools: { ffmpeg: named, source: 'porter.json' } });

    expect(await saveFfmpegSetting(config, null)).toEqual({ ok: true, cleared: true });
    expect(await loadFfmpegSetting(config)).toBeUndefined();
  });

  it('refuses, with what to do, a path that is missing, another program, or an ffmpeg without ffprobe beside it', async () => {
    const config = path.join(root, 'config');
    expect(await saveFfmpegSetting(config, path.join(root, 'nowhere', 'ffmpeg'))).toEqual({ ok: false, message: `There is no ffmpeg at ${path.join(root, 'nowhere', 'ffmpeg')}.` });
    const notes = script(path.join(root, 'apps', 'notes'), 'notes 1.0');
    expect(await checkFfmpeg(notes, 'linux')).toEqual({ ok: false, message: expect.stringContaining('is not the ffmpeg program. Choose the file named ffmpeg in the FFmpeg folder') });
    const impostor = script(path.join(root, 'other', 'ffmpeg'), 'Usage: something else');
    expect(await checkFfmpeg(impostor)).toEqual({ ok: false, message: expect.stringContaining('did not answer as ffmpeg does (it printed "Usage: something else")') });
    const alone = script(path.join(root, 'alone', 'ffmpeg'), 'ffmpeg version 6.0');
    expect(await checkFfmpeg(alone)).toEqual({ ok: false, message: expect.stringContaining('Porter needs ffprobe in the same folder as ffmpeg') });
    expect(existsSync(config)).toBe(false);
  });

  it('reports a chosen program that has since gone, instead of quietly using another FFmpeg', async () => {
    const gone = path.join(root, 'removed', 'ffmpeg');
    const found = await findVideoTools({ ffmpegSetting: gone, env: { PATH: path.dirname(download(path.join(root, 'bin'))) }, platform: 'linux' });
    expect(found).toMatchObject({ ok: false, code: 'ffmpeg-broken', message: expect.stringContaining(`The FFmpeg chosen in Settings names ${gone}`) });
  });
});
