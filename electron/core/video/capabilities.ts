// What this FFmpeg build can do, asked once per program (`-encoders`, `-filters`, `-version`) and remembered:
// builds differ (LGPL builds lack x264, few carry libvmaf), and Porter offers only the variants the build can make.
import type { VideoCodec, VideoResult, VideoTools } from './video-types';
import { lastErrorLine, runProgram } from './run-program';

export interface VideoCapabilities {
  /** First line of `ffmpeg -version`: part of the transcode cache key, since another build encodes differently. */
  version: string;
  codecs: Record<VideoCodec, boolean>;
  aac: boolean;
  opus: boolean;
  ssim: boolean;
  psnr: boolean;
  vmaf: boolean;
}

/** The encoder each variant uses; the names are what `-encoders` lists. */
export const VIDEO_ENCODERS: Record<VideoCodec, string> = { h264: 'libx264', vp9: 'libvpx-vp9', av1: 'libsvtav1' };

export type CapabilitiesResult = VideoResult<{ capabilities: VideoCapabilities }>;

const known = new Map<string, Promise<CapabilitiesResult>>();

export function videoCapabilities(tools: VideoTools): Promise<CapabilitiesResult> {
  let capabilities = known.get(tools.ffmpeg);
  if (!capabilities) {
    capabilities = askCapabilities(tools.ffmpeg);
    known.set(tools.ffmpeg, capabilities);
    // A program that could not run (being installed, say) is asked again next time.
    void capabilities.then((result) => {
      if (!result.ok) known.delete(tools.ffmpeg);
    });
  }
  return capabilities;
}

async function askCapabilities(ffmpeg: string): Promise<CapabilitiesResult> {
  const [version, encoders, filters] = await Promise.all(
    [['-version'], ['-hide_banner', '-encoders'], ['-hide_banner', '-filters']].map((args) => runProgram(ffmpeg, args)),
  );
  for (const outcome of [version!, encoders!, filters!]) {
    if (outcome.spawnError || outcome.exitCode !== 0) {
      const why = outcome.spawnError?.message ?? lastErrorLine(outcome.stderr);
      return { ok: false, code: 'ffmpeg-broken', message: `The FFmpeg at ${ffmpeg} did not run (${why}). Install FFmpeg again from ffmpeg.org, or point porter.json at a working copy.` };
    }
  }
  const names = (listing: string): Set<string> =>
    new Set(listing.split('\n').map((line) => line.trim().split(/\s+/)[1]).filter((name): name is string => Boolean(name)));
  const encoderNames = names(encoders!.stdout);
  const filterNames = names(filters!.stdout);
  const capabilities = {
    version: version!.stdout.split('\n')[0]?.trim() ?? '',
    codecs: {
      h264: encoderNames.has(VIDEO_ENCODERS.h264),
      vp9: encoderNames.has(VIDEO_ENCODERS.vp9),
      av1: encoderNames.has(VIDEO_ENCODERS.av1),
    },
    aac: encoderNames.has('aac'),
    opus: encoderNames.has('libopus'),
    ssim: filterNames.has('ssim'),
    psnr: filterNames.has('psnr'),
    vmaf: filterNames.has('libvmaf'),
  };
  return { ok: true, capabilities };
}
