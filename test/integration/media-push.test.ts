import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../electron/core/push/concurrency';
import { openMedia, planMediaPush, runMediaPush } from '../../electron/core/media/index';
import { validateMedia } from '../../electron/core/media/validate-media';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['media-bucket', 'media-many']);
});
afterAll(() => s3.stop());

const client = () => new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });

describe('media validation', () => {
  it('reads the type from the content and refuses what lies or is not allowed', async () => {
    const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).jpeg().toBuffer();
    expect(await validateMedia('a/photo.jpg', jpeg)).toEqual({ ok: true, mime: 'image/jpeg' });
    expect(await validateMedia('a/photo.jpeg', jpeg)).toEqual({ ok: true, mime: 'image/jpeg' });
    expect(await validateMedia('a/photo.png', jpeg)).toMatchObject({ ok: false, reason: expect.stringMatching(/really image\/jpeg.*rename it to photo\.jpg/) });
    expect(await validateMedia('evil.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toMatchObject({ ok: false, reason: expect.stringMatching(/SVG can carry scripts/) });
    expect(await validateMedia('logo.svg', Buffer.from('<?xml version="1.0"?>\n<svg></svg>'), { allowedTypes: ['image/svg+xml'] })).toEqual({ ok: true, mime: 'image/svg+xml' });
    expect(await validateMedia('notes.pdf', Buffer.from('just text'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no known media type/) });
    expect(await validateMedia('big.jpg', jpeg, { maxBytes: 10 })).toMatchObject({ ok: false, reason: expect.stringMatching(/over this environment's limit/) });
  });
});

describe('porter media push', () => {
  it('sends valid uploads with their sniffed type, reports refusals, never overwrites unless asked', async () => {
    const project = makeTempDir('porter-media-');
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer();
    writeTree(project, { 'media/avatars/ann.png': png, 'media/docs/fake.pdf': 'not a pdf', 'media/avatars/bob.png': png, 'media/.DS_Store': 'x' });
    writeFileSync(
      path.join(project, 'porter.json'),
      JSON.stringify({ environments: { staging: { type: 's3', bucket: 'static', endpoint: s3.endpoint, forcePathStyle: true, media: { bucket: 'media-bucket', prefix: 'media/' } } } }),
    );
    // Someone else's different file already sits where bob.png would go.
    await client().send(new PutObjectCommand({ Bucket: 'media-bucket', Key: 'media/avatars/bob.png', Body: Buffer.from('their bob') }));

    const context = await openMedia(project, 'staging', path.join(project, 'media'), { credentials: S3RVER_CREDENTIALS });
    const plan = await planMediaPush(context);
    expect(plan.counts).toEqual({ new: 1, unchanged: 0, conflict: 1, refused: 1 });
    expect(plan.refused).toEqual([{ key: 'docs/fake.pdf', reason: expect.stringMatching(/no known media type/) }]);
    const result = await runMediaPush(context, plan);
    expect(result.sent).toEqual(['avatars/ann.png']);
    expect(result.keptRemote).toEqual(['avatars/bob.png']);
    const ann = await client().send(new GetObjectCommand({ Bucket: 'media-bucket', Key: 'media/avatars/ann.png' }));
    expect(Buffer.from(await ann.Body!.transformToByteArray())).toEqual(png);
    expect(ann.ContentType).toBe('image/png');
    const bob = await client().send(new GetObjectCommand({ Bucket: 'media-bucket', Key: 'media/avatars/bob.png' }));
    expect(await bob.Body!.transformToString()).toBe('their bob');

    const again = await planMediaPush(context);
    expect(again.counts).toMatchObject({ new: 0, unchanged: 1, conflict: 1 });
    await runMediaPush(context, again, { overwrite: true });
    const replaced = await client().send(new HeadObjectCommand({ Bucket: 'media-bucket', Key: 'media/avatars/bob.png' }));
    expect(replaced.ContentLength).toBe(png.length);
  });

  it('compares a bucket of several listing pages as they arrive, finding a file on any page', async () => {
    const project = makeTempDir('porter-media-pages-');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#00c' } }).png().toBuffer();
    const other = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c0c' } }).png().toBuffer();
    // 1,200 uploads already there (two pages of the listing), none of them in the local folder.
    const there = Array.from({ length: 1200 }, (_, at) => `old/${String(at).padStart(4, '0')}.png`);
    await mapWithConcurrency(there, 16, (key) => client().send(new PutObjectCommand({ Bucket: 'media-many', Key: `media/${key}`, Body: png, ContentType: 'image/png' })));
    writeTree(project, { 'media/aaa/first.png': png, 'media/zzz/last.png': png, 'media/zzz/theirs.png': png });
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { staging: { type: 's3', bucket: 'static', endpoint: s3.endpoint, forcePathStyle: true, media: { bucket: 'media-many', prefix: 'media/' } } } }));
    const context = await openMedia(project, 'staging', path.join(project, 'media'), { credentials: S3RVER_CREDENTIALS });
    expect((await planMediaPush(context)).counts).toEqual({ new: 3, unchanged: 0, conflict: 0, refused: 0 });
    expect(context.counter.byOperation.ListObjects).toBe(2);
    await runMediaPush(context, await planMediaPush(context));
    // Someone else's different file replaces one on the last page: a conflict.
    await client().send(new PutObjectCommand({ Bucket: 'media-many', Key: 'media/zzz/theirs.png', Body: other, ContentType: 'image/png' }));
    const again = await planMediaPush(context);
    expect(again.counts).toEqual({ new: 0, unchanged: 2, conflict: 1, refused: 0 });
    expect(again.files.filter((file) => file.status === 'unchanged').map((file) => file.key)).toEqual(['aaa/first.png', 'zzz/last.png']);
    const last = await client().send(new GetObjectCommand({ Bucket: 'media-many', Key: 'media/zzz/last.png' }));
    expect(Buffer.from(await last.Body!.transformToByteArray())).toEqual(png);
  });

  it('explains an environment without a media bucket', async () => {
    const project = makeTempDir('porter-media-none-');
    writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { local: { type: 'folder', path: 'out' } } }));
    await expect(openMedia(project, 'local', project)).rejects.toThrow(/environments\.local has no "media" bucket/);
  });
});
