// One large file to S3 in parts, streamed from disk (a few parts in memory at a time, never the whole file), and
// resumable: the upload's id and every part that arrived are saved on this machine after each part, so a push that
// was killed or cancelled sends only the parts that are missing, in the same multipart upload.
//
// Each part is checked on arrival (its ETag is the MD5 of its bytes) and again before it is reused (the file is read
// again and each part's MD5 compared with what arrived; where the store answers ListParts, with what it holds too).
// The whole file's SHA-256 is taken from the same reads, so what was sent is what the plan hashed, and after
// completion the object's size, stored SHA-256 and ETag are checked against it.
//
// Abandoned uploads: parts of an upload that is never completed are kept (and billed) by S3 until it is aborted.
// Porter aborts the ones it started when it knows they are stale: the file changed since, or the upload is older than
// STALE_AFTER_MS. An upload started on another machine is only known to that machine; a bucket lifecycle rule
// (AbortIncompleteMultipartUpload) covers those, and Porter also aborts such leftovers for the exact key it is about
// to write, where the store lists them (ListMultipartUploads).
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { PushError } from './remote-errors';

/** Parts of at least this size (S3's floor is 5 MiB); larger for files that would need more than 10,000 parts. */
export const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 10_000;
/** Parts in flight at once for one file, and in all (a push sends up to 16 files at once): each is one part's Buffer. */
const PARTS_IN_FLIGHT = 4;
const PARTS_IN_FLIGHT_IN_ALL = 8;
const BAD_PART_ATTEMPTS = 3;
/** S3's default lifecycle suggestion is 7 days; an upload Porter has not touched for that long is abandoned. */
export const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const STATE_VERSION = 1;

export interface ArrivedPart {
  number: number;
  size: number;
  /** Unquoted; the MD5 of the part's bytes, hex. */
  etag: string;
}

/** What is saved on this machine for one upload in progress. */
export interface UploadState {
  version: number;
  store: string;
  bucket: string;
  key: string;
  uploadId: string;
  sha256: string;
  size: number;
  partSize: number;
  createdAt: string;
  parts: ArrivedPart[];
}

export interface LargeUpload {
  client: S3Client;
  /** Same store and credentials, as S3Remote.sameStore compares them. */
  store: string;
  bucket: string;
  /** The object's full key, prefix included. */
  key: string;
  file: string;
  size: number;
  sha256: string;
  /** Headers and metadata of the object, fixed when the upload is created. */
  params: { ContentType: string; CacheControl: string; Metadata: Record<string, string> };
  /** Where upload states are kept (Porter's cache folder). */
  stateDir: string;
  signal?: AbortSignal;
  /** Bytes of the file now at the store, as each part arrives (or is found to have arrived already). */
  onBytes?: (bytes: number) => void;
  partSize?: number;
  now?: () => number;
}

export interface LargeUploadResult {
  etag: string;
  size: number;
  partsSent: number;
  partsReused: number;
}

/**
 * Part buffers shared by every upload in this process, so many large files at once stay bounded too, and reused:
 * a fresh 8 MiB Buffer a part is freed only when the garbage collector gets to it, which let the resident memory of
 * a 2 GiB push climb to several times the parts actually in flight.
 */
const partBuffers = { free: PARTS_IN_FLIGHT_IN_ALL, waiting: [] as (() => void)[], spare: [] as Buffer[] };

async function takePartBuffer(size: number): Promise<Buffer> {
  if (partBuffers.free > 0) partBuffers.free -= 1;
  else await new Promise<void>((resolve) => partBuffers.waiting.push(resolve));
  const spare = partBuffers.spare.pop();
  return spare && spare.length === size ? spare : Buffer.allocUnsafe(size);
}

/** Only once nothing reads the buffer any more: the part's request has been answered or given up. */
function givePartBuffer(buffer: Buffer): void {
  if (partBuffers.spare.length < PARTS_IN_FLIGHT_IN_ALL) partBuffers.spare.push(buffer);
  const next = partBuffers.waiting.shift();
  if (next) next();
  else partBuffers.free += 1;
}

export function partSizeFor(size: number): number {
  const mebibyte = 1024 * 1024;
  return Math.max(MIN_PART_SIZE, Math.ceil(size / MAX_PARTS / mebibyte) * mebibyte);
}

const hex = (algorithm: string, ...chunks: Buffer[]) => {
  const hash = createHash(algorithm);
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
};
const unquote = (etag: string | undefined) => (etag ?? '').replace(/"/g, '');

/** The ETag S3 (and R2, MinIO, B2) gives a multipart object: the MD5 of the parts' MD5s, dash, the part count. */
export function multipartEtag(partMd5s: string[]): string {
  return `${hex('md5', ...partMd5s.map((md5) => Buffer.from(md5, 'hex')))}-${partMd5s.length}`;
}

function statePathFor(stateDir: string, store: string, bucket: string, key: string): string {
  return path.join(stateDir, `${hex('sha256', Buffer.from(`${store}\n${bucket}\n${key}`)).slice(0, 32)}.json`);
}

async function readState(file: string): Promise<UploadState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as UploadState;
    return state.version === STATE_VERSION ? state : undefined;
  } catch {
    // Missing or unreadable: the upload starts over, which costs time but nothing else.
    return undefined;
  }
}

