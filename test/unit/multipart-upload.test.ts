// The large-file upload against a store that answers what s3rver does not (ListParts, ListMultipartUploads,
// AbortMultipartUpload), as S3 does: resumption checked against the store's parts, and stale uploads aborted.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { multipartEtag, STALE_AFTER_MS, uploadLargeFile, type LargeUpload, type UploadState } from '../../electron/core/push/multipart-upload';
import { makeTempDir } from '../support/temp-project';

const md5 = (body: Buffer) => createHash('md5').update(body).digest('hex');
const sha256 = (body: Buffer) => createHash('sha256').update(body).digest('hex');
const failure = (name: string) => Object.assign(new Error(name), { name });

/** An S3 in memory, with the multipart calls S3 has. */
function memoryStore() {
  const uploads = new Map<string, { key: string; initiated: Date; metadata: Record<string, string>; parts: Map<number, Buffer> }>();
  const objects = new Map<string, { body: Buffer; etag: string; metadata: Record<string, string> }>();
  const calls: string[] = [];
  /** Operations the key may not ask for: answered 403 AccessDenied. */
  const denied = new Set<string>();
  let nextId = 1;
  const handle = (name: string, input: Record<string, unknown>) => {
    const upload = uploads.get(input.UploadId as string);
    switch (name) {
      case 'CreateMultipartUpload': {
        const id = `upload-${nextId++}`;
        uploads.set(id, { key: input.Key as string, initiated: new Date(), metadata: input.Metadata as Record<string, string>, parts: new Map() });
        return { UploadId: id };
      }
      case 'UploadPart':
        if (!upload) throw failure('NoSuchUpload');
        // Copied, as a store keeps the bytes it received: the sender reuses its part buffers.
        upload.parts.set(input.PartNumber as number, Buffer.from(input.Body as Buffer));
        return { ETag: `"${md5(input.Body as Buffer)}"` };
      case 'ListParts':
        if (!upload) throw failure('NoSuchUpload');
        return { Parts: [...upload.parts].map(([number, body]) => ({ PartNumber: number, Size: body.length, ETag: `"${md5(body)}"` })), IsTruncated: false };
      case 'ListMultipartUploads':
        return { Uploads: [...uploads].filter(([, each]) => each.key.startsWith(input.Prefix as string)).map(([id, each]) => ({ Key: each.key, UploadId: id, Initiated: each.initiated })) };
      case 'AbortMultipartUpload':
        if (!uploads.delete(input.UploadId as string)) throw failure('NoSuchUpload');
        return {};
      case 'CompleteMultipartUpload': {
        if (!upload) throw failure('NoSuchUpload');
        const parts = (input.MultipartUpload as { Parts: { PartNumber: number }[] }).Parts.map((part) => upload.parts.get(part.PartNumber)!);
        const etag = multipartEtag(parts.map(md5));
        objects.set(upload.key, { body: Buffer.concat(parts), etag, metadata: upload.metadata });
        uploads.delete(input.UploadId as string);
        return { ETag: `"${etag}"` };
      }
      case 'HeadObject': {
        const object = objects.get(input.Key as string);
        if (!object) throw failure('NotFound');
        return { ContentLength: object.body.length, ETag: `"${object.etag}"`, Metadata: object.metadata };
      }
      default:
        throw new Error(`unexpected ${name}`);
    }
  };
  const client = {
    send: async (command: { constructor: { name: string }; input: Record<string, unknown> }, options?: { abortSignal?: AbortSignal }) => {
      await Promise.resolve();
      if (options?.abortSignal?.aborted) throw failure('AbortError');
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push(name);
      if (denied.has(name)) throw Object.assign(failure('AccessDenied'), { $metadata: { httpStatusCode: 403 } });
      return handle(name, command.input);
    },
  } as unknown as S3Client;
  return { client, uploads, objects, calls, denied };
}

function largeFile(size: number) {
  const dir = makeTempDir('porter-multipart-');
  const body = Buffer.from(Array.from({ length: size }, (_, index) => (index * 7919) % 251));
  const file = path.join(dir, 'clip.mp4');
  writeFileSync(file, body);
  return { dir, file, body };
}

function request(store: ReturnType<typeof memoryStore>, dir: string, file: string, body: Buffer, extra: Partial<LargeUpload> = {}): LargeUpload {
  return {
    client: store.client,
    store: 'memory',
    bucket: 'bucket',
    key: 'media/clip.mp4',
    file,
    size: body.length,
    sha256: sha256(body),
    params: { ContentType: 'video/mp4', CacheControl: 'max-age=60', Metadata: { sha256: sha256(body) } },
    stateDir: path.join(dir, 'state'),
    partSize: 10,
    ...extra,
  };
}

const savedState = (dir: string): UploadState => {
  const [name] = readdirSync(path.join(dir, 'state'));
  return JSON.parse(readFileSync(path.join(dir, 'state', name!), 'utf8')) as UploadState;
};
const count = (calls: string[], name: string) => calls.filter((call) => call === name).length;

