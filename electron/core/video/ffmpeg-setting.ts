// The FFmpeg chosen in Settings: one path to the ffmpeg program, kept in Porter's config folder beside the other
// answers remembered on this machine, and found first by find-video-tools. ffprobe is taken from the same folder,
// as every FFmpeg download ships them together. A path is saved only once both programs answer `-version` as FFmpeg.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveConfigDir } from '../project/python-consent';
import type { FindVideoToolsOptions } from './find-video-tools';
import { runProgram } from './run-program';

const STORE_FILE = 'video-tools.json';

export interface FfmpegChoice {
  ffmpeg: string;
  ffprobe: string;
  /** The first line of `ffmpeg -version`, shown so the user sees which build they chose. */
  version: string;
}

export type FfmpegChoiceResult = ({ ok: true } & FfmpegChoice) | { ok: false; message: string };

/** The saved path, or undefined when none is (or the file is unreadable: Porter then looks elsewhere). */
export async function loadFfmpegSetting(configDir: string): Promise<string | undefined> {
  try {
    const stored = JSON.parse(await readFile(path.join(configDir, STORE_FILE), 'utf8')) as { ffmpeg?: unknown };
    return typeof stored.ffmpeg === 'string' && stored.ffmpeg ? stored.ffmpeg : undefined;
  } catch {
    return undefined;
  }
}

/** Where a project's video work looks for FFmpeg: Settings first, then its porter.json, the bundled copy and PATH. */
export async function videoToolsOptions(projectRoot: string, where: { configDir?: string; resourcesPath?: string } = {}): Promise<FindVideoToolsOptions> {
  return { ffmpegSetting: await loadFfmpegSetting(resolveConfigDir(where.configDir, process.env)), projectRoot, resourcesPath: where.resourcesPath };
}

/** Checks the program and saves it; null forgets the choice. Nothing is saved when the check fails. */
export async function saveFfmpegSetting(configDir: string, ffmpeg: string | null, platform: NodeJS.Platform = process.platform): Promise<FfmpegChoiceResult | { ok: true; cleared: true }> {
  const file = path.join(configDir, STORE_FILE);
  if (ffmpeg === null) {
    await rm(file, { force: true });
    return { ok: true, cleared: true };
  }
  const checked = await checkFfmpeg(ffmpeg, platform);
  if (!checked.ok) return checked;
  await mkdir(configDir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ ffmpeg: checked.ffmpeg }, null, 2) + '\n');
  await rename(temporary, file);
  return checked;
}

export async function checkFfmpeg(chosen: string, platform: NodeJS.Platform = process.platform): Promise<FfmpegChoiceResult> {
  const ffmpeg = path.resolve(chosen.trim());
  if (!chosen.trim()) return { ok: false, message: 'Choose the ffmpeg program (ffmpeg.exe on Windows) from the folder where you unpacked FFmpeg.' };
  const name = path.basename(ffmpeg).toLowerCase();
  if (name !== 'ffmpeg' && name !== 'ffmpeg.exe') {
    return { ok: false, message: `${path.basename(ffmpeg)} is not the ffmpeg program. Choose the file named ffmpeg${platform === 'win32' ? '.exe' : ''} in the FFmpeg folder (ffprobe must sit beside it).` };
  }
  const ffprobe = path.join(path.dirname(ffmpeg), name === 'ffmpeg.exe' ? 'ffprobe.exe' : 'ffprobe');
  const version = await versionLine(ffmpeg, 'ffmpeg');
  if (!version.ok) return version;
  const probe = await versionLine(ffprobe, 'ffprobe');
  if (!probe.ok) return { ok: false, message: `${probe.message} Porter needs ffprobe in the same folder as ffmpeg; download a build that has both.` };
  return { ok: true, ffmpeg, ffprobe, version: version.line };
}

async function versionLine(program: string, expected: 'ffmpeg' | 'ffprobe'): Promise<{ ok: true; line: string } | { ok: false; message: string }> {
  const outcome = await runProgram(program, ['-version']);
  if (outcome.spawnError) {
    const missing = (outcome.spawnError as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, message: missing ? `There is no ${expected} at ${program}.` : `${program} cannot be run (${outcome.spawnError.message}).` };
  }
  // The copyright that follows the version on the same line says nothing about which build this is.
  const line = (outcome.stdout.split('\n')[0] ?? '').replace(/\s+Copyright.*$/, '').trim();
  if (outcome.exitCode !== 0 || !line.startsWith(`${expected} version`)) {
    return { ok: false, message: `${program} did not answer as ${expected} does (it printed "${line.slice(0, 80) || 'nothing'}"), so it is not FFmpeg's ${expected}.` };
  }
  return { ok: true, line };
}
