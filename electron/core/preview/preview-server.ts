// `porter preview`: serves a folder environment on 127.0.0.1 with the headers production would send
// (Content-Type and Cache-Control as push sets them, ETag and 304, and the .br/.gz sibling WhiteNoise-style
// when the browser accepts it), so a designer can try the site's static files before any cloud exists.
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream';
import { isAllowedHost } from '../loopback-host';
import { isPathInside } from '../path-inside';
import { objectHeaders, type HeaderRules } from '../push/object-headers';
import { parseByteRange } from './byte-range';
import { createContentTags, createHashedNames, type OpenFile } from './preview-caches';

export interface PreviewOptions {
  root: string;
  /** The URL path the files live under, like STATIC_URL. */
  urlPrefix?: string;
  port?: number;
  rules?: HeaderRules;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

/** The variant to send: brotli, then gzip, when the browser takes it and the sibling exists. */
function encodings(acceptEncoding: string | undefined): { suffix: string; encoding: string }[] {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  const options: { suffix: string; encoding: string }[] = [];
  if (/\bbr\b/.test(accepted)) options.push({ suffix: '.br', encoding: 'br' });
  if (/\bgzip\b/.test(accepted)) options.push({ suffix: '.gz', encoding: 'gzip' });
  return options;
}

/** Not followed at the last step, so a file swapped for a link after its real path was checked is refused. */
const openFlags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * The regular file `candidate` really is, opened, when its real path stays inside `root` and passes no dot-named
 * folder or file (Porter's own `.porter` records); undefined otherwise. Every file sent, sibling or not, comes
 * from here, so a link to anywhere else on the machine is never served.
 */
async function openContained(root: string, candidate: string): Promise<OpenFile | undefined> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return undefined;
  }
  if (real === root || !isPathInside(root, real) || path.relative(root, real).split(path.sep).some((part) => part.startsWith('.'))) return undefined;
  const handle = await open(real, openFlags).catch(() => undefined);
  if (!handle) return undefined;
  const info = await handle.stat().catch(() => undefined);
  if (!info?.isFile()) {
    await handle.close();
    return undefined;
  }
  return { handle, real, info };
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const root = await realpath(options.root);
  const prefix = '/' + (options.urlPrefix ?? 'static/').replace(/^\/+|\/+$/g, '') + '/';
  const hashedNames = createHashedNames(path.join(root, 'staticfiles.json'));
  const contentTag = createContentTags();
  let port = 0;
  const server = http.createServer((request, response) => {
    void respond(request, response).catch(() => {
      if (response.headersSent) return response.destroy();
      response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Porter preview could not read this file.\n');
    });
  });

  const sendText = (response: http.ServerResponse, status: number, text: string): void => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`${text}\n`);
  };
  const notFound = (response: http.ServerResponse, reason: string): void => sendText(response, 404, `Not found: ${reason}`);

  async function respond(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    // As `porter serve` does: a DNS-rebinding page sends its own host name, and must not read the files.
    if (!isAllowedHost(request.headers.host, port)) return sendText(response, 403, 'Porter preview only answers requests addressed to 127.0.0.1 or localhost.');
    const url = new URL(request.url ?? '/', 'http://preview');
    if (!url.pathname.startsWith(prefix)) return notFound(response, `static files are under ${prefix}`);
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return notFound(response, 'the path is not valid');
    }
    const file = path.resolve(root, key);
    if (!key || key.includes('\0') || !isPathInside(root, file) || key.split('/').some((part) => part.startsWith('.'))) return notFound(response, key || prefix);
    const plain = await openContained(root, file);
    if (!plain) return notFound(response, key);

    let chosen = plain;
    const opened = [plain];
    try {
      const headers = objectHeaders(key, (await hashedNames()).has(key), options.rules);
      const sent: Record<string, string> = { 'Content-Type': headers.contentType, 'Cache-Control': headers.cacheControl, Vary: 'Accept-Encoding', 'Accept-Ranges': 'bytes' };
      // A Range names bytes of the file itself: a player seeking in a video, a download resuming. So a ranged
      // request is answered from the plain file, whatever the browser accepts: byte offsets into a .br or .gz
      // sibling mean nothing to a decoder, and a resumed download would mix representations if the chosen
      // sibling changed between requests. If-Range that no longer matches asks for the whole, current file.
      const ifRange = request.headers['if-range'];
      let ranged = request.headers.range !== undefined;
      if (ranged && ifRange !== undefined && ifRange !== (await contentTag(plain))) ranged = false;
      if (!ranged) {
        for (const { suffix, encoding } of encodings(request.headers['accept-encoding'])) {
          const sibling = await openContained(root, plain.real + suffix);
          if (!sibling) continue;
          opened.push(sibling);
          chosen = sibling;
          sent['Content-Encoding'] = encoding;
          break;
        }
      }
      const etag = await contentTag(chosen);
      sent.ETag = etag;
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, sent);
        response.end();
        return;
      }
      const size = chosen.info.size;
      const range = ranged ? parseByteRange(request.headers.range, size) : ({ kind: 'whole' } as const);
      if (range.kind === 'unsatisfiable') {
        response.writeHead(416, { ...sent, 'Content-Range': `bytes */${size}`, 'Content-Type': 'text/plain; charset=utf-8' });
        response.end(`The range ${request.headers.range} is outside this file of ${size} bytes.\n`);
        return;
      }
      const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, size - 1];
      if (range.kind === 'part') sent['Content-Range'] = `bytes ${start}-${end}/${size}`;
      sent['Content-Length'] = String(size === 0 ? 0 : end - start + 1);
      response.writeHead(range.kind === 'part' ? 206 : 200, sent);
      if (request.method === 'HEAD' || size === 0) {
        response.end();
        return;
      }
      // Streamed in small chunks with back-pressure: a hundred clients of a large video hold kilobytes each, not the file.
      opened.splice(opened.indexOf(chosen), 1);
      pipeline(chosen.handle.createReadStream({ start, end }), response, () => undefined);
    } finally {
      await Promise.all(opened.map((each) => each.handle.close()));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
