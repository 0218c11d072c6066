import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BodyError } from '../../electron/serve/json-body';
import { readUploadBody, UploadSpace } from '../../electron/serve/upload-body';

const json = { 'Content-Type': 'application/json' };

/** A request whose body arrives in pieces of `size` bytes, so values and characters split across chunks. */
function requestOf(body: string, size = 7, headers: Record<string, string> = json): IncomingMessage {
  const bytes = Buffer.from(body);
  const chunks: Buffer[] = [];
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Object.assign(Readable.from(chunks), { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) }) as unknown as IncomingMessage;
}

const spaces: UploadSpace[] = [];
const budget = (perRequestBytes = 1024 * 1024, perServerBytes = 4 * 1024 * 1024): Promise<UploadSpace> =>
  UploadSpace.create({ perRequestBytes, perServerBytes }).then((space) => (spaces.push(space), space));
afterAll(() => Promise.all(spaces.map((space) => space.dispose())));

interface Parsed {
  root: string;
  files: { relativePath: string; path?: string; contentBase64?: string }[];
}

describe('readUploadBody', () => {
  it('writes each contentBase64 value to a file and hands over its path, keeping the rest of the JSON', async () => {
    const photo = Buffer.from(Array.from({ length: 5000 }, (_, index) => (index * 7) % 256));
    const tiny = Buffer.from('ab');
    const input = { root: '/p', files: [{ relativePath: 'dir/ph"oto é.png', contentBase64: photo.toString('base64') }, { contentBase64: tiny.toString('base64'), relativePath: 'a.txt' }, { relativePath: 'empty', contentBase64: '' }] };
    for (const size of [1, 3, 7, 4096]) {
      const body = await readUploadBody(requestOf(JSON.stringify(input, null, size === 3 ? 2 : undefined), size), await budget());
      const parsed = body.input as Parsed;
      expect(parsed.root).toBe('/p');
      expect(parsed.files.map((file) => file.relativePath)).toEqual(['dir/ph"oto é.png', 'a.txt', 'empty']);
      expect(parsed.files.every((file) => file.contentBase64 === undefined)).toBe(true);
      expect(readFileSync(parsed.files[0]!.path!)).toEqual(photo);
      expect(readFileSync(parsed.files[1]!.path!)).toEqual(tiny);
      expect(readFileSync(parsed.files[2]!.path!).length).toBe(0);
      await body.cleanup();
      expect(existsSync(path.dirname(parsed.files[0]!.path!))).toBe(false);
    }
  });

  it('refuses an import over the per-request limit with what the limit is and what to do', async () => {
    const body = JSON.stringify({ files: [{ relativePath: 'big.bin', contentBase64: Buffer.alloc(3 * 1024 * 1024).toString('base64') }] });
    const refused = await readUploadBody(requestOf(body, 64 * 1024), await budget(2 * 1024 * 1024)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BodyError);
    expect(refused).toMatchObject({ status: 413, message: expect.stringContaining('2 MB') as string, hint: expect.stringContaining('smaller batches') as string });
    const declared = await readUploadBody(requestOf(body, 64 * 1024, { ...json, 'Content-Length': String(body.length) }), await budget(1024 * 1024)).catch((error: unknown) => error);
    expect(declared).toMatchObject({ status: 413 });
  });

  it('refuses an import while others already hold the per-server total, and takes it once they are done', async () => {
    const shared = await budget(3 * 1024 * 1024, 3 * 1024 * 1024);
    const first = await readUploadBody(requestOf(JSON.stringify({ files: [{ relativePath: 'a', contentBase64: Buffer.alloc(2 * 1024 * 1024).toString('base64') }] }), 64 * 1024), shared);
    const second = JSON.stringify({ files: [{ relativePath: 'b', contentBase64: Buffer.alloc(2 * 1024 * 1024).toString('base64') }] });
    const refused = await readUploadBody(requestOf(second, 64 * 1024), shared).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 413, message: expect.stringContaining('already receiving') as string, hint: expect.stringContaining('Wait for the other imports') as string });
    await first.cleanup();
    const taken = await readUploadBody(requestOf(second, 64 * 1024), shared);
    expect(readFileSync((taken.input as Parsed).files[0]!.path!).length).toBe(2 * 1024 * 1024);
    await taken.cleanup();
  });

  it('reads a refused body to its end, so the browser gets the answer and not a reset', async () => {
    const stream = new PassThrough();
    const request = Object.assign(stream, { headers: { 'content-type': 'application/json' } }) as unknown as IncomingMessage;
    const reading = readUploadBody(request, await budget(1024));
    stream.write(`{"files":[{"relativePath":"a","contentBase64":"${'A'.repeat(4096)}`);
    stream.end(`${'A'.repeat(4096)}"}]}`);
    await expect(reading).rejects.toMatchObject({ status: 413 });
    expect(stream.readableEnded).toBe(true);
  });

  it('answers 400 for a broken body and 415 for one that is not JSON', async () => {
    await expect(readUploadBody(requestOf('{"files":[{"contentBase64":"QU\\/J"}]}'), await budget())).rejects.toMatchObject({ status: 400 });
    await expect(readUploadBody(requestOf('{"files":[{"contentBase64":"QUJD'), await budget())).rejects.toMatchObject({ status: 400 });
    await expect(readUploadBody(requestOf('{"files": [}'), await budget())).rejects.toMatchObject({ status: 400 });
    await expect(readUploadBody(requestOf('{}', 7, { 'Content-Type': 'text/plain' }), await budget())).rejects.toMatchObject({ status: 415 });
  });
});

describe('UploadSpace', () => {
  it('holds only files inside its own folder, so a browser still names no other path', async () => {
    const space = await budget();
    expect(space.holds(path.join(space.root, 'import-1/0'))).toBe(true);
    expect(space.holds(space.root)).toBe(false);
    expect(space.holds(path.join(space.root, '../etc/passwd'))).toBe(false);
    expect(space.holds('/etc/passwd')).toBe(false);
  });
});
