// Clips made at test time with Debian's ffmpeg (testsrc2 pictures, a sine tone), small so the tests stay short.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

/** An H.264 MP4 of testsrc2 at `size` (e.g. "320x180"), with a tone unless `audio` is false. */
export function makeClip(file: string, { size, seconds, audio = true }: { size: string; seconds: number; audio?: boolean }): string {
  mkdirSync(path.dirname(file), { recursive: true });
  ffmpeg(
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30:duration=${seconds}`,
    ...(audio ? ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`, '-c:a', 'aac', '-shortest'] : []),
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', file,
  );
  return file;
}