describe('uploadLargeFile', () => {
  it('resumes a cancelled upload with the parts both the saved state and the store list, and sends a part the store lost again', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(95);
    const controller = new AbortController();
    let arrived = 0;
    const first = uploadLargeFile(request(store, dir, file, body, { signal: controller.signal, onBytes: () => (arrived += 1) === 3 && controller.abort() }));
    await expect(first).rejects.toThrow(/cancelled/);
    const saved = savedState(dir);
    expect(saved.parts.length).toBeGreaterThanOrEqual(3);
    expect(saved.parts.length).toBeLessThan(10);
    // The store lost one of them (S3 never does, but a resumed upload must not take the saved list on trust).
    const lost = saved.parts[0]!.number;
    store.uploads.get(saved.uploadId)!.parts.delete(lost);
    store.calls.length = 0;

    let bytes = 0;
    const result = await uploadLargeFile(request(store, dir, file, body, { onBytes: (each) => (bytes += each) }));
    expect(count(store.calls, 'CreateMultipartUpload')).toBe(0);
    expect(count(store.calls, 'UploadPart')).toBe(10 - saved.parts.length + 1);
    expect(result).toMatchObject({ partsSent: 10 - saved.parts.length + 1, partsReused: saved.parts.length - 1, size: 95 });
    expect(bytes).toBe(95);
    expect(store.objects.get('media/clip.mp4')!.body.equals(body)).toBe(true);
    expect(readdirSync(path.join(dir, 'state'))).toEqual([]);
  });

  it('resumes from the saved parts where the key may not list uploads or their parts', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(95);
    const controller = new AbortController();
    await expect(uploadLargeFile(request(store, dir, file, body, { signal: controller.signal, onBytes: () => controller.abort() }))).rejects.toThrow(/cancelled/);
    const saved = savedState(dir).parts.length;
    store.denied.add('ListParts').add('ListMultipartUploads').add('AbortMultipartUpload');
    store.calls.length = 0;
    await uploadLargeFile(request(store, dir, file, body));
    expect(count(store.calls, 'UploadPart')).toBe(10 - saved);
    expect(store.objects.get('media/clip.mp4')!.body.equals(body)).toBe(true);
  });

  it('starts over when the store no longer has the upload', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(35);
    const controller = new AbortController();
    await expect(uploadLargeFile(request(store, dir, file, body, { signal: controller.signal, onBytes: () => controller.abort() }))).rejects.toThrow(/cancelled/);
    store.uploads.clear();
    const result = await uploadLargeFile(request(store, dir, file, body));
    expect(result.partsSent).toBe(4);
    expect(store.objects.get('media/clip.mp4')!.body.equals(body)).toBe(true);
  });

  it('aborts the upload of an earlier version of the file instead of leaving its parts behind', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(35);
    const controller = new AbortController();
    await expect(uploadLargeFile(request(store, dir, file, body, { signal: controller.signal, onBytes: () => controller.abort() }))).rejects.toThrow(/cancelled/);
    const old = savedState(dir).uploadId;
    const edited = Buffer.concat([body.subarray(0, 30), Buffer.from('edit!')]);
    writeFileSync(file, edited);
    await uploadLargeFile(request(store, dir, file, edited));
    expect(store.uploads.has(old)).toBe(false);
    expect(count(store.calls, 'AbortMultipartUpload')).toBe(1);
    expect(store.objects.get('media/clip.mp4')!.body.equals(edited)).toBe(true);
  });

  it('aborts uploads left for longer than a week: its own, of any key, and unknown ones of the key it writes', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(35);
    const controller = new AbortController();
    const other = request(store, dir, file, body, { key: 'media/other.mp4', signal: controller.signal, onBytes: () => controller.abort() });
    await expect(uploadLargeFile(other)).rejects.toThrow(/cancelled/);
    const abandoned = savedState(dir).uploadId;
    // A week and a minute later: an upload started elsewhere (no state here names it) for the very key about to be
    // written, as old, and one started a minute ago.
    const later = Date.now() + STALE_AFTER_MS + 60_000;
    const stranger = 'upload-elsewhere';
    store.uploads.set(stranger, { key: 'media/clip.mp4', initiated: new Date(), metadata: {}, parts: new Map() });
    const recent = 'upload-recent';
    store.uploads.set(recent, { key: 'media/clip.mp4', initiated: new Date(later - 60_000), metadata: {}, parts: new Map() });
    await uploadLargeFile(request(store, dir, file, body, { now: () => later }));
    expect(store.uploads.has(abandoned)).toBe(false);
    expect(store.uploads.has(stranger)).toBe(false);
    // Younger than a week: perhaps another push in progress, so left alone.
    expect(store.uploads.has(recent)).toBe(true);
    expect(readdirSync(path.join(dir, 'state'))).toEqual([]);
  });

  it('refuses to complete when the file changed while it was read', async () => {
    const store = memoryStore();
    const { dir, file, body } = largeFile(35);
    const planned = Buffer.from(body);
    planned[0] = (planned[0]! + 1) % 256;
    await expect(uploadLargeFile(request(store, dir, file, body, { sha256: sha256(planned) }))).rejects.toThrow(/changed while Porter was pushing it/);
    expect(store.objects.size).toBe(0);
    expect(store.uploads.size).toBe(0);
  });
});
