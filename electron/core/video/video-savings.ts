// A video's variants for the savings report: an H.264 MP4 (plays everywhere) and a WebM (VP9, or AV1 when the build
// has no VP9) at one quality target, each with its bytes and its SSIM/PSNR against the original. A long video is not
// encoded whole here: three 4-second segments are cut into one sample (lossless FFV1, so the cut adds no loss), the
// sample is encoded and scored, and the bytes are scaled to the full length. The full transcode runs only when the
// user chooses the variant. Encodes and samples are cached by content like every transcode.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { videoCapabilities } from './capabilities';
import { inspectVideo } from './inspect-video';
import { measureVideo, SAMPLE_ABOVE_SECONDS, SAMPLE_SEGMENT_SECONDS, sampleSegments } from './measure-video';
import { lastErrorLine, runProgram } from './run-program';
import { transcodeVideo, VIDEO_ENGINE_VERSION } from './transcode-video';
import type { TranscodeOptions, VideoCodec, VideoInfo, VideoResult, VideoTools } from './video-types';

/** The quality target: constant rate factors that look like the original at a glance on each encoder's scale. */
export const SAVINGS_VIDEO_CRF: Record<VideoCodec, number> = { h264: 23, vp9: 33, av1: 35 };

export interface VideoSavingsVariant {
  codec: VideoCodec;
  crf: number;
  /** The whole video's bytes: measured, or scaled from the sample when `sampled`. */
  bytes: number;
  ssim: number;
  psnrDb: number | null;
}

export interface VideoSavings {
  info: VideoInfo;
  variants: VideoSavingsVariant[];
  /** Says the numbers come from a sample, and which; null when every frame was encoded and compared. */
  sampleNote: string | null;
  /** Why a format is missing (the build lacks its encoder), or that VMAF is not offered; shown as the row's notes. */
  notes: string[];
}

export interface VideoSavingsProgress {
  /** Encodes and comparisons finished, out of `steps`. */
  step: number;
  steps: number;
  /** Of the encode running now, 0–100. */
  percent: number;
}

export interface VideoSavingsRequest {
  tools: VideoTools;
  source: string;
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: VideoSavingsProgress) => void;
}

/** The codecs offered, in the order shown: the one for reach, then the one for size. */
export function savingsCodecs(codecs: Record<VideoCodec, boolean>): VideoCodec[] {
  const webm: VideoCodec | undefined = codecs.vp9 ? 'vp9' : codecs.av1 ? 'av1' : undefined;
  return [...(codecs.h264 ? (['h264'] as const) : []), ...(webm ? [webm] : [])];
}

export async function videoSavings(request: VideoSavingsRequest): Promise<VideoResult<{ savings: VideoSavings }>> {
  const { tools, source, cacheDir, signal, onProgress } = request;
  const capable = await videoCapabilities(tools);
  if (!capable.ok) return capable;
  const inspected = await inspectVideo(tools, source, signal);
  if (!inspected.ok) return inspected;
  const { info } = inspected;
  const name = path.basename(source);
  if (info.audioOnly) return { ok: false, code: 'not-video', message: `${name} is sound only; Porter makes video variants of files with pictures.` };

  const { capabilities } = capable;
  const notes: string[] = [];
  if (!capabilities.codecs.h264) notes.push('This FFmpeg has no H.264 encoder (libx264), so there is no MP4 variant.');
  if (!capabilities.codecs.vp9 && !capabilities.codecs.av1) notes.push('This FFmpeg has no VP9 or AV1 encoder, so there is no WebM variant.');
  if (!capabilities.vmaf) notes.push('Scores are SSIM and PSNR: this FFmpeg has no VMAF.');
  const codecs = savingsCodecs(capabilities.codecs);
  if (codecs.length === 0) {
    return { ok: false, code: 'encoder-missing', message: `This FFmpeg can make neither MP4 (H.264) nor WebM (VP9, AV1) video. Install a full FFmpeg build from ffmpeg.org.` };
  }

  const sampled = info.seconds > SAMPLE_ABOVE_SECONDS;
  const steps = codecs.length * 2 + (sampled ? 1 : 0);
  let step = 0;
  const advance = (percent = 0): void => onProgress?.({ step, steps, percent });
  advance();

  let encoded = source;
  let scale = 1;
  let sampleNote: string | null = null;
  if (sampled) {
    const sample = await cutSample(tools, source, info, cacheDir, signal);
    if (!sample.ok) return sample;
    encoded = sample.file;
    scale = info.seconds / sample.seconds;
    sampleNote = `Measured on ${sample.segments} × ${SAMPLE_SEGMENT_SECONDS} s samples of this ${Math.round(info.seconds)} s video; the bytes are scaled to its full length. The whole video is compressed only when you choose a variant.`;
    step += 1;
    advance();
  }

  const variants: VideoSavingsVariant[] = [];
  for (const codec of codecs) {
    const options: TranscodeOptions = { codec, crf: SAVINGS_VIDEO_CRF[codec] };
    const made = await transcodeVideo({ tools, source: encoded, options, cacheDir, signal, onProgress: (progress) => advance(progress.percent) });
    if (!made.ok) return renamed(made, encoded, name);
    step += 1;
    advance();
    const measured = await measureVideo({ tools, original: encoded, variant: made.file, coverage: 'full', signal });
    if (!measured.ok) return renamed(measured, encoded, name);
    step += 1;
    advance();
    variants.push({ codec, crf: options.crf, bytes: Math.round(made.bytes * scale), ssim: measured.score.ssim, psnrDb: measured.score.psnrDb });
  }
  return { ok: true, savings: { info, variants, sampleNote, notes } };
}

