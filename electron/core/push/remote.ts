// Where an environment's files live, behind one small interface, so planning and pushing are the same code for
// an S3 bucket and for a local folder.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type Dirent } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { realPathOf } from '../collect/output-overlap';
import { defaultCacheDir } from '../collect/signature-cache';
import { uploadLargeFile } from './multipart-upload';
import { isPathInside } from '../path-inside';

export interface RemoteObject {
  size: number;
  /** The store's entity tag; changes whenever the object does. Not a content hash for multipart uploads. */
  etag: string;
  /** When the store says the object was last written, in ms (listings only): the store's clock, not this machine's. */
  modified?: number;
}

export interface PutOptions {
  contentType: string;
  cacheControl: string;
  /** The SHA-256 of the file as collected (before any Content-Encoding). */
  sha256: string;
  /** `br` or `gzip` when the body is the file compressed. */
  contentEncoding?: string;
  /** Only create: the store refuses the PUT (412) when an object is already there, where it honours If-None-Match. */
  onlyIfAbsent?: boolean;
  /** Only replace the object while it still has this entity tag (412 otherwise), where the store honours If-Match. */
  ifMatch?: string;
}

export interface Remote {
  /** Shown to people: `s3://bucket/prefix/` or the folder. */
  readonly label: string;
  /** Same store and credentials: objects can be copied server-side between the two. */
  sameStore(other: Remote): boolean;
  list(prefix?: string): Promise<Map<string, RemoteObject>>;
  get(key: string): Promise<Buffer | undefined>;
  /** The object with its entity tag, for a later write that must not replace what another writer put there since. */
  getTagged(key: string): Promise<TaggedObject | undefined>;
  /**
   * The SHA-256 Porter stored with the object, read without downloading it; undefined unless the object's
   * Content-Encoding is `encoding` (none by default), since the same file stored compressed is a different object.
   */
  storedSha256(key: string, encoding?: string | null): Promise<string | undefined>;
  put(key: string, body: Buffer, options: PutOptions): Promise<RemoteObject>;
  /** A large file streamed from disk (never whole in memory), checked against `options.sha256` as it is read. */
  putFile(key: string, file: string, options: PutOptions, streaming?: StreamingOptions): Promise<RemoteObject>;
  copyFrom(source: Remote, key: string, options: PutOptions): Promise<RemoteObject>;
  delete(keys: string[]): Promise<void>;
  /** What the last listing left out and why, in words for the user (a folder's links that lead out of it). */
  listingWarnings?(): string[];
}

export interface TaggedObject {
  body: Buffer;
  etag: string;
}

export interface StreamingOptions {
  signal?: AbortSignal;
  /** Bytes of the file now at the store, as they arrive. */
  onBytes?: (bytes: number) => void;
}

/** Above this, uploads go in parts (S3 allows 5 GB in one PUT, but a failed part is cheaper to resend). */
export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;
const BAD_DIGEST_ATTEMPTS = 3;
const REPORT_EVERY_BYTES = 8 * 1024 * 1024;