/** Through a temporary file and a rename: a kill in the middle leaves the previous state, never half of one. */
async function saveState(file: string, state: UploadState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(state));
  await rename(temporary, file);
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string }).name;
}

/** The store does not answer this listing (s3rver), or the key may not ask (it lacks s3:ListMultipartUploadParts). */
function cannotList(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return ['NotImplemented', 'MethodNotAllowed', 'AccessDenied'].includes(errorName(error) ?? '') || status === 501 || status === 405 || status === 403;
}

async function abortQuietly(client: S3Client, bucket: string, key: string, uploadId: string): Promise<void> {
  // Best effort: a store without AbortMultipartUpload (s3rver) or an upload already gone leaves nothing to do.
  await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
}

/** Aborts this store's uploads Porter started and left for longer than STALE_AFTER_MS, and forgets them. */
async function abortStaleUploads(upload: LargeUpload, now: number): Promise<void> {
  const names = await readdir(upload.stateDir).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.endsWith('.json'))) {
    const file = path.join(upload.stateDir, name);
    const state = await readState(file);
    if (!state || state.store !== upload.store || now - Date.parse(state.createdAt) < STALE_AFTER_MS) continue;
    await abortQuietly(upload.client, state.bucket, state.key, state.uploadId);
    await rm(file, { force: true });
  }
}

/**
 * Leftover uploads of this very key that no state here names, older than STALE_AFTER_MS, where the store lists them.
 * Tidying only: whatever goes wrong here never stops the push.
 */
async function abortUnknownLeftovers(upload: LargeUpload, known: string | undefined, now: number): Promise<void> {
  try {
    const listing = await upload.client.send(new ListMultipartUploadsCommand({ Bucket: upload.bucket, Prefix: upload.key }));
    for (const leftover of listing.Uploads ?? []) {
      if (leftover.Key !== upload.key || !leftover.UploadId || leftover.UploadId === known) continue;
      if (leftover.Initiated && now - leftover.Initiated.getTime() >= STALE_AFTER_MS) await abortQuietly(upload.client, upload.bucket, upload.key, leftover.UploadId);
    }
  } catch {
    // Not listed (s3rver, or a key without s3:ListBucketMultipartUploads): the bucket's lifecycle rule is left to it.
  }
}

/**
 * The parts the store holds for the upload: a map, 'gone' when the upload no longer exists (completed, aborted or
 * expired), or 'unlisted' where the store does not answer ListParts (s3rver), so only the saved list can say.
 */
async function partsAtStore(upload: LargeUpload, uploadId: string): Promise<Map<number, ArrivedPart> | 'gone' | 'unlisted'> {
  const parts = new Map<number, ArrivedPart>();
  let marker: string | undefined;
  try {
    for (;;) {
      const page = await upload.client.send(new ListPartsCommand({ Bucket: upload.bucket, Key: upload.key, UploadId: uploadId, PartNumberMarker: marker }));
      for (const part of page.Parts ?? []) {
        if (part.PartNumber) parts.set(part.PartNumber, { number: part.PartNumber, size: part.Size ?? 0, etag: unquote(part.ETag) });
      }
      marker = page.NextPartNumberMarker;
      if (!page.IsTruncated || !marker) return parts;
    }
  } catch (error) {
    if (errorName(error) === 'NoSuchUpload') return 'gone';
    if (cannotList(error)) return 'unlisted';
    throw error;
  }
}

function cancelled(): Error {
  const error = new Error('The push was cancelled. The parts that arrived are kept; push again to send the rest.');
  error.name = 'AbortError';
  return error;
}

/** The parts already at the store that are worth checking against the file, by number; an empty map to start over. */
async function resumable(upload: LargeUpload, state: UploadState): Promise<Map<number, ArrivedPart> | undefined> {
  const atStore = await partsAtStore(upload, state.uploadId);
  if (atStore === 'gone') return undefined;
  const saved = new Map(state.parts.map((part) => [part.number, part]));
  if (atStore === 'unlisted') return saved;
  // Both must agree: a part the store lost or replaced is sent again.
  return new Map([...saved].filter(([number, part]) => atStore.get(number)?.etag === part.etag && atStore.get(number)?.size === part.size));
}

