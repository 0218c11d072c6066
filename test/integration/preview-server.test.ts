import { gzipSync, brotliCompressSync } from 'node:zlib';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../electron/core/preview/preview-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let preview: PreviewServer;
const css = 'body { color: red; }\n'.repeat(20);

beforeAll(async () => {
  const root = makeTempDir('porter-preview-');
  writeTree(root, {
    'css/site.css': css,
    'css/site.0123456789ab.css': css,
    'css/site.0123456789ab.css.br': brotliCompressSync(css),
    'css/site.0123456789ab.css.gz': gzipSync(css),
    'staticfiles.json': JSON.stringify({ paths: { 'css/site.css': 'css/site.0123456789ab.css' }, version: '1.1' }),
    '.porter/index.json': '{}',
  });
  writeTree(path.dirname(root), { 'secret.txt': 'outside' });
  preview = await startPreview({ root, urlPrefix: '/static/' });
});
afterAll(() => preview.close());

/** Raw HTTP, so the test sees exactly the bytes and headers sent (fetch would decode them). */
function get(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  const url = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: pathname, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('porter preview', () => {
  it('sends the headers production would, and the brotli or gzip sibling the browser accepts', async () => {
    const hashed = await get('/static/css/site.0123456789ab.css', { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers).toMatchObject({ 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable', 'content-encoding': 'br', vary: 'Accept-Encoding' });
    expect(hashed.body).toEqual(brotliCompressSync(css));
    const gzip = await get('/static/css/site.0123456789ab.css', { 'Accept-Encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await get('/static/css/site.css');
    expect(plain.headers['cache-control']).toBe('public, max-age=300');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(css);
    const again = await get('/static/css/site.css', { 'If-None-Match': plain.headers.etag! });
    expect(again.status).toBe(304);
    const head = await get('/static/css/site.css', {}, 'HEAD');
    expect(head.headers['content-length']).toBe(String(css.length));
    expect(head.body.length).toBe(0);
  });

  it('serves nothing outside the folder, nor Porter’s own records', async () => {
    for (const pathname of ['/static/../secret.txt', '/static/%2e%2e/secret.txt', '/static/..%2Fsecret.txt', '/static/.porter/index.json', '/static/', '/other/css/site.css', '/static/css/missing.css']) {
      expect((await get(pathname)).status, pathname).toBe(404);
    }
    expect((await get('/static/css/site.css', {}, 'POST')).status).toBe(405);
  });
});
