// How close a variant looks to its original: SSIM and PSNR from ffmpeg's filters. Both inputs are re-timed by
// frame index (settb=1/FPS, setpts=N) before comparing, because WebM rounds timestamps to milliseconds and the
// filters pair frames by timestamp: without it they pair neighbours and a lossless copy scores 0.97, not 1.0.
// A long video is measured on a sample (three 4-second segments) and the score says so.
import path from 'node:path';
import { videoCapabilities } from './capabilities';
import { inspectVideo } from './inspect-video';
import { lastErrorLine, runProgram } from './run-program';
import type { VideoInfo, VideoResult, VideoScore, VideoTools } from './video-types';

export const SAMPLE_SEGMENTS = 3;
export const SAMPLE_SEGMENT_SECONDS = 4;
/** Below this a sample would save little (it already covers 12 s), so the whole video is compared. */
export const SAMPLE_ABOVE_SECONDS = 30;

export interface MeasureRequest {
  tools: VideoTools;
  original: string;
  variant: string;
  /** `auto` samples videos longer than SAMPLE_ABOVE_SECONDS; `full` compares every frame. */
  coverage?: 'auto' | 'full';
  signal?: AbortSignal;
}

interface SegmentScore {
  ssim: number;
  /** Mean squared error on ffmpeg's 0–255 scale, which averages across segments where dB do not. */
  mse: number;
  frames: number;
}

export async function measureVideo(request: MeasureRequest): Promise<VideoResult<{ score: VideoScore }>> {
  const { tools, original, variant, signal } = request;
  const capable = await videoCapabilities(tools);
  if (!capable.ok) return capable;
  if (!capable.capabilities.ssim || !capable.capabilities.psnr) {
    return { ok: false, code: 'encoder-missing', message: 'This FFmpeg cannot compare video (it lacks the ssim and psnr filters). Install a full FFmpeg build from ffmpeg.org.' };
  }
  const inspected = await inspectVideo(tools, original, signal);
  if (!inspected.ok) return inspected;
  const variantInspected = await inspectVideo(tools, variant, signal);
  if (!variantInspected.ok) return variantInspected;
  const { info } = inspected;
  if (info.audioOnly || variantInspected.info.audioOnly || !info.frameRate) {
    return { ok: false, code: 'not-video', message: `${path.basename(info.audioOnly ? original : variant)} has no pictures to compare.` };
  }

  const sampled = (request.coverage ?? 'auto') === 'auto' && info.seconds > SAMPLE_ABOVE_SECONDS;
  const segments = sampled ? sampleSegments(info.seconds) : [null];
  const scores: SegmentScore[] = [];
  for (const segment of segments) {
    const scored = await compare(tools, original, variant, info, segment, signal);
    if (!scored.ok) return scored;
    scores.push(scored.segment);
  }
  const frames = scores.reduce((sum, score) => sum + score.frames, 0);
  const weight = (value: (score: SegmentScore) => number): number =>
    frames > 0 ? scores.reduce((sum, score) => sum + value(score) * score.frames, 0) / frames : 0;
  const mse = weight((score) => score.mse);
  return {
    ok: true,
    score: {
      ssim: weight((score) => score.ssim),
      psnrDb: mse === 0 ? null : 10 * Math.log10((255 * 255) / mse),
      frames,
      sample: sampled ? { segments: segments.map((segment) => segment!), note: sampleNote(segments.map((segment) => segment!), info.seconds) } : null,
    },
  };
}

/** Three segments centred at 1/6, 1/2 and 5/6 of the video: its opening, middle and end, not the titles. */
export function sampleSegments(seconds: number): Array<{ startSeconds: number; seconds: number }> {
  return Array.from({ length: SAMPLE_SEGMENTS }, (_, index) => {
    const centre = (seconds * (2 * index + 1)) / (2 * SAMPLE_SEGMENTS);
    return { startSeconds: Math.max(0, centre - SAMPLE_SEGMENT_SECONDS / 2), seconds: SAMPLE_SEGMENT_SECONDS };
  });
}

async function compare(tools: VideoTools, original: string, variant: string, info: VideoInfo, segment: { startSeconds: number; seconds: number } | null, signal: AbortSignal | undefined): Promise<VideoResult<{ segment: SegmentScore }>> {
  const [rateNumerator, rateDenominator] = info.frameRate!.split('/').map(Number) as [number, number];
  const fps = rateNumerator / rateDenominator;
  let seek: string[] = [];
  let trim = '';
  if (segment) {
    // Start half a frame before a frame boundary, so millisecond-rounded WebM timestamps land on the same frame as
    // the original's; then both keep exactly the same number of frames.
    const firstFrame = Math.round(segment.startSeconds * fps);
    const start = Math.max(0, (firstFrame - 0.5) / fps);
    // Decoding stops one frame past the segment: enough for trim's frame count, nothing more to decode.
    seek = ['-ss', start.toFixed(6), '-t', (segment.seconds + 1 / fps).toFixed(6)];
    trim = `,trim=end_frame=${Math.round(segment.seconds * fps)}`;
  }
  const retime = `settb=expr=${rateDenominator}/${rateNumerator},setpts=N${trim},format=yuv420p`;
  // The variant is scaled to the original's displayed size in case it was made smaller.
  const graph = [
    `[0:v]${retime},split[original1][original2]`,
    `[1:v]${retime},scale=${info.width}:${info.height},split[variant1][variant2]`,
    '[original1][variant1]ssim=shortest=1[ssim]',
    '[original2][variant2]psnr=shortest=1[psnr]',
  ].join(';');
  let frames = 0;
  const outcome = await runProgram(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-progress', 'pipe:1', '-nostats',
    ...seek, '-i', original, ...seek, '-i', variant,
    '-lavfi', graph, '-map', '[ssim]', '-an', '-sn', '-dn', '-f', 'null', '-', '-map', '[psnr]', '-an', '-sn', '-dn', '-f', 'null', '-',
  ], { signal, onProgressBlock: (fields) => (frames = Number(fields.get('frame') ?? frames)) });
  if (outcome.cancelled) return { ok: false, code: 'cancelled', message: 'Comparing the video was cancelled.' };
  const ssim = /SSIM .*All:([0-9.]+)/.exec(outcome.stderr)?.[1];
  const psnr = /PSNR .*average:(inf|[0-9.]+)/.exec(outcome.stderr)?.[1];
  if (outcome.exitCode !== 0 || ssim === undefined || psnr === undefined) {
    const why = outcome.spawnError?.message ?? lastErrorLine(outcome.stderr);
    return { ok: false, code: 'failed', message: `FFmpeg could not compare ${path.basename(variant)} with ${path.basename(original)} (${why}).` };
  }
  const mse = psnr === 'inf' ? 0 : (255 * 255) / 10 ** (Number(psnr) / 10);
  return { ok: true, segment: { ssim: Number(ssim), mse, frames } };
}

function sampleNote(segments: Array<{ startSeconds: number }>, seconds: number): string {
  const starts = segments.map((segment) => clock(segment.startSeconds)).join(', ');
  return `Measured on ${segments.length} samples of ${SAMPLE_SEGMENT_SECONDS} seconds (from ${starts}) of this ${clock(seconds)} video, not every frame.`;
}

function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
