// What the asset list shows of a video or sound file: its inspection and a small poster, one entry per file,
// remembered in memory by path, size and modification time (scrolling back is free, a changed file is read again).
// Without FFmpeg every row carries the message saying how to get it; nothing else in the list depends on it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findVideoTools, type FindVideoToolsOptions } from './find-video-tools';
import { inspectVideo } from './inspect-video';
import { posterFrame } from './poster-frame';
import type { VideoInfo } from './video-types';

/** Files the list asks about: the containers a site serves video in, and sound files, shown as sound only. */
const MEDIA_NAME = /\.(mp4|webm|mov|m4v|m4a|mp3|ogg|oga|opus|wav)$/i;
const POSTER_WIDTH = 96;
const CACHE_LIMIT = 2000;

export type VideoRowDetails = { ok: true; info: VideoInfo; poster: string | null } | { ok: false; message: string };

export function isVideoOrSound(name: string): boolean {
  return MEDIA_NAME.test(name);
}

const remembered = new Map<string, VideoRowDetails>();

export async function videoDetails(files: string[], options: FindVideoToolsOptions & { cacheDir: string }): Promise<Record<string, VideoRowDetails>> {
  const found = await findVideoTools(options);
  const details: Record<string, VideoRowDetails> = {};
  for (const file of files) {
    if (!found.ok) {
      details[file] = { ok: false, message: found.message };
      continue;
    }
    let key: string;
    try {
      const info = await stat(file);
      key = `${found.tools.ffmpeg}|${file}|${info.size}|${info.mtimeMs}`;
    } catch (error) {
      details[file] = { ok: false, message: `Porter cannot read ${path.basename(file)} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).` };
      continue;
    }
    const known = remembered.get(key);
    if (known) {
      details[file] = known;
      continue;
    }
    const inspected = await inspectVideo(found.tools, file);
    const row: VideoRowDetails = inspected.ok ? { ok: true, info: inspected.info, poster: inspected.info.audioOnly ? null : await posterUrl(found.tools, file, key, options.cacheDir) } : { ok: false, message: inspected.message };
    remembered.set(key, row);
    if (remembered.size > CACHE_LIMIT) remembered.delete(remembered.keys().next().value!);
    details[file] = row;
  }
  return details;
}

async function posterUrl(tools: Parameters<typeof posterFrame>[0]['tools'], source: string, key: string, cacheDir: string): Promise<string | null> {
  const folder = path.join(cacheDir, 'video-posters');
  const output = path.join(folder, `${createHash('md5').update(key).digest('hex')}.jpg`);
  try {
    return `data:image/jpeg;base64,${(await readFile(output)).toString('base64')}`;
  } catch {
    // Not made yet.
  }
  await mkdir(folder, { recursive: true });
  const made = await posterFrame({ tools, source, output, maxWidth: POSTER_WIDTH });
  return made.ok ? `data:image/jpeg;base64,${(await readFile(made.file)).toString('base64')}` : null;
}