const md5Base64 = (body: Buffer) => createHash('md5').update(body).digest('base64');
const unquote = (etag: string | undefined) => (etag ?? '').replace(/"/g, '');

export class S3Remote implements Remote {
  readonly label: string;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly prefix: string,
    private readonly storeKey: string,
    /** Where large files' uploads in progress are remembered, so a killed push resumes them. */
    readonly uploadStateDir = path.join(defaultCacheDir(), 'push-uploads'),
  ) {
    this.label = `s3://${bucket}/${prefix}`;
  }

  sameStore(other: Remote): boolean {
    return other instanceof S3Remote && other.storeKey === this.storeKey;
  }

  async list(prefix = ''): Promise<Map<string, RemoteObject>> {
    const objects = new Map<string, RemoteObject>();
    for await (const page of this.listPages(prefix)) for (const [key, object] of page) objects.set(key, object);
    return objects;
  }

  /**
   * The listing a page (1,000 keys) at a time, for callers that compare as they go and keep none of the bucket.
   * ListObjects v1 with markers, which every S3-compatible store answers alike (rclone also uses v1 for them);
   * s3rver's v2 continuation tokens fail under OpenSSL 3.
   */
  async *listPages(prefix = ''): AsyncGenerator<Map<string, RemoteObject>> {
    let marker: string | undefined;
    for (;;) {
      const page = await this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: this.prefix + prefix, Marker: marker }));
      const contents = page.Contents ?? [];
      const objects = new Map<string, RemoteObject>();
      for (const item of contents) {
        if (!item.Key) continue;
        objects.set(item.Key.slice(this.prefix.length), { size: item.Size ?? 0, etag: unquote(item.ETag), modified: item.LastModified?.getTime() });
      }
      yield objects;
      marker = page.NextMarker ?? contents.at(-1)?.Key;
      if (!page.IsTruncated || !marker) return;
    }
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.getTagged(key))?.body;
  }

  async getTagged(key: string): Promise<TaggedObject | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return { body: Buffer.from(await response.Body!.transformToByteArray()), etag: unquote(response.ETag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async storedSha256(key: string, encoding?: string | null): Promise<string | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      if ((head.ContentEncoding || null) !== (encoding || null)) return undefined;
      return head.Metadata?.sha256;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async put(key: string, body: Buffer, options: PutOptions): Promise<RemoteObject> {
    const common = {
      Bucket: this.bucket,
      Key: this.prefix + key,
      ContentType: options.contentType,
      CacheControl: options.cacheControl,
      ...(options.contentEncoding ? { ContentEncoding: options.contentEncoding } : {}),
      Metadata: { sha256: options.sha256 },
      ...(options.onlyIfAbsent ? { IfNoneMatch: '*' } : {}),
      ...(options.ifMatch ? { IfMatch: `"${options.ifMatch}"` } : {}),
    };
    if (body.length <= MULTIPART_THRESHOLD) {
      // Content-MD5 makes the store refuse a body that arrived damaged (BadDigest); the SDK does not retry that, so
      // Porter sends it again here, for records as for files.
      const command = new PutObjectCommand({ ...common, Body: body, ContentMD5: md5Base64(body), ContentLength: body.length });
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await this.client.send(command);
          return { size: body.length, etag: unquote(result.ETag) };
        } catch (error) {
          if ((error as { name?: string }).name !== 'BadDigest' || attempt >= BAD_DIGEST_ATTEMPTS) throw error;
        }
      }
    }
    const upload = new Upload({ client: this.client, params: { ...common, Body: body }, partSize: PART_SIZE, queueSize: 4, leavePartsOnError: false });
    const result = await upload.done();
    // A multipart ETag is not an MD5 of the content, so the arrival is checked on what the store says it holds.
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    if (head.ContentLength !== body.length || head.Metadata?.sha256 !== options.sha256) {
      throw new Error(`${key} arrived as ${head.ContentLength} bytes (sent ${body.length}); it will be sent again on the next push.`);
    }
    return { size: body.length, etag: unquote(result.ETag ?? head.ETag) };
  }

  async putFile(key: string, file: string, options: PutOptions, streaming: StreamingOptions = {}): Promise<RemoteObject> {
    const result = await uploadLargeFile({
      client: this.client,
      store: this.storeKey,
      bucket: this.bucket,
      key: this.prefix + key,
      file,
      size: (await stat(file)).size,
      sha256: options.sha256,
      params: { ContentType: options.contentType, CacheControl: options.cacheControl, Metadata: { sha256: options.sha256 } },
      stateDir: this.uploadStateDir,
      signal: streaming.signal,
      onBytes: streaming.onBytes,
    });
    return { size: result.size, etag: result.etag };
  }

  /** Whether an object is there now: one HEAD. */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async copyFrom(source: Remote, key: string, options: PutOptions): Promise<RemoteObject> {
    if (!(source instanceof S3Remote) || !this.sameStore(source)) {
      const body = await source.get(key);
      if (!body) throw new Error(`${key} is missing from ${source.label}.`);
      return this.put(key, body, options);
    }
    const result = await this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: this.prefix + key,
        CopySource: encodeURI(`${source.bucket}/${source.prefix}${key}`),
        MetadataDirective: 'REPLACE',
        ContentType: options.contentType,
        CacheControl: options.cacheControl,
        ...(options.contentEncoding ? { ContentEncoding: options.contentEncoding } : {}),
        Metadata: { sha256: options.sha256 },
      }),
    );
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }));
    return { size: head.ContentLength ?? 0, etag: unquote(result.CopyObjectResult?.ETag ?? head.ETag) };
  }

  async delete(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((key) => ({ Key: this.prefix + key })), Quiet: true } }));
    }
  }
}

