// Encodes a variant of a video at a quality target into the cache, keyed by the source's content and the options,
// so asking again (another session, the same file under another name) finds it without encoding. ffmpeg writes to
// a temporary name renamed into place on success: a cancelled or failed encode leaves nothing behind.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { VIDEO_ENCODERS, videoCapabilities, type VideoCapabilities } from './capabilities';
import { inspectVideo } from './inspect-video';
import { lastErrorLine, runProgram } from './run-program';
import type { TranscodeOptions, TranscodeProgress, VideoInfo, VideoProblem, VideoResult, VideoTools } from './video-types';

/** Bump when the encoding arguments change, so variants made the old way stop matching. */
export const VIDEO_ENGINE_VERSION = 1;

export const VARIANT_EXTENSIONS = { h264: 'mp4', vp9: 'webm', av1: 'webm' } as const;

const CRF_RANGE = { h264: [0, 51], vp9: [0, 63], av1: [0, 63] } as const;

export interface TranscodeRequest {
  tools: VideoTools;
  source: string;
  options: TranscodeOptions;
  /** Porter's cache folder; the variant is written under it and reused while source and options are unchanged. */
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: TranscodeProgress) => void;
}

export type TranscodeResult = VideoResult<{ file: string; bytes: number; cached: boolean; source: VideoInfo }>;

export async function transcodeVideo(request: TranscodeRequest): Promise<TranscodeResult> {
  const { tools, source, options, cacheDir, signal, onProgress } = request;
  const name = path.basename(source);
  const capable = await videoCapabilities(tools);
  if (!capable.ok) return capable;
  const refused = checkOptions(options, capable.capabilities);
  if (refused) return refused;

  const inspected = await inspectVideo(tools, source, signal);
  if (!inspected.ok) return inspected;
  const { info } = inspected;
  if (info.audioOnly) return { ok: false, code: 'not-video', message: `${name} is sound only; Porter makes video variants of files with pictures.` };
  const audioProblem = info.audioCodec ? checkAudio(options, capable.capabilities) : undefined;
  if (audioProblem) return audioProblem;

  let key: string;
  try {
    key = await variantKey(source, options, capable.capabilities.version);
  } catch (error) {
    return { ok: false, code: 'unreadable', message: `Porter cannot read ${name} (${(error as Error).message}).` };
  }
  const folder = path.join(cacheDir, `video-v${VIDEO_ENGINE_VERSION}`, key.slice(0, 2));
  const file = path.join(folder, `${key}.${VARIANT_EXTENSIONS[options.codec]}`);
  const existing = await sizeOf(file);
  if (existing !== undefined) return { ok: true, file, bytes: existing, cached: true, source: info };

  await mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  const started = Date.now();
  const outcome = await runProgram(tools.ffmpeg, ['-progress', 'pipe:1', '-nostats', ...transcodeArguments(source, options, temporary, info)], {
    signal,
    onProgressBlock: onProgress && ((fields) => onProgress(progressFrom(fields, info.seconds, Date.now() - started))),
  });
  if (outcome.cancelled || outcome.exitCode !== 0 || outcome.spawnError) {
    await rm(temporary, { force: true });
    if (outcome.cancelled) return { ok: false, code: 'cancelled', message: `Compressing ${name} was cancelled; nothing was written.` };
    const why = outcome.spawnError?.message ?? lastErrorLine(outcome.stderr);
    return { ok: false, code: 'failed', message: `FFmpeg could not compress ${name} (${why}). Nothing was written; the original is unchanged.` };
  }
  await rename(temporary, file);
  return { ok: true, file, bytes: (await stat(file)).size, cached: false, source: info };
}

/**
 * ffmpeg's arguments for one variant, without the progress reporting; the benchmark runs this same command bare.
 * `info` says whether there is sound to encode.
 */
