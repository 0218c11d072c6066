// The one line the asset list shows under a video or sound file: length, size, codecs, bitrate.
import type { VideoRowDetails } from '../../../../electron/contract/porter';

export const videoFileName = /\.(mp4|webm|mov|m4v|m4a|mp3|ogg|oga|opus|wav)$/i;

const codecNames: Record<string, string> = {
  h264: 'H.264', hevc: 'HEVC', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', mpeg4: 'MPEG-4', prores: 'ProRes',
  aac: 'AAC', opus: 'Opus', mp3: 'MP3', vorbis: 'Vorbis', flac: 'FLAC', ac3: 'AC-3', pcm_s16le: 'PCM',
};

export function codecName(codec: string): string {
  return codecNames[codec] ?? codec.toUpperCase();
}

/** A clock length: "0:07", "2:05", "1:02:09". */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** With a no-break space, so a narrow row never leaves the unit alone on the next line. */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(bitsPerSecond >= 10_000_000 ? 0 : 1)}\u00a0Mbit/s`;
  return `${Math.max(1, Math.round(bitsPerSecond / 1000))}\u00a0kbit/s`;
}

export function videoSummary(details: Extract<VideoRowDetails, { ok: true }>): string {
  const { info } = details;
  const codecs = [info.videoCodec, info.audioCodec].filter((codec): codec is string => codec !== null).map(codecName).join(' + ');
  const parts = [
    info.audioOnly ? 'Sound only' : null,
    formatClock(info.seconds),
    info.width && info.height ? `${info.width}×${info.height}` : null,
    codecs || null,
    info.bitsPerSecond ? formatBitrate(info.bitsPerSecond) : null,
    !info.audioOnly && !info.audioCodec ? 'no sound' : null,
  ];
  return parts.filter(Boolean).join(' · ');
}
