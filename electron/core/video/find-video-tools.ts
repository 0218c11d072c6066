// Where Porter finds ffmpeg and ffprobe, first match wins: the ffmpeg chosen in Settings (this machine's own choice,
// so it beats a path a teammate wrote into the shared porter.json), the project's porter.json ("video": {"ffmpeg": …,
// "ffprobe": …}), the PORTER_FFMPEG / PORTER_FFPROBE environment variables, the copy bundled with the app (under the
// host's resources folder, passed in so the core never asks Electron), then PATH. They always run as separate
// programs: FFmpeg builds that carry x264 are GPL, and a separate executable keeps Porter's own licence free.
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { readPorterJsonObject } from '../project/porter-json';
import type { VideoProblem, VideoTools } from './video-types';

export interface FindVideoToolsOptions {
  /** The ffmpeg chosen in Settings (ffmpeg-setting.ts); ffprobe is the one beside it. */
  ffmpegSetting?: string;
  /** The open project, whose porter.json may name the programs. */
  projectRoot?: string;
  /** The packaged app's resources folder (Electron's process.resourcesPath), where the installer puts FFmpeg. */
  resourcesPath?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}

export type FindVideoToolsResult = { ok: true; tools: VideoTools } | VideoProblem;

export const FFMPEG_MISSING_MESSAGE =
  'Porter needs FFmpeg to read and compress video, and could not find it on this computer. Download FFmpeg from ffmpeg.org, ' +
  'unpack it, and choose its ffmpeg program in Settings (FFmpeg). Everything other than video works without it.';

export async function findVideoTools(options: FindVideoToolsOptions = {}): Promise<FindVideoToolsResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const exe = (name: string): string => (platform === 'win32' ? `${name}.exe` : name);

  if (options.ffmpegSetting) return explicitPair(options.ffmpegSetting, undefined, exe, 'settings', 'The FFmpeg chosen in Settings');
  if (options.projectRoot) {
    const configured = await fromPorterJson(options.projectRoot, exe);
    if (configured) return configured;
  }
  if (env.PORTER_FFMPEG || env.PORTER_FFPROBE) {
    return explicitPair(env.PORTER_FFMPEG, env.PORTER_FFPROBE, exe, 'environment', 'PORTER_FFMPEG / PORTER_FFPROBE');
  }
  if (options.resourcesPath) {
    const folder = path.join(options.resourcesPath, 'ffmpeg');
    const ffmpeg = path.join(folder, exe('ffmpeg'));
    const ffprobe = path.join(folder, exe('ffprobe'));
    if ((await isProgram(ffmpeg)) && (await isProgram(ffprobe))) return { ok: true, tools: { ffmpeg, ffprobe, source: 'bundled' } };
  }
  const ffmpeg = await onPath(exe('ffmpeg'), env, platform);
  const ffprobe = await onPath(exe('ffprobe'), env, platform);
  if (ffmpeg && ffprobe) return { ok: true, tools: { ffmpeg, ffprobe, source: 'path' } };
  return { ok: false, code: 'ffmpeg-missing', message: FFMPEG_MISSING_MESSAGE };
}

async function fromPorterJson(root: string, exe: (name: string) => string): Promise<FindVideoToolsResult | undefined> {
  let data: Record<string, unknown> | undefined;
  try {
    data = await readPorterJsonObject(root);
  } catch (error) {
    return { ok: false, code: 'ffmpeg-broken', message: (error as Error).message };
  }
  const video = data?.video;
  if (video === undefined) return undefined;
  const where = 'porter.json ("video": {"ffmpeg": …, "ffprobe": …})';
  if (typeof video !== 'object' || video === null || Array.isArray(video)) {
    return { ok: false, code: 'ffmpeg-broken', message: `The "video" entry in ${where} must be an object naming where FFmpeg is.` };
  }
  const { ffmpeg, ffprobe } = video as Record<string, unknown>;
  if (ffmpeg === undefined && ffprobe === undefined) return undefined;
  if ((ffmpeg !== undefined && typeof ffmpeg !== 'string') || (ffprobe !== undefined && typeof ffprobe !== 'string')) {
    return { ok: false, code: 'ffmpeg-broken', message: `In ${where}, "ffmpeg" and "ffprobe" must be paths (text).` };
  }
  const resolve = (file: string | undefined): string | undefined => (file ? path.resolve(root, file) : undefined);
  return explicitPair(resolve(ffmpeg), resolve(ffprobe), exe, 'porter.json', where);
}

/**
 * A pair the user named: one of the two is enough when the other sits beside it (as every FFmpeg download ships
 * them). A named program that is not there is reported, not skipped: silently using another FFmpeg would hide the mistake.
 */
async function explicitPair(ffmpegSetting: string | undefined, ffprobeSetting: string | undefined, exe: (name: string) => string, source: VideoTools['source'], where: string): Promise<FindVideoToolsResult> {
  const ffmpeg = ffmpegSetting ?? path.join(path.dirname(ffprobeSetting!), exe('ffmpeg'));
  const ffprobe = ffprobeSetting ?? path.join(path.dirname(ffmpegSetting!), exe('ffprobe'));
  for (const program of [ffmpeg, ffprobe]) {
    if (!(await isProgram(program))) {
      return { ok: false, code: 'ffmpeg-broken', message: `${where} names ${program}, which is not a program Porter can run. Correct the path, or remove it to use the FFmpeg installed on this computer.` };
    }
  }
  return { ok: true, tools: { ffmpeg, ffprobe, source } };
}

async function onPath(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  const folders = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean);
  for (const folder of folders) {
    const candidate = path.join(folder, name);
    if (await isProgram(candidate)) return candidate;
  }
  return undefined;
}

async function isProgram(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
