// `porter media push`: user uploads from MEDIA_ROOT to the environment's media bucket, paths preserved, no
// hashing. Every file is validated first; refused files are reported with the reason and never sent. Nothing
// remote is ever deleted, and an object whose content differs is kept unless the user asks to overwrite.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { mapWithConcurrency } from '../push/concurrency';
import { loadEnvironment, type S3Environment } from '../push/environments';
import { readBytes } from '../push/read-bytes';
import { isPreconditionFailed, S3Remote } from '../push/remote';
import { describeRemoteError, PushError } from '../push/remote-errors';
import { createRequestCounter, createS3Client, type Credentials, type RequestCounter } from '../push/s3-client';
import { transfer, type TransferProgress } from '../push/transfer';
import { videoToolsOptions } from '../video/ffmpeg-setting';
import type { FindVideoToolsOptions } from '../video/find-video-tools';
import { validateMedia } from './validate-media';
import { createVideoLimitCheck } from './video-limits';

/** Uploads keep their names when replaced, so browsers check back daily rather than keeping them for a year. */
export const MEDIA_CACHE_CONTROL = 'public, max-age=86400';

export interface MediaFile {
  key: string;
  size: number;
  sha256: string;
  mime: string;
  status: 'new' | 'unchanged' | 'conflict';
}

export interface MediaPlan {
  target: string;
  files: MediaFile[];
  refused: { key: string; reason: string }[];
  /** Left out before validation (links, hidden names), each with the reason, so nothing goes missing unsaid. */
  skipped: { key: string; reason: string }[];
  counts: { new: number; unchanged: number; conflict: number; refused: number };
}

export interface MediaContext {
  environment: S3Environment;
  remote: S3Remote;
  counter: RequestCounter;
  root: string;
  /** Where FFmpeg is looked for when the environment limits video bitrate. */
  video: FindVideoToolsOptions;
}

export async function openMedia(projectRoot: string, environmentName: string, mediaRoot: string, options: { credentials?: Credentials } = {}): Promise<MediaContext> {
  const environment = await loadEnvironment(projectRoot, environmentName);
  if (environment.type !== 's3' || !environment.media) {
    throw new PushError(`environments.${environmentName} has no "media" bucket. Add {"media": {"bucket": "…", "prefix": "media/"}} to it in porter.json.`);
  }
  const counter = createRequestCounter();
  const client = createS3Client(environment, { credentials: options.credentials, counter });
  const prefix = (environment.media.prefix ?? '').replace(/^\/+|\/+$/g, '');
  const remote = new S3Remote(client, environment.media.bucket, prefix ? `${prefix}/` : '', `${environment.endpoint ?? 'aws'}|${environment.region}`);
  return { environment, remote, counter, root: path.resolve(mediaRoot), video: await videoToolsOptions(projectRoot) };
}

const HIDDEN_REASON = 'its name starts with a dot (a hidden or system file such as .DS_Store), so it is not sent as an upload.';
const LINK_REASON = 'it is a link, and only real files are sent: copy the file it points to into the media folder instead.';

async function uploads(root: string): Promise<{ keys: string[]; skipped: MediaPlan['skipped'] }> {
  try {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const keys: string[] = [];
    const skipped = new Map<string, string>();
    for (const entry of entries) {
      const parts = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep);
      const hidden = parts.findIndex((part) => part.startsWith('.'));
      // A hidden folder is named once, not once for every file in it.
      if (hidden >= 0) skipped.set(parts.slice(0, hidden + 1).join('/'), HIDDEN_REASON);
      else if (entry.isSymbolicLink()) skipped.set(parts.join('/'), LINK_REASON);
      else if (entry.isFile()) keys.push(parts.join('/'));
    }
    const sorted = [...skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { keys: keys.sort(), skipped: sorted.map(([key, reason]) => ({ key, reason })) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new PushError(`${root} does not exist: give --from your MEDIA_ROOT folder.`);
    throw error;
  }
}

export async function planMediaPush(context: MediaContext): Promise<MediaPlan> {
  const { keys, skipped } = await uploads(context.root);
  const media = context.environment.media!;
  const refused: MediaPlan['refused'] = [];
  const valid: Omit<MediaFile, 'status'>[] = [];
  const videoLimit = createVideoLimitCheck(media, context.video);
  for (const key of keys) {
    const bytes = await readBytes(path.join(context.root, key));
    const verdict = await validateMedia(key, bytes, { allowedTypes: media.allowedTypes, maxBytes: media.maxBytes });
    const overLimit = verdict.ok && verdict.mime.startsWith('video/') ? await videoLimit(path.join(context.root, key), bytes.length) : null;
    if (overLimit) refused.push({ key, reason: overLimit });
    else if (verdict.ok) valid.push({ key, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), mime: verdict.mime });
    else refused.push({ key, reason: verdict.reason });
  }
  try {
    const files = await compareWithBucket(context.remote, valid);
    const count = (status: MediaFile['status']) => files.filter((file) => file.status === status).length;
    return { target: context.remote.label, files, refused, skipped, counts: { new: count('new'), unchanged: count('unchanged'), conflict: count('conflict'), refused: refused.length } };
  } catch (error) {
    throw describeRemoteError(error, context.environment);
  }
}