export async function uploadLargeFile(upload: LargeUpload): Promise<LargeUploadResult> {
  const { client, bucket, key, size } = upload;
  const now = upload.now?.() ?? Date.now();
  const partSize = upload.partSize ?? partSizeFor(size);
  const partCount = Math.max(1, Math.ceil(size / partSize));
  const stateFile = statePathFor(upload.stateDir, upload.store, bucket, key);
  await abortStaleUploads(upload, now);

  let state = await readState(stateFile);
  let arrived = new Map<number, ArrivedPart>();
  if (state && (state.sha256 !== upload.sha256 || state.size !== size || state.partSize !== partSize)) {
    // Parts of another version of the file: never completed now, so they are aborted rather than left to pile up.
    await abortQuietly(client, bucket, key, state.uploadId);
    state = undefined;
  }
  if (state) {
    const found = await resumable(upload, state);
    if (found) arrived = found;
    else state = undefined;
  }
  await abortUnknownLeftovers(upload, state?.uploadId, now);
  if (!state) {
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...upload.params }), { abortSignal: upload.signal });
    state = { version: STATE_VERSION, store: upload.store, bucket, key, uploadId: created.UploadId!, sha256: upload.sha256, size, partSize, createdAt: new Date(now).toISOString(), parts: [] };
    await saveState(stateFile, state);
  }
  const current: UploadState = state;
  // Parts not checked yet stay in the saved list: a kill during the check must not forget them.
  const partsByNumber = new Map(arrived);
  // Saves are chained: two parts arriving together must not write the state out of order.
  let saving = Promise.resolve();
  const save = () => {
    current.parts = [...partsByNumber.values()];
    saving = saving.then(() => saveState(stateFile, current));
  };
  const record = (part: ArrivedPart) => {
    partsByNumber.set(part.number, part);
    save();
    upload.onBytes?.(part.size);
  };
  const sendPart = async (number: number, body: Buffer, md5: string): Promise<void> => {
    for (let attempt = 1; ; attempt += 1) {
      if (upload.signal?.aborted) throw cancelled();
      const result = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: current.uploadId, PartNumber: number, Body: body, ContentLength: body.length, ContentMD5: Buffer.from(md5, 'hex').toString('base64') }),
        { abortSignal: upload.signal },
      );
      // Content-MD5 makes most stores refuse a damaged part; the ETag says what the store actually kept.
      if (unquote(result.ETag) === md5) return record({ number, size: body.length, etag: md5 });
      if (attempt >= BAD_PART_ATTEMPTS) throw new PushError(`Part ${number} of ${key} kept arriving damaged (${attempt} tries). The parts that arrived are kept; publish again to send the rest.`);
    }
  };

  const wholeSha256 = createHash('sha256');
  const wholeMd5 = createHash('md5');
  const partMd5s: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let partsSent = 0;
  let partsReused = 0;
  const handle = await open(upload.file, 'r');
  try {
    for (let number = 1; number <= partCount && failure === undefined; number += 1) {
      if (upload.signal?.aborted) throw cancelled();
      const offset = (number - 1) * partSize;
      const buffer = await takePartBuffer(partSize);
      const body = buffer.subarray(0, Math.min(partSize, size - offset));
      try {
        const { bytesRead } = await handle.read(body, 0, body.length, offset);
        if (bytesRead !== body.length) throw new PushError(`${upload.file} changed while Porter was pushing it (it is shorter now). Collect again, then push.`);
      } catch (error) {
        givePartBuffer(buffer);
        throw error;
      }
      wholeSha256.update(body);
      wholeMd5.update(body);
      const md5 = hex('md5', body);
      partMd5s.push(md5);
      const known = arrived.get(number);
      if (known && known.etag === md5 && known.size === body.length) {
        givePartBuffer(buffer);
        partsReused += 1;
        upload.onBytes?.(known.size);
        continue;
      }
      if (known) {
        partsByNumber.delete(number);
        save();
      }
      partsSent += 1;
      const sending: Promise<void> = sendPart(number, body, md5).then(
        () => void inFlight.delete(sending),
        (error: unknown) => {
          inFlight.delete(sending);
          failure ??= error;
        },
      ).finally(() => givePartBuffer(buffer));
      inFlight.add(sending);
      if (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
    }
  } finally {
    await Promise.all(inFlight);
    await handle.close();
    await saving;
  }
  if (failure !== undefined) throw upload.signal?.aborted ? cancelled() : failure;

  if (wholeSha256.digest('hex') !== upload.sha256) {
    // The parts are of a file that is not the one planned (its metadata says otherwise): useless, so aborted.
    await abortQuietly(client, bucket, key, current.uploadId);
    await rm(stateFile, { force: true });
    throw new PushError(`${upload.file} changed while Porter was pushing it. Collect again, then push.`);
  }
  const parts = [...partsByNumber.values()].sort((a, b) => a.number - b.number).map((part) => ({ PartNumber: part.number, ETag: `"${part.etag}"` }));
  try {
    await client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: current.uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: upload.signal });
  } catch (error) {
    // An upload the store no longer has cannot be completed: the next attempt starts a new one.
    if (errorName(error) === 'NoSuchUpload' || errorName(error) === 'InvalidPart') await rm(stateFile, { force: true });
    throw error;
  }
  await rm(stateFile, { force: true });

  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  const etag = unquote(head.ETag);
  // S3 and most compatible stores give the MD5 of the parts' MD5s; some (s3rver) the MD5 of the whole content.
  const bytesMatch = etag === multipartEtag(partMd5s) || etag === wholeMd5.digest('hex');
  if (head.ContentLength !== size || head.Metadata?.sha256 !== upload.sha256 || !bytesMatch) {
    throw new PushError(`${key} did not arrive whole (${head.ContentLength} bytes, ETag ${etag}; sent ${size} bytes); it will be sent again on the next push.`);
  }
  return { etag, size, partsSent, partsReused };
}
