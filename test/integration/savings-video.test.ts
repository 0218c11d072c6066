// Video rows of the savings report on clips made here: an MP4 and a WebM variant with bytes, money and SSIM/PSNR,
// a long video measured on samples (and saying so), image rows complete before any video, one shared notice when
// there is no FFmpeg, and cancel.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SavingsModeSchema, SavingsSettingsSchema, type SavingsAsset } from '../../electron/contract/porter';
import { runSavings, type SavingsFile, type SavingsRunProgress } from '../../electron/core/optimize/savings/index';
import { FFMPEG_MISSING_MESSAGE } from '../../electron/core/video/index';
import { makeClip } from '../support/video-clips';

const mode = SavingsModeSchema.parse({ lossyMode: 'lossy', quality: 60 });
const settings = SavingsSettingsSchema.parse({ monthlyRequests: 50_000 });
let work: string;
let cacheDir: string;

function savingsFile(name: string): SavingsFile {
  const sourcePath = path.join(work, 'assets', name);
  return { publicPath: name, sourcePath, bytes: statSync(sourcePath).size };
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'porter-savings-video-'));
  cacheDir = path.join(work, 'cache');
  makeClip(path.join(work, 'assets/video/hero.mp4'), { size: '320x180', seconds: 2 });
  makeClip(path.join(work, 'assets/video/long.mp4'), { size: '160x90', seconds: 40, audio: false });
  writeFileSync(path.join(work, 'assets/site.css'), '.hero {\n  margin: 0px 0px 0px 0px;\n}\n'.repeat(20));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('video rows in the savings report', () => {
  it('gives an MP4 and a WebM variant with bytes, money and scores, after every other row is complete', async () => {
    const files = ['video/hero.mp4', 'site.css'].map(savingsFile);
    const shown: Array<{ index: number; asset: SavingsAsset }> = [];
    const progress: SavingsRunProgress[] = [];
    const report = await runSavings({ root: work, files, settings, mode, cacheDir, workerFile: null, poolSize: 1, onAsset: (index, asset) => shown.push({ index, asset }), onProgress: (update) => progress.push(update) });

    const hero = report.assets[0]!;
    expect(hero).toMatchObject({ kind: 'video', error: null, complete: true, video: { sampleNote: null, unavailable: null } });
    expect(hero.video!.seconds).toBeCloseTo(2, 1);
    expect(hero.variants.map((variant) => [variant.kind, variant.format, variant.videoCodec])).toEqual([['video', 'mp4', 'h264'], ['video', 'webm', 'vp9']]);
    for (const variant of hero.variants) {
      expect(variant.bytes).toBeGreaterThan(0);
      expect(variant.savedBytes).toBe(hero.originalBytes - variant.bytes);
      expect(variant.score!).toBeGreaterThan(0.8);
      expect(variant.score!).toBeLessThanOrEqual(1);
      expect(variant.psnrDb!).toBeGreaterThan(20);
      expect(Math.sign(variant.money.total)).toBe(Math.sign(variant.savedBytes));
      expect(variant.notes).toContain('Scores are SSIM and PSNR: this FFmpeg has no VMAF.');
    }
    // The video's first row is a placeholder; the CSS row is complete before the video's numbers arrive.
    const videoDone = shown.findIndex((row) => row.index === 0 && row.asset.complete);
    const cssDone = shown.findIndex((row) => row.index === 1 && row.asset.complete);
    expect(shown.find((row) => row.index === 0)!.asset.complete).toBe(false);
    expect(cssDone).toBeLessThan(videoDone);
    expect(progress.some((update) => update.video?.publicPath === 'video/hero.mp4' && update.video.steps === 4)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2, video: null });
  }, 120_000);

  it('measures a long video on three 4-second samples, says so, and scales the bytes to its length', async () => {
    const report = await runSavings({ root: work, files: [savingsFile('video/long.mp4')], settings, mode, cacheDir, workerFile: null, poolSize: 1 });
    const long = report.assets[0]!;
    expect(long.error).toBeNull();
    expect(long.video!.sampleNote).toMatch(/^Measured on 3 × 4 s samples of this 40 s video/);
    expect(long.variants[0]!.notes[0]).toBe(long.video!.sampleNote);
    // Bytes for 40 s from 12 s of sample: the same pictures throughout, so within a wide margin of a full encode's.
    expect(long.variants[0]!.bytes).toBeGreaterThan(1000);
  }, 120_000);

  it('without FFmpeg every video row carries the same reason and nothing else fails', async () => {
    const files = ['video/hero.mp4', 'video/long.mp4', 'site.css'].map(savingsFile);
    const report = await runSavings({ root: work, files, settings, mode, cacheDir, workerFile: null, poolSize: 1, video: { env: { PATH: path.join(work, 'empty') } } });
    expect(report.assets.slice(0, 2).map((asset) => asset.video?.unavailable)).toEqual([FFMPEG_MISSING_MESSAGE, FFMPEG_MISSING_MESSAGE]);
    expect(report.assets.slice(0, 2).every((asset) => asset.error === null && asset.complete && asset.variants.length === 0)).toBe(true);
    expect(report.assets[2]).toMatchObject({ kind: 'text', error: null, complete: true });
  });

  it('stops encoding when cancelled and leaves no partial file', async () => {
    const controller = new AbortController();
    const fresh = path.join(work, 'cache-cancelled');
    const running = runSavings({
      root: work, files: [savingsFile('video/long.mp4')], settings, mode, cacheDir: fresh, workerFile: null, poolSize: 1, signal: controller.signal,
      onProgress: (update) => update.video && controller.abort(),
    });
    await expect(running).rejects.toThrow();
    const left = (await import('node:fs')).readdirSync(fresh, { recursive: true }).map(String);
    expect(left.filter((name) => name.endsWith('.partial'))).toEqual([]);
  }, 60_000);
});