export function transcodeArguments(source: string, options: TranscodeOptions, output: string, info: Pick<VideoInfo, 'audioCodec'>): string[] {
  const video = {
    h264: ['-c:v', VIDEO_ENCODERS.h264, '-preset', 'medium', '-crf', String(options.crf)],
    // -b:v 0 makes the CRF the only target (constant quality), as libvpx otherwise caps it at a default bitrate.
    vp9: ['-c:v', VIDEO_ENCODERS.vp9, '-crf', String(options.crf), '-b:v', '0', '-deadline', 'good', '-cpu-used', '4', '-row-mt', '1'],
    av1: ['-c:v', VIDEO_ENCODERS.av1, '-crf', String(options.crf), '-preset', '8'],
  }[options.codec];
  const audio = !info.audioCodec ? ['-an'] : options.codec === 'h264' ? ['-c:a', 'aac', '-b:a', '128k'] : ['-c:a', 'libopus', '-b:a', '96k'];
  const container = options.codec === 'h264' ? ['-movflags', '+faststart', '-f', 'mp4'] : ['-f', 'webm'];
  return [
    '-hide_banner', '-nostdin', '-y', '-i', source,
    '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn', '-map_metadata', '-1',
    // Browsers play 4:2:0 only, and 4:2:0 needs even sizes.
    '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-pix_fmt', 'yuv420p',
    ...video, ...audio, ...container, output,
  ];
}

function checkOptions(options: TranscodeOptions, capabilities: VideoCapabilities): VideoProblem | undefined {
  const range = CRF_RANGE[options.codec];
  if (!range) return { ok: false, code: 'failed', message: `Porter makes H.264, VP9 and AV1 variants, not "${String(options.codec)}".` };
  if (!Number.isInteger(options.crf) || options.crf < range[0] || options.crf > range[1]) {
    return { ok: false, code: 'failed', message: `The quality setting for ${options.codec.toUpperCase()} must be a whole number from ${range[0]} to ${range[1]}.` };
  }
  if (!capabilities.codecs[options.codec]) {
    return { ok: false, code: 'encoder-missing', message: `This FFmpeg cannot make ${options.codec.toUpperCase()} video (it has no ${VIDEO_ENCODERS[options.codec]}). Choose another format, or install a full FFmpeg build from ffmpeg.org.` };
  }
  return undefined;
}

function checkAudio(options: TranscodeOptions, capabilities: VideoCapabilities): VideoProblem | undefined {
  const needed = options.codec === 'h264' ? capabilities.aac : capabilities.opus;
  if (needed) return undefined;
  const encoder = options.codec === 'h264' ? 'AAC' : 'Opus (libopus)';
  return { ok: false, code: 'encoder-missing', message: `This FFmpeg cannot encode the sound as ${encoder}. Choose another format, or install a full FFmpeg build from ffmpeg.org.` };
}

function progressFrom(fields: Map<string, string>, totalSeconds: number, elapsedMs: number): TranscodeProgress {
  const doneMicroseconds = Number(fields.get('out_time_us') ?? fields.get('out_time_ms'));
  const finished = fields.get('progress') === 'end';
  const doneSeconds = finished ? totalSeconds : Number.isFinite(doneMicroseconds) ? Math.max(0, Math.min(totalSeconds, doneMicroseconds / 1e6)) : 0;
  const fraction = totalSeconds > 0 ? doneSeconds / totalSeconds : 0;
  const fps = Number(fields.get('fps'));
  const bytes = Number(fields.get('total_size'));
  return {
    percent: Math.round(fraction * 1000) / 10,
    doneSeconds,
    totalSeconds,
    bytes: Number.isFinite(bytes) ? bytes : 0,
    fps: Number.isFinite(fps) && fps > 0 ? fps : null,
    etaSeconds: finished ? 0 : fraction > 0 ? ((elapsedMs / 1000) * (1 - fraction)) / fraction : null,
  };
}

async function variantKey(source: string, options: TranscodeOptions, ffmpegVersion: string): Promise<string> {
  const content = createHash('sha256');
  for await (const chunk of createReadStream(source)) content.update(chunk as Buffer);
  const described = JSON.stringify([VIDEO_ENGINE_VERSION, ffmpegVersion, options.codec, options.crf]);
  return createHash('sha256').update(`${described}\0${content.digest('hex')}`).digest('hex');
}

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).size;
  } catch {
    return undefined;
  }
}
