// An environment's limits on uploaded video (porter.json `media.maxVideoBytes`, `media.maxVideoBitsPerSecond`): a
// site may accept photos of any size yet refuse a 4K phone clip that would stream slowly to every visitor. The size
// is known from the file; the bitrate needs ffprobe, and a file whose bitrate cannot be read is refused with the
// reason rather than let through, since the limit is there to keep such files out.
import { findVideoTools, type FindVideoToolsOptions } from '../video/find-video-tools';
import { inspectVideo } from '../video/inspect-video';
import type { VideoTools } from '../video/video-types';

export interface VideoLimits {
  maxVideoBytes?: number;
  maxVideoBitsPerSecond?: number;
}

const megabytes = (bytes: number): string => `${(bytes / 1e6).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;
const megabits = (bits: number): string => `${(bits / 1e6).toLocaleString('en', { maximumFractionDigits: 2 })} Mbit/s`;
const SMALLER = "Make a smaller copy (Porter's Savings view shows what a lower bitrate weighs) and push that instead.";

/** Checks one video against the limits; `tools` is asked for only when a bitrate limit needs it. */
export function createVideoLimitCheck(limits: VideoLimits, where: FindVideoToolsOptions): (file: string, size: number) => Promise<string | null> {
  let tools: Promise<{ ok: true; tools: VideoTools } | { ok: false; message: string }> | undefined;
  return async (file, size) => {
    if (limits.maxVideoBytes !== undefined && size > limits.maxVideoBytes) {
      return `this video is ${megabytes(size)}, over this environment's video limit of ${megabytes(limits.maxVideoBytes)} (media.maxVideoBytes). ${SMALLER}`;
    }
    if (limits.maxVideoBitsPerSecond === undefined) return null;
    tools ??= findVideoTools(where);
    const found = await tools;
    if (!found.ok) return `this environment limits video bitrate (media.maxVideoBitsPerSecond), and Porter cannot read it without FFmpeg. ${found.message}`;
    const inspected = await inspectVideo(found.tools, file);
    if (!inspected.ok) return `its bitrate cannot be read against this environment's limit (${inspected.message})`;
    const bits = inspected.info.bitsPerSecond;
    if (bits === null) return "its bitrate cannot be read against this environment's limit: export the video again and push that.";
    if (bits > limits.maxVideoBitsPerSecond) {
      return `this video streams at ${megabits(bits)}, over this environment's limit of ${megabits(limits.maxVideoBitsPerSecond)} (media.maxVideoBitsPerSecond). ${SMALLER}`;
    }
    return null;
  };
}
