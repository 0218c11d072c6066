// `porter preview`: serves a folder environment on 127.0.0.1 with the headers production would send
// (Content-Type and Cache-Control as push sets them, ETag and 304, and the .br/.gz sibling WhiteNoise-style
// when the browser accepts it), so a designer can try the site's static files before any cloud exists.
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { objectHeaders, type HeaderRules } from '../push/object-headers';

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

async function hashedNames(root: string): Promise<Set<string>> {
  try {
    const manifest = JSON.parse(await readFile(path.join(root, 'staticfiles.json'), 'utf8')) as { paths?: Record<string, string> };
    return new Set(Object.values(manifest.paths ?? {}));
  } catch {
    return new Set();
  }
}

/** The variant to send: brotli, then gzip, when the browser takes it and the sibling exists. */
function encodings(acceptEncoding: string | undefined): { suffix: string; encoding: string }[] {
  const accepted = (acceptEncoding ?? '').toLowerCase();
  const options: { suffix: string; encoding: string }[] = [];
  if (/\bbr\b/.test(accepted)) options.push({ suffix: '.br', encoding: 'br' });
  if (/\bgzip\b/.test(accepted)) options.push({ suffix: '.gz', encoding: 'gzip' });
  return options;
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const root = await realpath(options.root);
  const prefix = '/' + (options.urlPrefix ?? 'static/').replace(/^\/+|\/+$/g, '') + '/';
  const server = http.createServer((request, response) => {
    void respond(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Porter preview could not read this file.\n');
    });
  });

  const notFound = (response: http.ServerResponse, reason: string): void => {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`Not found: ${reason}\n`);
  };

  async function respond(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://preview');
    if (!url.pathname.startsWith(prefix)) return notFound(response, `static files are under ${prefix}`);
    let key: string;
    try {
      key = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      return notFound(response, 'the path is not valid');
    }
    const file = path.resolve(root, key);
    if (!key || key.includes('\0') || !file.startsWith(root + path.sep) || key.split('/').some((part) => part.startsWith('.'))) return notFound(response, key || prefix);
    let real: string;
    try {
      real = await realpath(file);
      if (!real.startsWith(root + path.sep) || !(await stat(real)).isFile()) return notFound(response, key);
    } catch {
      return notFound(response, key);
    }
    const headers = objectHeaders(key, (await hashedNames(root)).has(key), options.rules);
    let body = await readFile(real);
    const sent: Record<string, string> = { 'Content-Type': headers.contentType, 'Cache-Control': headers.cacheControl, Vary: 'Accept-Encoding' };
    for (const { suffix, encoding } of encodings(request.headers['accept-encoding'])) {
      try {
        body = await readFile(real + suffix);
        sent['Content-Encoding'] = encoding;
        break;
      } catch {
        // No such sibling: try the next encoding, else send the file as it is.
      }
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    sent.ETag = etag;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, sent);
      response.end();
      return;
    }
    sent['Content-Length'] = String(body.length);
    response.writeHead(200, sent);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
