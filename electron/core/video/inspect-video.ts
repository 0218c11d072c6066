// What a video (or audio) file is, from ffprobe's JSON: length, displayed size (rotation applied), codecs, bitrate.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { lastErrorLine, runProgram } from './run-program';
import type { VideoInfo, VideoProblem, VideoResult, VideoTools } from './video-types';

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ rotation?: number }>;
}

interface ProbeOutput {
  streams?: ProbeStream[];
  format?: { duration?: string; bit_rate?: string; size?: string; format_name?: string };
}

export async function inspectVideo(tools: VideoTools, file: string, signal?: AbortSignal): Promise<VideoResult<{ info: VideoInfo }>> {
  const name = path.basename(file);
  let bytes: number;
  try {
    bytes = (await stat(file)).size;
  } catch (error) {
    return { ok: false, code: 'unreadable', message: `Porter cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).` };
  }
  const outcome = await runProgram(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], { signal });
  if (outcome.cancelled) return { ok: false, code: 'cancelled', message: `Reading ${name} was cancelled.` };
  if (outcome.spawnError) {
    return { ok: false, code: 'ffmpeg-broken', message: `The FFprobe at ${tools.ffprobe} did not run (${outcome.spawnError.message}). Install FFmpeg again from ffmpeg.org.` };
  }
  if (outcome.exitCode !== 0) return probeFailure(name, outcome.stderr, await startsLikeMp4(file));

  let probe: ProbeOutput;
  try {
    probe = JSON.parse(outcome.stdout) as ProbeOutput;
  } catch {
    return { ok: false, code: 'failed', message: `FFprobe's answer about ${name} was not readable; Porter left the file as it is.` };
  }
  const streams = probe.streams ?? [];
  // Cover art in an audio file is a one-frame "video" stream; it does not make the file a video.
  const video = streams.find((stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1);
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const seconds = Number(probe.format?.duration ?? video?.duration ?? audio?.duration);
  if ((!video && !audio) || !Number.isFinite(seconds)) {
    return { ok: false, code: 'not-video', message: `${name} holds no video or sound Porter can read. Check that it is the file you meant; Porter leaves it as it is.` };
  }

  const rotation = video ? quarterTurns(video) : 0;
  const sideways = rotation === 90 || rotation === 270;
  const width = video?.width ?? null;
  const height = video?.height ?? null;
  const bitRate = Number(probe.format?.bit_rate);
  return {
    ok: true,
    info: {
      seconds,
      width: sideways ? height : width,
      height: sideways ? width : height,
      rotation,
      frameRate: video ? usableRate(video.avg_frame_rate) ?? usableRate(video.r_frame_rate) : null,
      videoCodec: video?.codec_name ?? null,
      audioCodec: audio?.codec_name ?? null,
      bitsPerSecond: Number.isFinite(bitRate) ? bitRate : seconds > 0 ? Math.round((bytes * 8) / seconds) : null,
      bytes,
      container: probe.format?.format_name ?? '',
      audioOnly: !video,
    },
  };
}

function probeFailure(name: string, stderr: string, mp4Start: boolean): VideoProblem {
  // ffprobe says "moov atom not found" of anything named .mp4; only a file that starts as MP4 is a cut-off one.
  if (mp4Start && /moov atom not found/i.test(stderr)) {
    return { ok: false, code: 'damaged', message: `${name} is incomplete: it ends before the part that says where its frames are, as happens when a copy or an export stops early. Export or copy it again.` };
  }
  if (/moov atom not found|Invalid data found when processing input|could not find codec parameters|EBML header parsing failed/i.test(stderr)) {
    return { ok: false, code: 'not-video', message: `${name} is not a video Porter can read, whatever its name says. Check that it is the file you meant; Porter leaves it as it is.` };
  }
  return { ok: false, code: 'damaged', message: `${name} could not be read as video (${lastErrorLine(stderr)}). Export it again, or leave it out of compression.` };
}

/** The display rotation in quarter turns as ffprobe reports it: the display matrix (FFmpeg 5+) or the older `rotate` tag. */
function quarterTurns(stream: ProbeStream): number {
  const matrix = stream.side_data_list?.find((entry) => typeof entry.rotation === 'number')?.rotation;
  const degrees = matrix ?? Number(stream.tags?.rotate ?? 0);
  const turned = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
  return Number.isFinite(turned) ? turned : 0;
}

function usableRate(rate: string | undefined): string | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  return num && den ? rate : null;
}

/** Whether the file opens with an MP4/QuickTime box (`ftyp`, or `moov`, `mdat`, `free`, `wide` in older QuickTime). */
async function startsLikeMp4(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    return bytesRead === 8 && ['ftyp', 'moov', 'mdat', 'free', 'wide', 'skip'].includes(head.toString('latin1', 4, 8));
  } finally {
    await handle.close();
  }
}