/**
 * A folder as a store: keys are relative paths, written through a temporary file and a rename so a reader never
 * sees half a file. Porter's own records (`porter/…`) go to `.porter/` so the folder stays a clean STATIC_ROOT.
 * Nothing is listed, written or deleted through a link that leads out of the folder: a linked subfolder pointing
 * elsewhere on the machine is somebody else's files.
 */
export class FolderRemote implements Remote {
  readonly label: string;
  /** Links out of the folder the last listing left alone, by relative path, with where each leads. */
  private outsideLinks = new Map<string, string>();

  constructor(readonly root: string) {
    this.label = root;
  }

  sameStore(other: Remote): boolean {
    return other instanceof FolderRemote;
  }

  private file(key: string): string {
    const mapped = key.startsWith('porter/') ? `.porter/${key.slice('porter/'.length)}` : key;
    const absolute = path.resolve(this.root, mapped);
    if (!absolute.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Refusing a key outside ${this.root}: ${key}`);
    return absolute;
  }

  /** Why `key` would be reached through a link out of the folder; undefined when it stays inside. */
  escape(key: string): string | undefined {
    const target = this.file(key);
    const realRoot = realPathOf(this.root);
    // The name itself may be a link (a rename replaces the link, a delete removes it); its folder must be inside.
    const realFolder = realPathOf(path.dirname(target));
    if (isPathInside(realRoot, realFolder)) return undefined;
    const relative = path.relative(path.resolve(this.root), path.dirname(target)).split(path.sep);
    for (let depth = 1; depth <= relative.length; depth += 1) {
      const step = path.join(path.resolve(this.root), ...relative.slice(0, depth));
      if (!isPathInside(realRoot, realPathOf(step))) return outsideMessage(relative.slice(0, depth).join('/'), realPathOf(step), this.root);
    }
    return outsideMessage(relative.join('/'), realFolder, this.root);
  }

  private refuseEscape(key: string): string {
    const escape = this.escape(key);
    if (escape) throw new Error(`${key}: ${escape}`);
    return this.file(key);
  }

  listingWarnings(): string[] {
    return [...this.outsideLinks].map(([relative, real]) => outsideMessage(relative, real, this.root));
  }

  private toKey(relative: string): string {
    const posix = relative.split(path.sep).join('/');
    return posix.startsWith('.porter/') ? `porter/${posix.slice('.porter/'.length)}` : posix;
  }

  async list(prefix = ''): Promise<Map<string, RemoteObject>> {
    const objects = new Map<string, RemoteObject>();
    const realRoot = realPathOf(this.root);
    // A prefix's own folder is walked alone (Porter's records, not the whole site), and what the whole listing
    // found about links is kept for the user.
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const start = folder ? path.relative(this.root, path.dirname(this.file(`${folder}x`))) : '';
    if (start && !isPathInside(realRoot, realPathOf(path.join(this.root, start)))) return objects;
    if (!start) this.outsideLinks = new Map();
    const walk = async (relative: string): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(path.join(this.root, relative), { withFileTypes: true });
      } catch (error) {
        if (relative === start && (error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const name = relative ? path.join(relative, entry.name) : entry.name;
        if (entry.isDirectory()) {
          await walk(name);
          continue;
        }
        if (entry.name.endsWith('.tmp')) continue;
        const absolute = path.join(this.root, name);
        if (entry.isSymbolicLink()) {
          const real = realPathOf(absolute);
          if (!isPathInside(realRoot, real)) {
            this.outsideLinks.set(name.split(path.sep).join('/'), real);
            continue;
          }
        }
        // A link to a folder inside is not walked: its files are listed where they really are.
        const info = await stat(absolute).catch(() => undefined);
        if (!info?.isFile()) continue;
        const key = this.toKey(name);
        if (key.startsWith(prefix)) objects.set(key, { size: info.size, etag: `${info.size}-${Math.round(info.mtimeMs)}`, modified: info.mtimeMs });
      }
    };
    await walk(start);
    return objects;
  }

  async get(key: string): Promise<Buffer | undefined> {
    return (await this.getTagged(key))?.body;
  }

  /** A folder has no conditional writes: the tag is what a listing reports, so a changed file reads as changed. */
  async getTagged(key: string): Promise<TaggedObject | undefined> {
    // Through a link out of the folder there is nothing of this environment's.
    if (this.escape(key)) return undefined;
    try {
      const file = this.file(key);
      const [body, info] = await Promise.all([readFile(file), stat(file)]);
      return { body, etag: `${info.size}-${Math.round(info.mtimeMs)}` };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async storedSha256(key: string, encoding?: string | null): Promise<string | undefined> {
    // A folder stores files as they are: nothing in it is ever pre-compressed.
    if (encoding || this.escape(key)) return undefined;
    try {
      return await sha256OfFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async put(key: string, body: Buffer): Promise<RemoteObject> {
    const target = this.refuseEscape(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, body, { flag: 'wx' });
    await rename(temporary, target);
    const info = await stat(target);
    return { size: info.size, etag: `${info.size}-${Math.round(info.mtimeMs)}` };
  }

  /** Copied through a temporary name and a rename, hashed on the way: a changed file never lands under its name. */
  async putFile(key: string, file: string, options: PutOptions, streaming: StreamingOptions = {}): Promise<RemoteObject> {
    const target = this.refuseEscape(key);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const hash = createHash('sha256');
    let unreported = 0;
    const counting = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        unreported += chunk.length;
        // Reported every few MB: one event per 64 KB chunk would flood the window with progress.
        if (unreported >= REPORT_EVERY_BYTES) {
          streaming.onBytes?.(unreported);
          unreported = 0;
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(createReadStream(file), counting, createWriteStream(temporary, { flags: 'wx' }), { signal: streaming.signal });
      if (hash.digest('hex') !== options.sha256) throw new Error(`${file} changed while Porter was pushing it. Collect again, then push.`);
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    streaming.onBytes?.(unreported);
    const info = await stat(target);
    return { size: info.size, etag: `${info.size}-${Math.round(info.mtimeMs)}` };
  }

  async copyFrom(source: Remote, key: string): Promise<RemoteObject> {
    const body = await source.get(key);
    if (!body) throw new Error(`${key} is missing from ${source.label}.`);
    return this.put(key, body);
  }

  async delete(keys: string[]): Promise<void> {
    const files = keys.map((key) => this.refuseEscape(key));
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }
}

/** Streamed, so a file of any size is hashed in a few hundred KB of memory. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

function outsideMessage(relative: string, real: string, root: string): string {
  return `${relative} leads outside ${root} (to ${real}), so it is left alone: nothing is listed, written or deleted outside the environment's folder. Replace the link with a real folder, or point the environment at the folder it leads to.`;
}

/** The store refused a conditional write: the object it was not to replace is there. */
export function isPreconditionFailed(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'PreconditionFailed' || status === 412;
}

function isNotFound(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}
