// The body of an import in `porter serve`: the browser cannot hand over paths, so dropped files arrive as base64
// inside the operation's JSON. Buffering that (the text, its parse, the decoded bytes) took 2.6 GB for four
// 240 MB uploads, so the body is read as a stream instead: each `"contentBase64": "…"` value is decoded straight
// into a temporary file and replaced by `"path": "<that file>"`, and only the small rest is parsed as JSON.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isPathInside } from '../core/path-inside';
import { BodyError, maxBodyBytes } from './json-body';

export interface UploadLimits {
  /** File bytes one import may carry. */
  perRequestBytes: number;
  /** File bytes all imports in progress may hold on disk at once. */
  perServerBytes: number;
}

export const defaultUploadLimits: UploadLimits = { perRequestBytes: 1024 ** 3, perServerBytes: 2 * 1024 ** 3 };

/**
 * One server's folder for the files its imports receive, and the bytes they hold there, shared by every request.
 * The host imports by path only files inside it, so a browser still cannot name any other file on the machine.
 */
export class UploadSpace {
  private held = 0;
  private constructor(
    readonly root: string,
    readonly limits: UploadLimits,
  ) {}

  static async create(limits: UploadLimits): Promise<UploadSpace> {
    return new UploadSpace(await realpath(await mkdtemp(path.join(os.tmpdir(), 'porter-serve-uploads-'))), limits);
  }

  holds(file: string): boolean {
    const resolved = path.resolve(file);
    return resolved !== this.root && isPathInside(this.root, resolved);
  }

  dispose(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }

  take(bytes: number): boolean {
    if (this.held + bytes > this.limits.perServerBytes) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }
}

export interface UploadBody {
  input: unknown;
  /** Removes the temporary files and gives their bytes back to the budget; call it once the import is done. */
  cleanup(): Promise<void>;
}

const sizeText = (bytes: number): string => (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0 ? `${bytes / 1024 ** 3} GB` : `${Math.round(bytes / 1024 ** 2)} MB`);

const overRequest = (limits: UploadLimits): BodyError =>
  new BodyError(413, `These files are more than ${sizeText(limits.perRequestBytes)} together, the most Porter takes in one import.`, `Add them in smaller batches, each under ${sizeText(limits.perRequestBytes)}.`);
const overServer = (limits: UploadLimits): BodyError =>
  new BodyError(413, `Porter is already receiving other files (up to ${sizeText(limits.perServerBytes)} at once).`, 'Wait for the other imports to finish, then add these files again.');

const quote = 0x22;
const backslash = 0x5c;
const colon = 0x3a;
/** A key is remembered only while short; `contentBase64` is all it looks for. */
const longestKey = 64;

/**
 * Reads an import's JSON body, spilling file contents to disk. Over a limit, the rest of the body is still read
 * and dropped (not kept), so the browser gets the 413 answer rather than a reset connection.
 */
