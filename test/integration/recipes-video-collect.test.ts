// Video recipes inside collect, against Debian's ffmpeg on a clip generated here (tiny, so the run stays short).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CollectProgress } from '../../electron/core/collect/types';
import { runCollect } from '../../electron/core/collect/index';
import type { RecipeRule } from '../../electron/contract/porter';
import { inspectVideo, findVideoTools } from '../../electron/core/video/index';
import { makeTempDir, writeTree } from '../support/temp-project';

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

let base: string;
let src: string;

function clip(file: string, seconds: number): void {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30:duration=${seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
}

beforeEach(() => {
  vi.stubEnv('PORTER_CACHE_DIR', path.join(makeTempDir(), 'cache'));
  base = makeTempDir('porter-video-recipes-');
  src = writeTree(path.join(base, 'src'), { 'css/site.css': 'body { color: red; }\n', 'media/notes.txt': 'hero.mp4 is the home page video\n' });
  clip(path.join(src, 'media/hero.mp4'), 1);
});
afterEach(() => vi.unstubAllEnvs());

const collect = (rules: RecipeRule[], extra: { signal?: AbortSignal; onProgress?: (progress: CollectProgress) => void } = {}) =>
  runCollect({ sources: [{ dir: src, prefix: '' }], outDir: path.join(base, 'out'), djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, recipes: rules, ...extra });

const manifestOf = () => (JSON.parse(readFileSync(path.join(base, 'out', 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> }).paths;

describe('video recipes in collect', () => {
  it('adds the WebM variant and the poster beside the original, hashed and in the manifest, and reuses them on a re-collect', async () => {
    const found = await findVideoTools();
    if (!found.ok) throw new Error(`These tests need Debian's ffmpeg: ${found.message}`);
    const progress: CollectProgress[] = [];
    const report = await collect([{ match: 'media/*', mode: 'lossy', video: { codec: 'vp9', crf: 40 } }], { onProgress: (each) => progress.push(each) });
    const paths = manifestOf();
    const out = path.join(base, 'out');
    const webm = readFileSync(path.join(out, paths['media/hero.webm']!));
    const poster = readFileSync(path.join(out, paths['media/hero.poster.jpg']!));
    expect(paths['media/hero.webm']).toBe(`media/hero.${md5(webm).slice(0, 12)}.webm`);
    expect(paths['media/hero.poster.jpg']).toBe(`media/hero.poster.${md5(poster).slice(0, 12)}.jpg`);
    // The original is collected once, unchanged.
    expect(readFileSync(path.join(out, paths['media/hero.mp4']!))).toEqual(readFileSync(path.join(src, 'media/hero.mp4')));
    expect(report.files.filter((file) => file.name === 'media/hero.mp4')).toHaveLength(1);
    const inspected = await inspectVideo(found.tools, path.join(out, 'media/hero.webm'));
    expect(inspected).toMatchObject({ ok: true, info: { videoCodec: 'vp9', audioCodec: 'opus', width: 320, height: 180 } });
    expect((await sharp(poster).metadata()).format).toBe('jpeg');
    expect(report.files.find((file) => file.name === 'media/hero.webm')?.source).toBe(path.join(src, 'media/hero.mp4'));
    expect(report.recipes).toEqual([
      expect.objectContaining({ name: 'media/hero.webm', sibling: true, kept: false, videoOf: 'media/hero.mp4', videoRole: 'variant', outputBytes: webm.length }),
      expect.objectContaining({ name: 'media/hero.poster.jpg', sibling: true, kept: false, videoOf: 'media/hero.mp4', videoRole: 'poster', outputBytes: poster.length }),
    ]);
    // The text file the glob also matches is left alone with the reason, nothing else.
    expect(report.warnings).toEqual([expect.stringContaining('leaves media/notes.txt as it is')]);
    expect(progress.some((each) => each.phase === 'optimize' && each.total === 1 && each.done === 1)).toBe(true);

    const started = Date.now();
    const again = await collect([{ match: 'media/*', mode: 'lossy', video: { codec: 'vp9', crf: 40 } }]);
    expect(manifestOf()['media/hero.webm']).toBe(paths['media/hero.webm']);
    expect(again.recipes.map((outcome) => outcome.outputBytes)).toEqual([webm.length, poster.length]);
    // From the cache: a VP9 encode of even this clip takes longer than hashing it.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('makes an MP4 stand in for the original only when it is smaller', async () => {
    const report = await collect([{ match: 'media/hero.mp4', mode: 'lossy', video: { codec: 'h264', crf: 40 } }]);
    const paths = manifestOf();
    const collected = readFileSync(path.join(base, 'out', paths['media/hero.mp4']!));
    expect(collected.length).toBeLessThan(readFileSync(path.join(src, 'media/hero.mp4')).length);
    expect(report.recipes.map((outcome) => [outcome.name, outcome.sibling, outcome.kept, outcome.videoRole])).toEqual([
      ['media/hero.mp4', false, false, 'variant'],
      ['media/hero.poster.jpg', true, false, 'poster'],
    ]);
    expect(paths['media/hero.webm']).toBeUndefined();
  });

  it('is cancelled while FFmpeg encodes, leaving the output folder unwritten', async () => {
    clip(path.join(src, 'media/hero.mp4'), 8);
    const controller = new AbortController();
    const run = collect([{ match: 'media/hero.mp4', mode: 'lossy', video: { codec: 'vp9' } }], {
      signal: controller.signal,
      onProgress: (each) => {
        if (each.phase === 'optimize' && each.bytes > 0) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(existsSync(path.join(base, 'out'))).toBe(false);
  });

  it('says how to get FFmpeg when there is none, and collects the video as it is', async () => {
    const without = await runCollect({
      sources: [{ dir: src, prefix: '' }], outDir: path.join(base, 'out2'), djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false,
      recipes: [{ match: 'media/hero.mp4', mode: 'lossy' }],
      video: { env: { PATH: '' } },
    });
    expect(without.warnings).toEqual([expect.stringContaining('Porter needs FFmpeg')]);
    expect(without.warnings[0]).toContain('media/hero.mp4 is collected as it is');
    expect(without.files.map((file) => file.name).sort()).toEqual(['css/site.css', 'media/hero.mp4', 'media/notes.txt']);
  });
});
