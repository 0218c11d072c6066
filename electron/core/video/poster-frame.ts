// One frame of a video as a JPEG: the poster a <video> shows before it plays, and the asset list's thumbnail.
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { inspectVideo } from './inspect-video';
import { lastErrorLine, runProgram } from './run-program';
import type { VideoResult, VideoTools } from './video-types';

export interface PosterRequest {
  tools: VideoTools;
  source: string;
  /** Where the JPEG goes (replaced only once it is complete). */
  output: string;
  /** The moment to show; by default a tenth of the way in (at most 5 s), past the fade-in many videos open with. */
  atSeconds?: number;
  /** Scales down to at most this width (a thumbnail); the frame keeps its size otherwise. */
  maxWidth?: number;
  signal?: AbortSignal;
}

export async function posterFrame(request: PosterRequest): Promise<VideoResult<{ file: string; atSeconds: number; bytes: number }>> {
  const { tools, source, output, maxWidth, signal } = request;
  const name = path.basename(source);
  const inspected = await inspectVideo(tools, source, signal);
  if (!inspected.ok) return inspected;
  const { info } = inspected;
  if (info.audioOnly) return { ok: false, code: 'not-video', message: `${name} is sound only, so it has no frame to show.` };
  // The last frame starts before the end; asking past it gives no frame at all.
  const latest = Math.max(0, info.seconds - 0.1);
  const atSeconds = Math.min(Math.max(0, request.atSeconds ?? Math.min(info.seconds * 0.1, 5)), latest);

  const temporary = `${output}.${randomBytes(4).toString('hex')}.partial`;
  const scale = maxWidth ? ['-vf', `scale='min(iw,${Math.round(maxWidth)})':-2`] : [];
  const outcome = await runProgram(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-y', '-ss', atSeconds.toFixed(3), '-i', source,
    '-frames:v', '1', ...scale, '-c:v', 'mjpeg', '-q:v', '3', '-pix_fmt', 'yuvj420p', '-f', 'image2', '-update', '1', temporary,
  ], { signal });
  const written = outcome.exitCode === 0 && !outcome.cancelled ? await stat(temporary).catch(() => undefined) : undefined;
  if (!written || written.size === 0) {
    await rm(temporary, { force: true });
    if (outcome.cancelled) return { ok: false, code: 'cancelled', message: `Making the poster of ${name} was cancelled.` };
    const why = outcome.spawnError?.message ?? (outcome.exitCode === 0 ? 'no frame at that moment' : lastErrorLine(outcome.stderr));
    return { ok: false, code: 'failed', message: `FFmpeg could not take a frame of ${name} (${why}). Choose another moment, or export the video again.` };
  }
  await rename(temporary, output);
  return { ok: true, file: output, atSeconds, bytes: written.size };
}