export async function readUploadBody(request: IncomingMessage, space: UploadSpace): Promise<UploadBody> {
  const { limits } = space;
  const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    request.resume();
    throw new BodyError(415, 'Requests must be sent as application/json.');
  }
  // base64 is 4 bytes per 3; the rest of the JSON (names, settings) is small.
  if (Number(request.headers['content-length']) > Math.ceil((limits.perRequestBytes * 4) / 3) + maxBodyBytes) {
    request.resume();
    throw overRequest(limits);
  }

  let dir: string | undefined;
  let fileBytes = 0;
  let heldBytes = 0;
  const cleanup = async (): Promise<void> => {
    space.release(heldBytes);
    heldBytes = 0;
    if (dir) await rm(dir, { recursive: true, force: true });
  };

  /** The body without the file contents, as bytes, so a character split between chunks stays whole. */
  const skeleton: Buffer[] = [];
  let skeletonBytes = 0;
  const keep = (bytes: Buffer): void => {
    skeletonBytes += bytes.length;
    if (skeletonBytes > maxBodyBytes) throw new BodyError(413, `The request is over ${Math.round(maxBodyBytes / 1024 / 1024)} MB besides its files; send fewer files at once.`);
    skeleton.push(bytes);
  };

  let inString = false;
  let escaped = false;
  /** The bytes of the string being read, while it is short enough to be a key. */
  let stringText: number[] | undefined;
  let lastString: string | undefined;
  /** Where in the skeleton the last string began, so `"contentBase64"` can be swapped for `"path"`. */
  let stringOffset = 0;
  let valueIsUpload = false;
  let upload: { file: WriteStream; carry: string } | undefined;
  let refused: BodyError | undefined;

  const startUpload = async (): Promise<void> => {
    dir ??= await mkdtemp(path.join(space.root, 'import-'));
    const file = path.join(dir, String(skeletonBytes));
    keep(Buffer.from(JSON.stringify(file)));
    upload = { file: createWriteStream(file, { flags: 'wx' }), carry: '' };
  };
  const writeUpload = async (text: string): Promise<void> => {
    const current = upload!;
    const whole = current.carry + text;
    const usable = whole.length - (whole.length % 4);
    current.carry = whole.slice(usable);
    const bytes = Buffer.from(whole.slice(0, usable), 'base64');
    fileBytes += bytes.length;
    if (fileBytes > limits.perRequestBytes) throw overRequest(limits);
    if (!space.take(bytes.length)) throw overServer(limits);
    heldBytes += bytes.length;
    if (!current.file.write(bytes)) await new Promise<void>((resolve) => current.file.once('drain', () => resolve()));
  };
  const finishUpload = async (): Promise<void> => {
    const current = upload!;
    if (current.carry) await writeUpload(current.carry.padEnd(Math.ceil(current.carry.length / 4) * 4, '='));
    upload = undefined;
    await new Promise<void>((resolve, reject) => current.file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  };

  const scan = async (chunk: Buffer): Promise<void> => {
    let index = 0;
    /** The start of this chunk's bytes not yet kept in the skeleton. */
    let copyFrom = 0;
    const flush = (to: number): void => {
      if (to > copyFrom) keep(Buffer.from(chunk.subarray(copyFrom, to)));
      copyFrom = to;
    };
    while (index < chunk.length) {
      if (upload) {
        // The fast path for megabytes of base64: find where the value ends rather than walking each byte.
        const end = chunk.indexOf(quote, index);
        const stop = end === -1 ? chunk.length : end;
        const slash = chunk.indexOf(backslash, index);
        if (slash !== -1 && slash < stop) throw new BodyError(400, 'A file in the request is not valid base64.');
        await writeUpload(chunk.toString('latin1', index, stop));
        if (end === -1) return;
        await finishUpload();
        inString = false;
        index = copyFrom = end + 1;
        continue;
      }
      const byte = chunk[index]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === backslash) escaped = true;
        else if (byte === quote) {
          inString = false;
          lastString = stringText ? Buffer.from(stringText).toString('utf8') : undefined;
        }
        if (inString && stringText) {
          stringText.push(byte);
          if (stringText.length > longestKey) stringText = undefined;
        }
      } else if (byte === quote && valueIsUpload) {
        // The value of a `contentBase64` key: its bytes go to a file, and the file's path into the skeleton.
        flush(index);
        valueIsUpload = false;
        inString = true;
        await startUpload();
        index = copyFrom = index + 1;
        continue;
      } else if (byte === quote) {
        inString = true;
        stringText = [];
        stringOffset = skeletonBytes + index - copyFrom;
      } else if (byte === colon && lastString === 'contentBase64') {
        // In valid JSON a `:` only ever follows a key, so this was the key `"contentBase64"`.
        flush(index);
        const before = Buffer.concat(skeleton).subarray(0, stringOffset);
        skeleton.length = 0;
        skeletonBytes = 0;
        keep(before);
        keep(Buffer.from('"path":'));
        valueIsUpload = true;
        lastString = undefined;
        index = copyFrom = index + 1;
        continue;
      } else if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) {
        valueIsUpload = false;
        lastString = undefined;
      }
      index += 1;
    }
    flush(chunk.length);
  };

  try {
    for await (const chunk of request) {
      if (refused) continue;
      try {
        await scan(chunk as Buffer);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        refused = error;
        upload?.file.destroy();
        upload = undefined;
      }
    }
    if (refused) throw refused;
    if (upload || inString) throw new BodyError(400, 'The request body is not valid JSON.');
    const text = Buffer.concat(skeleton).toString('utf8');
    let input: unknown;
    try {
      input = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    } catch {
      throw new BodyError(400, 'The request body is not valid JSON.');
    }
    return { input, cleanup };
  } catch (error) {
    upload?.file.destroy();
    await cleanup();
    throw error;
  }
}