/**
 * Each page of the bucket's listing is compared as it arrives and then dropped: a bucket of millions of objects costs
 * the memory of two pages (one compared, the next arriving) and of the local files, never a map of the whole bucket. A HEAD (for the SHA-256 Porter
 * stored) only for objects of the same size: anything else differs already.
 */
async function compareWithBucket(remote: S3Remote, valid: Omit<MediaFile, 'status'>[]): Promise<MediaFile[]> {
  const byKey = new Map(valid.map((file) => [file.key, file]));
  const status = new Map<string, MediaFile['status']>();
  const pages = remote.listPages();
  // The next page is already asked for while this one's HEADs run.
  let next = pages.next();
  for (;;) {
    const page = await next;
    if (page.done) break;
    next = pages.next();
    const there = [...page.value].flatMap(([key, object]) => {
      const file = byKey.get(key);
      return file ? [{ file, object }] : [];
    });
    try {
      await mapWithConcurrency(there, 16, async ({ file, object }) => {
        const same = object.size === file.size && (await remote.storedSha256(file.key)) === file.sha256;
        status.set(file.key, same ? 'unchanged' : 'conflict');
      });
    } catch (error) {
      // The page asked for ahead is not waited for; its own failure would only repeat this one.
      next.catch(() => undefined);
      throw error;
    }
  }
  return valid.map((file) => ({ ...file, status: status.get(file.key) ?? 'new' }));
}

export interface MediaPushResult {
  sent: string[];
  /** Remote files kept as they were: other content at listing time, or created by another writer since. */
  keptRemote: string[];
  /** How a new file was kept from replacing one created since the listing, when that check is weaker; null when the store refuses such a write itself. */
  check: string | null;
  bytesSent: number;
  requests: number;
}

/**
 * AWS S3 and Cloudflare R2 refuse a PUT with If-None-Match: * over an existing object. Other stores may ignore the
 * header, so for them each new file is also checked with a HEAD just before its PUT (a narrower window, not none).
 */
export function honoursConditionalWrites(environment: S3Environment): boolean {
  if (environment.media?.conditionalWrites !== undefined) return environment.media.conditionalWrites;
  if (!environment.endpoint) return true;
  return new URL(environment.endpoint).hostname.endsWith('.r2.cloudflarestorage.com');
}

export async function runMediaPush(context: MediaContext, plan: MediaPlan, options: { overwrite?: boolean; signal?: AbortSignal; onProgress?: (progress: TransferProgress) => void } = {}): Promise<MediaPushResult> {
  const chosen = plan.files.filter((file) => file.status === 'new' || (file.status === 'conflict' && options.overwrite));
  const byKey = new Map(chosen.map((file) => [file.key, file]));
  const storeRefuses = honoursConditionalWrites(context.environment);
  // Files another writer created between the listing and their PUT: kept, and not counted as sent.
  const appeared = new Set<string>();
  try {
    const outcome = await transfer(
      chosen.map((file) => ({ key: file.key, sha256: file.sha256, size: file.size, hashed: true })),
      {
        concurrency: 16,
        index: {},
        signal: options.signal,
        onProgress: options.onProgress,
        headers: (item) => ({ contentType: byKey.get(item.key)!.mime, cacheControl: MEDIA_CACHE_CONTROL }),
        send: async (item, headers) => {
          const body = await readBytes(path.join(context.root, item.key), item.size);
          const isNew = byKey.get(item.key)!.status === 'new';
          if (isNew && !storeRefuses && (await context.remote.exists(item.key))) {
            appeared.add(item.key);
            return { size: 0, etag: '' };
          }
          try {
            return await context.remote.put(item.key, body, { ...headers, sha256: item.sha256, onlyIfAbsent: isNew });
          } catch (error) {
            if (!isPreconditionFailed(error)) throw error;
            appeared.add(item.key);
            return { size: 0, etag: '' };
          }
        },
      },
    );
    const keptRemote = [...(options.overwrite ? [] : plan.files.filter((file) => file.status === 'conflict').map((file) => file.key)), ...[...appeared].sort()];
    const sent = outcome.sent.filter((key) => !appeared.has(key));
    const bytesSent = sent.reduce((sum, key) => sum + byKey.get(key)!.size, 0);
    const newCount = chosen.filter((file) => file.status === 'new').length;
    const check =
      storeRefuses || newCount === 0
        ? null
        : `${context.environment.media!.bucket} may not refuse a write over an existing file, so each new file was checked just before sending it: a file uploaded in that instant could still be replaced.`;
    return { sent, keptRemote, check, bytesSent, requests: context.counter.requests };
  } catch (error) {
    throw describeRemoteError(error, context.environment);
  }
}