/** Messages about the sample name the file the user knows. */
function renamed<T extends { ok: false; message: string }>(problem: T, encoded: string, name: string): T {
  return { ...problem, message: problem.message.replaceAll(path.basename(encoded), name) };
}

/**
 * The sample segments joined into one file, FFV1 and PCM in Matroska: lossless, so encoding the sample scores like
 * encoding those seconds of the original. Cached by the source's content.
 */
async function cutSample(tools: VideoTools, source: string, info: VideoInfo, cacheDir: string, signal: AbortSignal | undefined): Promise<VideoResult<{ file: string; seconds: number; segments: number }>> {
  const segments = sampleSegments(info.seconds);
  const seconds = segments.reduce((sum, segment) => sum + segment.seconds, 0);
  const name = path.basename(source);
  let key: string;
  try {
    key = await contentKey(source, JSON.stringify([VIDEO_ENGINE_VERSION, 'sample', segments]));
  } catch (error) {
    return { ok: false, code: 'unreadable', message: `Porter cannot read ${name} (${(error as Error).message}).` };
  }
  const folder = path.join(cacheDir, `video-v${VIDEO_ENGINE_VERSION}`, 'samples');
  const file = path.join(folder, `${key}.mkv`);
  if (await exists(file)) return { ok: true, file, seconds, segments: segments.length };
  await mkdir(folder, { recursive: true });
  const temporary = path.join(folder, `${key}.${process.pid}.${randomBytes(4).toString('hex')}.partial`);
  const inputs = segments.flatMap((segment) => ['-ss', segment.startSeconds.toFixed(3), '-t', String(segment.seconds), '-i', source]);
  const audio = info.audioCodec !== null;
  const joined = segments.map((_, index) => `[${index}:v:0]${audio ? `[${index}:a:0]` : ''}`).join('');
  const outcome = await runProgram(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-y', ...inputs,
    '-filter_complex', `${joined}concat=n=${segments.length}:v=1:a=${audio ? 1 : 0}${audio ? '[v][a]' : '[v]'}`,
    '-map', '[v]', ...(audio ? ['-map', '[a]', '-c:a', 'pcm_s16le'] : ['-an']),
    '-c:v', 'ffv1', '-f', 'matroska', temporary,
  ], { signal });
  if (outcome.cancelled || outcome.exitCode !== 0 || outcome.spawnError) {
    await rm(temporary, { force: true });
    if (outcome.cancelled) return { ok: false, code: 'cancelled', message: `Measuring ${name} was cancelled; nothing was written.` };
    const why = outcome.spawnError?.message ?? lastErrorLine(outcome.stderr);
    return { ok: false, code: 'failed', message: `FFmpeg could not take samples of ${name} (${why}).` };
  }
  await rename(temporary, file);
  return { ok: true, file, seconds, segments: segments.length };
}

async function contentKey(source: string, described: string): Promise<string> {
  const content = createHash('sha256');
  for await (const chunk of createReadStream(source)) content.update(chunk as Buffer);
  return createHash('sha256').update(`${described}\0${content.digest('hex')}`).digest('hex');
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
