// Pre-compressed uploads (an environment's "contentEncoding") and WhiteNoise's siblings, pushed to a real
// S3-compatible server: every object read back raw, decoded by the encoding it declares, must equal the collected
// file, with the headers a browser needs to read it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCollect } from '../../electron/core/collect/index';
import { listReleases, openEnvironment, openRelease, planPush, runPush } from '../../electron/core/push/index';
import { DEFAULT_UNHASHED, IMMUTABLE } from '../../electron/core/push/object-headers';
import { forgetIndex, S3RVER_CREDENTIALS, startS3Server, type S3Server } from '../support/s3-server';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

let s3: S3Server;
beforeAll(async () => {
  s3 = await startS3Server(['porter-encoded']);
});
afterAll(() => s3.stop());

const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');
const css = `body { background: url("../img/bg.png"); }\n${'.card { padding: 1rem 2rem; color: #222; }\n'.repeat(60)}`;
const js = 'export function greet(name) { return `Hello, ${name}!`; }\n'.repeat(40);

function environment(extra: Record<string, unknown> = {}) {
  return { type: 's3', bucket: 'porter-encoded', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, prefix: 'static/', ...extra };
}

async function project() {
  const root = makeTempDir('porter-encoding-');
  vi.stubEnv('PORTER_CACHE_DIR', path.join(root, '.cache'));
  writeTree(path.join(root, 'assets'), { 'css/site.css': css, 'js/app.js': js, 'img/bg.png': 'p'.repeat(3000), 'small.txt': 'short and plain\n' });
  const out = path.join(root, 'out');
  await runCollect({ sources: [{ dir: path.join(root, 'assets'), prefix: '' }], outDir: out, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false, compress: true });
  const configure = (contentEncoding?: string) =>
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { live: environment(contentEncoding ? { contentEncoding } : {}) } }));
  return { root, out, configure };
}

function bucketReader() {
  return new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
}

const decoders: Record<string, (body: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };

/** Reads every collected file back from the bucket and checks bytes and headers; returns each key's Content-Encoding. */
async function expectBucketServes(out: string): Promise<Record<string, string | undefined>> {
  const client = bucketReader();
  const manifest = JSON.parse(readFileSync(path.join(out, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
  const hashed = new Set(Object.values(manifest.paths));
  const encodings: Record<string, string | undefined> = {};
  for (const key of listFiles(out)) {
    const local = readFileSync(path.join(out, key));
    const object = await client.send(new GetObjectCommand({ Bucket: 'porter-encoded', Key: `static/${key}` }));
    const stored = Buffer.from(await object.Body!.transformToByteArray());
    encodings[key] = object.ContentEncoding;
    const sibling = /\.(br|gz)$/.test(key);
    // A sibling holds compressed bytes as collected; decoding it gives its base file.
    const base = sibling ? key.replace(/\.(br|gz)$/, '') : key;
    const expected = sibling ? readFileSync(path.join(out, base)) : local;
    const decoded = object.ContentEncoding ? decoders[object.ContentEncoding]!(stored) : stored;
    expect(decoded.equals(expected), key).toBe(true);
    if (sibling) expect(stored.equals(local), key).toBe(true);
    expect(object.ContentType, key).toBe(base.endsWith('.css') ? 'text/css; charset=utf-8' : base.endsWith('.js') ? 'text/javascript; charset=utf-8' : base.endsWith('.json') ? 'application/json; charset=utf-8' : base.endsWith('.txt') ? 'text/plain; charset=utf-8' : 'image/png');
    expect(object.CacheControl, key).toBe(hashed.has(key) ? IMMUTABLE : DEFAULT_UNHASHED);
    expect(object.Metadata?.sha256, key).toBe(sha256(local));
  }
  return encodings;
}

describe('pre-compressed uploads', () => {
  it('stores compressible files encoded, records the encoding, re-sends on a change of setting and never otherwise', async () => {
    const { root, out, configure } = await project();
    configure('br');
    let context = await openEnvironment(root, 'live', { credentials: S3RVER_CREDENTIALS });
    const plan = await planPush(context, out);
    const encodingOf = Object.fromEntries(plan.files.map((file) => [file.key, file.encoding]));
    expect(encodingOf['css/site.css']).toBe('br');
    expect(encodingOf['js/app.js']).toBe('br');
    // Too small to pay, already compressed (a PNG, WhiteNoise's own siblings), or read back raw by Django: as they are.
    for (const key of ['small.txt', 'img/bg.png', 'css/site.css.br', 'css/site.css.gz', 'staticfiles.json']) expect(encodingOf[key], key).toBeNull();
    await runPush(context, plan);
    const stored = await expectBucketServes(out);
    expect(stored['css/site.css']).toBe('br');
    expect(stored['css/site.css.gz']).toBe('gzip');
    expect(stored['css/site.css.br']).toBe('br');
    expect(stored['small.txt']).toBeUndefined();
    expect(stored['staticfiles.json']).toBeUndefined();
    const release = await openRelease(context, (await listReleases(context))[0]!.id);
    expect(release.files.find((file) => file.key === 'js/app.js')?.encoding).toBe('br');
    expect(release.files.find((file) => file.key === 'img/bg.png')?.encoding).toBeUndefined();

    const again = await planPush(context, out);
    expect(again.counts.changed + again.counts.new).toBe(0);

    // Without Porter's index, the objects' own headers still vouch for them.
    await forgetIndex(bucketReader(), 'porter-encoded', 'static/');
    expect((await planPush(context, out)).counts.changed).toBe(0);

    configure('gzip');
    context = await openEnvironment(root, 'live', { credentials: S3RVER_CREDENTIALS });
    const regzip = await planPush(context, out);
    const encodedKeys = plan.files.filter((file) => file.encoding).map((file) => file.key).sort();
    expect(regzip.files.filter((file) => file.status === 'changed').map((file) => file.key).sort()).toEqual(encodedKeys);
    await runPush(context, regzip);
    expect((await expectBucketServes(out))['css/site.css']).toBe('gzip');

    configure();
    context = await openEnvironment(root, 'live', { credentials: S3RVER_CREDENTIALS });
    const plain = await planPush(context, out);
    expect(plain.files.filter((file) => file.status === 'changed').map((file) => file.key).sort()).toEqual(encodedKeys);
    await runPush(context, plain);
    expect((await expectBucketServes(out))['css/site.css']).toBeUndefined();
  });

  it('refuses an encoding it does not know, and the setting on a folder', async () => {
    const { root, configure } = await project();
    configure('zstd');
    await expect(openEnvironment(root, 'live')).rejects.toThrow('environments.live.contentEncoding must be "br" (brotli) or "gzip"');
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ environments: { local: { type: 'folder', path: 'public', contentEncoding: 'br' } } }));
    await expect(openEnvironment(root, 'local')).rejects.toThrow('unknown field "contentEncoding"');
  });
});
