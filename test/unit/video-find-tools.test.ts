import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FFMPEG_MISSING_MESSAGE, findVideoTools } from '../../electron/core/video/index';

let root: string;

/** A stand-in program: the resolution only needs an executable file by the right name. */
function standIn(folder: string, ...names: string[]): string {
  mkdirSync(folder, { recursive: true });
  for (const name of names) {
    writeFileSync(path.join(folder, name), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(folder, name), 0o755);
  }
  return folder;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'porter-video-find-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findVideoTools', () => {
  it('prefers porter.json, then PORTER_FFMPEG/PORTER_FFPROBE, then the bundled copy, then PATH', async () => {
    const project = path.join(root, 'project');
    standIn(path.join(project, 'tools'), 'ffmpeg', 'ffprobe');
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ video: { ffmpeg: 'tools/ffmpeg', ffprobe: 'tools/ffprobe' } }));
    const fromEnv = standIn(path.join(root, 'env'), 'ffmpeg', 'ffprobe');
    const resources = path.join(root, 'resources');
    standIn(path.join(resources, 'ffmpeg'), 'ffmpeg', 'ffprobe');
    const onPath = standIn(path.join(root, 'bin'), 'ffmpeg', 'ffprobe');
    const env = { PATH: onPath, PORTER_FFMPEG: path.join(fromEnv, 'ffmpeg'), PORTER_FFPROBE: path.join(fromEnv, 'ffprobe') };
    const options = { projectRoot: project, resourcesPath: resources, env, platform: 'linux' as const };

    expect(await findVideoTools(options)).toEqual({ ok: true, tools: { ffmpeg: path.join(project, 'tools/ffmpeg'), ffprobe: path.join(project, 'tools/ffprobe'), source: 'porter.json' } });
    rmSync(path.join(project, 'porter.json'));
    expect(await findVideoTools(options)).toMatchObject({ ok: true, tools: { ffmpeg: path.join(fromEnv, 'ffmpeg'), source: 'environment' } });
    const withoutEnv = { ...options, env: { PATH: onPath } };
    expect(await findVideoTools(withoutEnv)).toMatchObject({ ok: true, tools: { ffmpeg: path.join(resources, 'ffmpeg', 'ffmpeg'), ffprobe: path.join(resources, 'ffmpeg', 'ffprobe'), source: 'bundled' } });
    expect(await findVideoTools({ ...withoutEnv, resourcesPath: path.join(root, 'no-resources') })).toMatchObject({ ok: true, tools: { ffmpeg: path.join(onPath, 'ffmpeg'), source: 'path' } });
  });

  it('finds ffprobe beside a named ffmpeg', async () => {
    const folder = standIn(path.join(root, 'ffmpeg-7'), 'ffmpeg', 'ffprobe');
    const found = await findVideoTools({ env: { PORTER_FFMPEG: path.join(folder, 'ffmpeg'), PATH: '' }, platform: 'linux' });
    expect(found).toMatchObject({ ok: true, tools: { ffprobe: path.join(folder, 'ffprobe') } });
  });

  it('reports a named program that is not there instead of quietly using another FFmpeg', async () => {
    const onPath = standIn(path.join(root, 'bin'), 'ffmpeg', 'ffprobe');
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ video: { ffmpeg: 'gone/ffmpeg' } }));
    const found = await findVideoTools({ projectRoot: root, env: { PATH: onPath }, platform: 'linux' });
    expect(found).toMatchObject({ ok: false, code: 'ffmpeg-broken' });
    expect(!found.ok && found.message).toContain(path.join(root, 'gone/ffmpeg'));
    expect(!found.ok && found.message).toContain('porter.json');
  });

  it('refuses a "video" entry of the wrong shape with what it should be', async () => {
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ video: { ffmpeg: 7 } }));
    const found = await findVideoTools({ projectRoot: root, env: { PATH: '' }, platform: 'linux' });
    expect(found).toEqual({ ok: false, code: 'ffmpeg-broken', message: expect.stringContaining('must be paths') });
  });

  it('needs both programs on PATH, and says how to get FFmpeg without a terminal when there is none', async () => {
    const onlyFfmpeg = standIn(path.join(root, 'bin'), 'ffmpeg');
    const found = await findVideoTools({ projectRoot: root, resourcesPath: path.join(root, 'resources'), env: { PATH: onlyFfmpeg }, platform: 'linux' });
    expect(found).toEqual({ ok: false, code: 'ffmpeg-missing', message: FFMPEG_MISSING_MESSAGE });
    expect(FFMPEG_MISSING_MESSAGE).toContain('ffmpeg.org');
    expect(FFMPEG_MISSING_MESSAGE).not.toMatch(/apt|brew|sudo|terminal|command/i);
  });

  it('looks for ffmpeg.exe on Windows', async () => {
    const folder = standIn(path.join(root, 'win'), 'ffmpeg.exe', 'ffprobe.exe');
    expect(await findVideoTools({ env: { PATH: folder }, platform: 'win32' })).toMatchObject({ ok: true, tools: { ffmpeg: path.join(folder, 'ffmpeg.exe') } });
  });
});
