import { gzipSync, brotliCompressSync } from 'node:zlib';
import { symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../../electron/core/preview/preview-server';
import { makeTempDir, writeTree } from '../support/temp-project';

let preview: PreviewServer;
let root: string;
const css = 'body { color: red; }\n'.repeat(20);
const outside = 'root:x:0:0:root:/root:/bin/bash\n';

beforeAll(async () => {
  root = makeTempDir('porter-preview-');
  writeTree(root, {
    'css/site.css': css,
    'css/site.0123456789ab.css': css,
    'css/site.0123456789ab.css.br': brotliCompressSync(css),
    'css/site.0123456789ab.css.gz': gzipSync(css),
    'staticfiles.json': JSON.stringify({ paths: { 'css/site.css': 'css/site.0123456789ab.css' }, version: '1.1' }),
    '.porter/index.json': '{}',
  });
  writeTree(path.dirname(root), { 'secret.txt': 'outside', 'passwd': outside });
  // The attack: siblings and files that are links out of the folder (or into Porter's own records).
  symlinkSync(path.join(path.dirname(root), 'passwd'), path.join(root, 'css/site.css.gz'));
  symlinkSync(path.join(path.dirname(root), 'passwd'), path.join(root, 'css/site.css.br'));
  symlinkSync(path.join(path.dirname(root), 'passwd'), path.join(root, 'css/passwd.css'));
  symlinkSync(path.join(root, '.porter/index.json'), path.join(root, 'css/records.css'));
  preview = await startPreview({ root, urlPrefix: '/static/' });
});
afterAll(() => preview.close());

/** Raw HTTP, so the test sees exactly the bytes and headers sent (fetch would decode them). */
function get(pathname: string, headers: Record<string, string | undefined> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
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

  it('never sends a .br or .gz sibling, nor a file, that is a link out of the folder', async () => {
    for (const encoding of ['br', 'gzip', 'gzip, br']) {
      const answer = await get('/static/css/site.css', { 'Accept-Encoding': encoding });
      expect(answer.status, encoding).toBe(200);
      expect(answer.headers['content-encoding'], encoding).toBeUndefined();
      expect(answer.body.toString(), encoding).toBe(css);
    }
    expect((await get('/static/css/passwd.css')).status).toBe(404);
    expect((await get('/static/css/records.css')).status).toBe(404);
  });

  it('refuses a foreign Host header, as a DNS-rebinding page would send', async () => {
    const port = new URL(preview.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, '127.0.0.1:1']) {
      const answer = await get('/static/css/site.css', { Host: host });
      expect(answer.status, host).toBe(403);
      expect(answer.body.toString()).not.toContain('color');
    }
    expect((await get('/static/css/site.css', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers Range requests from the plain file, whatever the browser accepts', async () => {
    const first = await get('/static/css/site.0123456789ab.css', { Range: 'bytes=0-9', 'Accept-Encoding': 'gzip, br' });
    expect(first.status).toBe(206);
    expect(first.headers).toMatchObject({ 'content-range': `bytes 0-9/${css.length}`, 'content-length': '10', 'accept-ranges': 'bytes' });
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.body.toString()).toBe(css.slice(0, 10));
    const tail = await get('/static/css/site.css', { Range: 'bytes=-5' });
    expect(tail.headers['content-range']).toBe(`bytes ${css.length - 5}-${css.length - 1}/${css.length}`);
    expect(tail.body.toString()).toBe(css.slice(-5));
    const open = await get('/static/css/site.css', { Range: `bytes=${css.length - 3}-` });
    expect(open.body.toString()).toBe(css.slice(-3));
    const beyond = await get('/static/css/site.css', { Range: `bytes=${css.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${css.length}`);
    const plain = await get('/static/css/site.css');
    const current = await get('/static/css/site.css', { Range: 'bytes=0-3', 'If-Range': plain.headers.etag });
    expect(current.status).toBe(206);
    const stale = await get('/static/css/site.css', { Range: 'bytes=0-3', 'If-Range': '"an-older-version"' });
    expect(stale.status).toBe(200);
    expect(stale.body.toString()).toBe(css);
    expect((await get('/static/css/site.css', { Range: 'bytes=0-1,4-5' })).status).toBe(200);
  });

  it('reads staticfiles.json again once it changes', async () => {
    expect((await get('/static/css/site.0123456789ab.css')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    writeFileSync(path.join(root, 'staticfiles.json'), JSON.stringify({ paths: { 'css/site.css': 'css/site.css' }, version: '1.1' }));
    expect((await get('/static/css/site.0123456789ab.css')).headers['cache-control']).toBe('public, max-age=300');
  });
});
