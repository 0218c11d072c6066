// Issue 17.9: another writer creates an upload after Porter listed the bucket. New media is sent with
// If-None-Match: *, so a store that honours it refuses the PUT and the other file stays; for a store that may not,
// Porter checks just before each PUT, and says that check is weaker.
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMedia, planMediaPush, runMediaPush } from '../../electron/core/media/index';
import { startFaultProxy } from '../support/fault-proxy';
import { S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['race-media']);
});
afterAll(() => s3.stop());

const client = () => new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
const read = async (key: string) => (await client().send(new GetObjectCommand({ Bucket: 'race-media', Key: key }))).Body!.transformToString();

async function mediaProject(endpoint: string, media: Record<string, unknown>, folder: string) {
  const project = makeTempDir('porter-media-race-');
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer();
  writeTree(project, { 'media/avatars/late.png': png, 'media/avatars/calm.png': png });
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { staging: { type: 's3', bucket: 'static', endpoint, forcePathStyle: true, media: { bucket: 'race-media', prefix: folder, ...media } } } }));
  return openMedia(project, 'staging', path.join(project, 'media'), { credentials: S3RVER_CREDENTIALS });
}

describe('media push and a writer that comes after the listing', () => {
  it('on a store that may ignore If-None-Match (s3rver does), checks just before the PUT, keeps the other file and says the check is weaker', async () => {
    const context = await mediaProject(s3.endpoint, {}, 'weak/');
    const plan = await planMediaPush(context);
    expect(plan.counts).toMatchObject({ new: 2, conflict: 0 });
    await client().send(new PutObjectCommand({ Bucket: 'race-media', Key: 'weak/avatars/late.png', Body: Buffer.from('their late upload') }));
    const result = await runMediaPush(context, plan);
    expect(result.sent).toEqual(['avatars/calm.png']);
    expect(result.keptRemote).toEqual(['avatars/late.png']);
    expect(await read('weak/avatars/late.png')).toBe('their late upload');
    expect(result.check).toMatch(/checked just before sending it.* a file uploaded in that instant could still be replaced/);
  });

  it('on a store that honours it, sends If-None-Match: * with no extra request, and a refused PUT keeps the other file', async () => {
    const raced = '/race-media/strict/avatars/late.png';
    const proxy = await startFaultProxy(s3.endpoint, (request) =>
      request.method === 'PUT' && request.url.startsWith(raced) && request.headers['if-none-match'] === '*' ? { kind: 'status', status: 412, code: 'PreconditionFailed' } : { kind: 'pass' },
    );
    try {
      const context = await mediaProject(proxy.endpoint, { conditionalWrites: true }, 'strict/');
      const plan = await planMediaPush(context);
      await client().send(new PutObjectCommand({ Bucket: 'race-media', Key: 'strict/avatars/late.png', Body: Buffer.from('their late upload') }));
      const before = proxy.log.length;
      const result = await runMediaPush(context, plan);
      expect(result.sent).toEqual(['avatars/calm.png']);
      expect(result.keptRemote).toEqual(['avatars/late.png']);
      expect(result.check).toBeNull();
      expect(await read('strict/avatars/late.png')).toBe('their late upload');
      const sent = proxy.log.slice(before).map(({ request }) => `${request.method} ${request.url.split('?')[0]} ${request.headers['if-none-match'] ?? ''}`.trim());
      expect(sent.sort()).toEqual(['PUT /race-media/strict/avatars/calm.png *', 'PUT /race-media/strict/avatars/late.png *']);
    } finally {
      await proxy.stop();
    }
  });

  it('lists what it leaves out (links and hidden names) with the reason, instead of skipping them silently', async () => {
    const context = await mediaProject(s3.endpoint, {}, 'listed/');
    writeTree(context.root, { '.DS_Store': 'x', '.thumbs/a.png': 'x', 'avatars/.hidden.png': 'x' });
    symlinkSync(path.join(context.root, 'avatars/calm.png'), path.join(context.root, 'avatars/linked.png'));
    const plan = await planMediaPush(context);
    expect(plan.files.map((file) => file.key)).toEqual(['avatars/calm.png', 'avatars/late.png']);
    expect(plan.skipped).toEqual([
      { key: '.DS_Store', reason: expect.stringMatching(/starts with a dot/) },
      { key: '.thumbs', reason: expect.stringMatching(/starts with a dot/) },
      { key: 'avatars/.hidden.png', reason: expect.stringMatching(/starts with a dot/) },
      { key: 'avatars/linked.png', reason: expect.stringMatching(/is a link/) },
    ]);
  });
});
