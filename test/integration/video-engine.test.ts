// The video engine against Debian's ffmpeg on clips generated here: tiny (low resolution, 1–2 s) so the run stays short.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findVideoTools,
  inspectVideo,
  measureVideo,
  posterFrame,
  transcodeVideo,
  videoCapabilities,
  type TranscodeProgress,
  type VideoTools,
} from '../../electron/core/video/index';

let work: string;
let tools: VideoTools;
const clip = (name: string): string => path.join(work, name);

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
}

function filesUnder(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name) : [];
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'porter-video-'));
  const found = await findVideoTools({ env: process.env });
  if (!found.ok) throw new Error(`These tests need Debian's ffmpeg (scripts/setup.mjs installs it): ${found.message}`);
  tools = found.tools;
  const source = (size: string, seconds: number): string[] => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=30:duration=${seconds}`];
  const tone = (seconds: number): string[] => ['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`];
  ffmpeg(...source('320x180', 2), ...tone(2), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip('with-audio.mp4'));
  ffmpeg(...source('160x90', 1), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', clip('silent.mp4'));
  // A phone records portrait as landscape frames plus a rotation the player applies; only a remux writes the tag.
  ffmpeg(...source('240x136', 1), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', clip('landscape.mp4'));
  ffmpeg('-i', clip('landscape.mp4'), '-c', 'copy', '-metadata:s:v:0', 'rotate=90', clip('portrait.mp4'));
  ffmpeg(...tone(1), '-c:a', 'aac', clip('voice.m4a'));
  // A lossless VP9 copy: WebM rounds its timestamps to milliseconds, which is what the re-timing is for.
  ffmpeg('-i', clip('with-audio.mp4'), '-c:v', 'libvpx-vp9', '-lossless', '1', '-an', clip('lossless.webm'));
  const whole = readFileSync(clip('with-audio.mp4'));
  writeFileSync(clip('truncated.mp4'), whole.subarray(0, Math.floor(whole.length / 2)));
  writeFileSync(clip('not-video.mp4'), '<html><body>This was saved with the wrong name.</body></html>\n');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('inspect', () => {
  it('reads length, size, codecs and bitrate', async () => {
    const result = await inspectVideo(tools, clip('with-audio.mp4'));
    expect(result).toMatchObject({ ok: true, info: { width: 320, height: 180, rotation: 0, frameRate: '30/1', videoCodec: 'h264', audioCodec: 'aac', audioOnly: false, container: expect.stringContaining('mp4') } });
    if (!result.ok) return;
    expect(result.info.seconds).toBeCloseTo(2, 1);
    expect(result.info.bitsPerSecond).toBeGreaterThan(10_000);
    expect(result.info.bytes).toBe(readFileSync(clip('with-audio.mp4')).length);
  });

  it('gives a rotated phone clip its displayed (portrait) size', async () => {
    const result = await inspectVideo(tools, clip('portrait.mp4'));
    expect(result).toMatchObject({ ok: true, info: { width: 136, height: 240 } });
    expect(result.ok && [90, 270]).toContain(result.ok && result.info.rotation);
  });

  it('tells a clip without sound and a sound-only file apart', async () => {
    expect(await inspectVideo(tools, clip('silent.mp4'))).toMatchObject({ ok: true, info: { audioCodec: null, videoCodec: 'h264', audioOnly: false } });
    expect(await inspectVideo(tools, clip('voice.m4a'))).toMatchObject({ ok: true, info: { audioOnly: true, width: null, height: null, videoCodec: null, audioCodec: 'aac' } });
  });

  it('explains a truncated file, a file that is not video and a missing file', async () => {
    const truncated = await inspectVideo(tools, clip('truncated.mp4'));
    expect(truncated).toEqual({ ok: false, code: 'damaged', message: expect.stringContaining('truncated.mp4 is incomplete') });
    const notVideo = await inspectVideo(tools, clip('not-video.mp4'));
    expect(notVideo).toEqual({ ok: false, code: 'not-video', message: expect.stringContaining('not-video.mp4 is not a video') });
    expect(await inspectVideo(tools, clip('gone.mp4'))).toEqual({ ok: false, code: 'unreadable', message: expect.stringContaining('ENOENT') });
  });
});

describe('capabilities', () => {
  it('finds the encoders and filters of this build', async () => {
    const result = await videoCapabilities(tools);
    expect(result).toMatchObject({ ok: true, capabilities: { codecs: { h264: true, vp9: true, av1: true }, aac: true, opus: true, ssim: true, psnr: true, vmaf: false } });
  });
});

describe('transcode', () => {
  it.each([
    ['h264', 'h264', 'mp4'],
    ['vp9', 'vp9', 'webm'],
    ['av1', 'av1', 'webm'],
  ] as const)('makes a %s variant with its sound, reporting progress', async (codec, expectedCodec, extension) => {
    const cacheDir = path.join(work, `cache-${codec}`);
    const progress: TranscodeProgress[] = [];
    const result = await transcodeVideo({ tools, source: clip('with-audio.mp4'), options: { codec, crf: 35 }, cacheDir, onProgress: (step) => progress.push(step) });
    expect(result).toMatchObject({ ok: true, cached: false });
    if (!result.ok) return;
    expect(path.extname(result.file)).toBe(`.${extension}`);
    expect(result.bytes).toBe(readFileSync(result.file).length);
    const variant = await inspectVideo(tools, result.file);
    expect(variant).toMatchObject({ ok: true, info: { videoCodec: expectedCodec, audioCodec: codec === 'h264' ? 'aac' : 'opus', width: 320, height: 180 } });
    expect(progress.at(-1)).toMatchObject({ percent: 100, etaSeconds: 0, totalSeconds: result.source.seconds });
    expect(filesUnder(cacheDir)).toEqual([path.basename(result.file)]);
  });

  it('turns a rotated clip upright and encodes a silent one without sound', async () => {
    const cacheDir = path.join(work, 'cache-upright');
    const upright = await transcodeVideo({ tools, source: clip('portrait.mp4'), options: { codec: 'h264', crf: 30 }, cacheDir });
    expect(upright.ok && (await inspectVideo(tools, upright.file))).toMatchObject({ ok: true, info: { width: 136, height: 240, rotation: 0 } });
    const silent = await transcodeVideo({ tools, source: clip('silent.mp4'), options: { codec: 'vp9', crf: 40 }, cacheDir });
    expect(silent.ok && (await inspectVideo(tools, silent.file))).toMatchObject({ ok: true, info: { audioCodec: null, videoCodec: 'vp9' } });
  });

  it('reuses a variant by content and options, under any name, and encodes again for other options', async () => {
    const cacheDir = path.join(work, 'cache-reuse');
    const first = await transcodeVideo({ tools, source: clip('silent.mp4'), options: { codec: 'h264', crf: 30 }, cacheDir });
    const renamed = clip('silent-renamed.mp4');
    writeFileSync(renamed, readFileSync(clip('silent.mp4')));
    const again = await transcodeVideo({ tools, source: renamed, options: { codec: 'h264', crf: 30 }, cacheDir });
    expect(again).toMatchObject({ ok: true, cached: true, file: first.ok && first.file });
    const other = await transcodeVideo({ tools, source: renamed, options: { codec: 'h264', crf: 31 }, cacheDir });
    expect(other).toMatchObject({ ok: true, cached: false });
    expect(filesUnder(cacheDir)).toHaveLength(2);
  });

  it('stops at cancel and leaves no partial file', async () => {
    // Large enough to still be encoding when ffmpeg first reports progress (every half second).
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip('long.mp4'));
    const cacheDir = path.join(work, 'cache-cancel');
    const controller = new AbortController();
    let reported: TranscodeProgress | undefined;
    const result = await transcodeVideo({
      tools, source: clip('long.mp4'), options: { codec: 'vp9', crf: 30 }, cacheDir, signal: controller.signal,
      onProgress: (step) => {
        reported = step;
        controller.abort();
      },
    });
    expect(reported?.percent).toBeLessThan(100);
    expect(result).toEqual({ ok: false, code: 'cancelled', message: 'Compressing long.mp4 was cancelled; nothing was written.' });
    expect(filesUnder(cacheDir)).toEqual([]);
  });

  it('refuses what it cannot do with a clear message', async () => {
    const cacheDir = path.join(work, 'cache-refused');
    expect(await transcodeVideo({ tools, source: clip('with-audio.mp4'), options: { codec: 'h264', crf: 80 }, cacheDir })).toEqual({ ok: false, code: 'failed', message: 'The quality setting for H264 must be a whole number from 0 to 51.' });
    expect(await transcodeVideo({ tools, source: clip('voice.m4a'), options: { codec: 'h264', crf: 28 }, cacheDir })).toMatchObject({ ok: false, code: 'not-video', message: expect.stringContaining('sound only') });
    expect(await transcodeVideo({ tools, source: clip('truncated.mp4'), options: { codec: 'h264', crf: 28 }, cacheDir })).toMatchObject({ ok: false, code: 'damaged' });
    expect(await transcodeVideo({ tools, source: clip('not-video.mp4'), options: { codec: 'h264', crf: 28 }, cacheDir })).toMatchObject({ ok: false, code: 'not-video' });
    expect(filesUnder(cacheDir)).toEqual([]);
  });

  it('offers only what the build has, and says so when an FFmpeg cannot run', async () => {
    // A stand-in ffmpeg whose build lists no AV1 encoder; everything else goes to the real one.
    const folder = path.join(work, 'no-av1');
    mkdirSync(folder, { recursive: true });
    const script = path.join(folder, 'ffmpeg');
    writeFileSync(script, `#!/bin/sh\nif [ "$2" = "-encoders" ]; then ${tools.ffmpeg} "$@" | grep -v libsvtav1; exit 0; fi\nexec ${tools.ffmpeg} "$@"\n`);
    chmodSync(script, 0o755);
    const limited = { ...tools, ffmpeg: script };
    expect(await videoCapabilities(limited)).toMatchObject({ ok: true, capabilities: { codecs: { h264: true, av1: false } } });
    const refused = await transcodeVideo({ tools: limited, source: clip('silent.mp4'), options: { codec: 'av1', crf: 35 }, cacheDir: path.join(work, 'cache-no-av1') });
    expect(refused).toEqual({ ok: false, code: 'encoder-missing', message: expect.stringContaining('cannot make AV1 video (it has no libsvtav1)') });

    const broken = path.join(folder, 'broken-ffmpeg');
    writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries: libavdevice.so.59" >&2\nexit 127\n');
    chmodSync(broken, 0o755);
    expect(await videoCapabilities({ ...tools, ffmpeg: broken })).toEqual({ ok: false, code: 'ffmpeg-broken', message: expect.stringContaining('did not run (error while loading shared libraries') });
  });
});

describe('measure', () => {
  it('scores a lossless WebM copy 1.0 (frames paired by index, not by rounded timestamps)', async () => {
    const result = await measureVideo({ tools, original: clip('with-audio.mp4'), variant: clip('lossless.webm') });
    expect(result).toEqual({ ok: true, score: { ssim: 1, psnrDb: null, frames: 60, sample: null } });
  });

  it('scores a lossy variant below 1 with a finite PSNR', async () => {
    const variant = await transcodeVideo({ tools, source: clip('with-audio.mp4'), options: { codec: 'h264', crf: 45 }, cacheDir: path.join(work, 'cache-measure') });
    if (!variant.ok) throw new Error(variant.message);
    const result = await measureVideo({ tools, original: clip('with-audio.mp4'), variant: variant.file });
    expect(result.ok && result.score.ssim).toBeGreaterThan(0.5);
    expect(result.ok && result.score.ssim).toBeLessThan(0.99);
    expect(result.ok && result.score.psnrDb).toBeGreaterThan(15);
    expect(result.ok && result.score.psnrDb).toBeLessThan(45);
  });

  it('measures a long video on three 4-second samples and says so; full coverage compares every frame', async () => {
    ffmpeg('-f', 'lavfi', '-i', 'testsrc2=size=64x36:rate=30:duration=31', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip('long-small.mp4'));
    ffmpeg('-i', clip('long-small.mp4'), '-c:v', 'libvpx-vp9', '-lossless', '1', '-cpu-used', '8', '-row-mt', '1', clip('long-small.webm'));
    const sampled = await measureVideo({ tools, original: clip('long-small.mp4'), variant: clip('long-small.webm') });
    expect(sampled).toMatchObject({ ok: true, score: { ssim: 1, psnrDb: null, frames: 360 } });
    const sample = sampled.ok ? sampled.score.sample : null;
    expect(sample?.segments.map((segment) => segment.seconds)).toEqual([4, 4, 4]);
    expect(sample?.note).toBe('Measured on 3 samples of 4 seconds (from 0:03, 0:14, 0:24) of this 0:31 video, not every frame.');
    const full = await measureVideo({ tools, original: clip('long-small.mp4'), variant: clip('long-small.webm'), coverage: 'full' });
    expect(full).toEqual({ ok: true, score: { ssim: 1, psnrDb: null, frames: 930, sample: null } });
  });

  it('explains what it cannot compare', async () => {
    expect(await measureVideo({ tools, original: clip('with-audio.mp4'), variant: clip('voice.m4a') })).toEqual({ ok: false, code: 'not-video', message: 'voice.m4a has no pictures to compare.' });
    expect(await measureVideo({ tools, original: clip('truncated.mp4'), variant: clip('with-audio.mp4') })).toMatchObject({ ok: false, code: 'damaged' });
  });
});

describe('poster', () => {
  it('takes a JPEG frame, scaled down for a thumbnail, upright for a rotated clip', async () => {
    const output = clip('with-audio.poster.jpg');
    expect(await posterFrame({ tools, source: clip('with-audio.mp4'), output })).toMatchObject({ ok: true, file: output, atSeconds: 0.2 });
    expect(await sharp(output).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 180 });
    const thumbnail = clip('thumb.jpg');
    await posterFrame({ tools, source: clip('with-audio.mp4'), output: thumbnail, maxWidth: 160, atSeconds: 1.5 });
    expect(await sharp(thumbnail).metadata()).toMatchObject({ width: 160, height: 90 });
    const portrait = clip('portrait.poster.jpg');
    await posterFrame({ tools, source: clip('portrait.mp4'), output: portrait });
    expect(await sharp(portrait).metadata()).toMatchObject({ width: 136, height: 240 });
  });

  it('keeps a moment past the end inside the video, and refuses sound-only files', async () => {
    const output = clip('late.jpg');
    const late = await posterFrame({ tools, source: clip('silent.mp4'), output, atSeconds: 60 });
    expect(late.ok && late.atSeconds).toBeLessThan(1);
    expect(existsSync(output)).toBe(true);
    expect(await posterFrame({ tools, source: clip('voice.m4a'), output: clip('voice.jpg') })).toMatchObject({ ok: false, code: 'not-video' });
    expect(readdirSync(work).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });
});
