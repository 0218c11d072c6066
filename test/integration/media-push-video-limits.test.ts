// `porter media push` refusing video over an environment's size or bitrate limit, on clips generated here.
import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMedia, planMediaPush } from '../../electron/core/media/index';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['media-bucket']);
});
afterAll(() => s3.stop());

/** A clip at roughly `kbits` kbit/s: noise does not compress, so the encoder spends what it is allowed. */
function clip(file: string, kbits: number): void {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'nullsrc=size=160x120:rate=15:duration=2,geq=random(1)*255:128:128',
    '-c:v', 'libx264', '-preset', 'veryfast', '-b:v', `${kbits}k`, '-maxrate', `${kbits}k`, '-bufsize', `${kbits}k`, '-pix_fmt', 'yuv420p', file,
  ]);
}

function project(media: Record<string, unknown>): string {
  const root = makeTempDir('porter-media-video-');
  writeTree(root, { 'media/note.txt': 'x' });
  clip(path.join(root, 'media/small.mp4'), 100);
  clip(path.join(root, 'media/heavy.mp4'), 1500);
  writeFileSync(
    path.join(root, 'porter.json'),
    JSON.stringify({ environments: { staging: { type: 's3', bucket: 'static', endpoint: s3.endpoint, forcePathStyle: true, media: { bucket: 'media-bucket', ...media } } } }),
  );
  return root;
}

const plan = async (root: string, env?: NodeJS.ProcessEnv) => {
  const context = await openMedia(root, 'staging', path.join(root, 'media'), { credentials: S3RVER_CREDENTIALS });
  if (env) context.video = { env };
  return planMediaPush(context);
};

describe('media push video limits', () => {
  it('refuses a video over the bitrate limit, with its bitrate and the limit, and sends the one under it', async () => {
    const root = project({ maxVideoBitsPerSecond: 600_000 });
    const result = await plan(root);
    expect(result.files.map((file) => file.key)).toEqual(['small.mp4']);
    expect(result.refused).toEqual([
      { key: 'heavy.mp4', reason: expect.stringMatching(/^this video streams at 1\.\d+ Mbit\/s, over this environment's limit of 0\.6 Mbit\/s \(media\.maxVideoBitsPerSecond\)\. Make a smaller copy/) },
      { key: 'note.txt', reason: expect.stringContaining('no known media type') },
    ]);
  });

  it('refuses a video over the size limit without needing FFmpeg', async () => {
    const root = project({ maxVideoBytes: 100_000 });
    const heavy = statSync(path.join(root, 'media/heavy.mp4')).size;
    expect(heavy).toBeGreaterThan(100_000);
    const result = await plan(root, { PATH: '' });
    expect(result.files.map((file) => file.key)).toEqual(['small.mp4']);
    expect(result.refused[0]).toEqual({ key: 'heavy.mp4', reason: expect.stringMatching(/^this video is [\d.]+ MB, over this environment's video limit of 0\.1 MB \(media\.maxVideoBytes\)/) });
  });

  it('refuses rather than lets through when the bitrate cannot be read, saying how to get FFmpeg', async () => {
    const result = await plan(project({ maxVideoBitsPerSecond: 600_000 }), { PATH: '' });
    expect(result.files).toEqual([]);
    expect(result.refused.filter((each) => each.key.endsWith('.mp4'))).toEqual([
      { key: 'heavy.mp4', reason: expect.stringContaining('Porter cannot read it without FFmpeg. Porter needs FFmpeg') },
      { key: 'small.mp4', reason: expect.stringContaining('Porter cannot read it without FFmpeg') },
    ]);
  });
});
