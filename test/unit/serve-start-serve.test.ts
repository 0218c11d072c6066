import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PorterEvent } from '../../electron/contract/porter';
import { startServe, type RunningServe } from '../../electron/serve/start-serve';

let workspace: string;
let server: RunningServe;
let token: string;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch, which won't send a forged Host header. */
function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    // A body the server refuses early (413) may still be on its way out when the answer has arrived and the
    // request is done; the write that then fails (EPIPE) is no longer the request's, and the answer is what counts.
    req.on('socket', (socket) => socket.on('error', () => {}));
    req.end(options.body);
  });
}

function callOp(name: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send({
    method: 'POST',
    path: `/api/op/${name}`,
    headers: { 'Content-Type': 'application/json', 'X-Porter-Token': token, ...headers },
    body: JSON.stringify(input),
  });
}

/** Opens /api/events and hands back each event as it arrives. */
function openEvents(onEvent: (event: PorterEvent) => void): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${token}` }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) onEvent(JSON.parse(data.slice(6)) as PorterEvent);
        }
      });
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeEach(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'porter-serve-'));
  vi.stubEnv('PORTER_CACHE_DIR', path.join(workspace, 'cache'));
  mkdirSync(path.join(workspace, 'renderer/assets'), { recursive: true });
  writeFileSync(path.join(workspace, 'renderer/index.html'), '<!doctype html><title>Porter</title>');
  writeFileSync(path.join(workspace, 'renderer/assets/app.js'), 'console.log(1);');
  writeFileSync(path.join(workspace, 'secret.txt'), 'not for the browser');
  server = await startServe({ port: 0, configDir: path.join(workspace, 'config'), rendererDir: path.join(workspace, 'renderer') });
  token = new URL(server.url).searchParams.get('token')!;
});

afterEach(async () => {
  await server.close();
  vi.unstubAllEnvs();
  rmSync(workspace, { recursive: true, force: true });
});

describe('porter serve', () => {
  it('listens on 127.0.0.1 with a long random token in the address', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('serves the renderer with security headers', async () => {
    const page = await send({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Porter</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'; script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await send({ path: '/assets/app.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('keeps requests inside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/missing.js']) {
      const reply = await send({ path: attempt });
      expect(reply.status, attempt).toBe(404);
      expect(reply.body).not.toContain('not for the browser');
    }
  });

  it('answers operations with the token, and refuses them without it', async () => {
    const answered = await callOp('getHostInfo', {});
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ ok: true, value: { host: 'serve', canPickFolder: false, version: expect.any(String) } });

    const withoutToken = await send({ method: 'POST', path: '/api/op/getHostInfo', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(withoutToken.status).toBe(403);
    expect(JSON.parse(withoutToken.body)).toMatchObject({ ok: false, error: { kind: 'forbidden', hint: expect.stringContaining('Porter is running at') } });
    expect((await callOp('getHostInfo', {}, { 'X-Porter-Token': `${token}x` })).status).toBe(403);
    expect((await send({ path: '/api/events' })).status).toBe(403);
    expect((await send({ path: '/api/events?token=wrong' })).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) on every route, even with the token', async () => {
    const forged = { Host: `attacker.example:${server.port}` };
    expect((await send({ path: '/', headers: forged })).status).toBe(403);
    expect((await callOp('getHostInfo', {}, forged)).status).toBe(403);
    expect((await send({ path: '/', headers: { Host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('refuses cross-site requests by Origin, even with the token', async () => {
    expect((await callOp('getHostInfo', {}, { Origin: 'https://attacker.example' })).status).toBe(403);
    expect((await callOp('getHostInfo', {}, { Origin: 'null' })).status).toBe(403);
    expect((await callOp('getHostInfo', {}, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('only takes JSON posts of a sane size on operation routes', async () => {
    const form = await send({ method: 'POST', path: '/api/op/getHostInfo', headers: { 'Content-Type': 'text/plain', 'X-Porter-Token': token }, body: '{}' });
    expect(form.status).toBe(415);
    expect((await send({ path: '/api/op/getHostInfo', headers: { 'X-Porter-Token': token } })).status).toBe(405);
    const notJson = await send({ method: 'POST', path: '/api/op/getHostInfo', headers: { 'Content-Type': 'application/json', 'X-Porter-Token': token }, body: '{' });
    expect(notJson.status).toBe(400);
    const huge = await callOp('openProject', { path: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(JSON.parse((await callOp('nothing', {})).body)).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('takes imported files as a stream within a per-request limit, and refuses a larger import with a 413 that says what to do', async () => {
    const root = path.join(workspace, 'site');
    mkdirSync(path.join(root, 'static'), { recursive: true });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['static'] }));
    await server.close();
    server = await startServe({ port: 0, configDir: path.join(workspace, 'config'), rendererDir: path.join(workspace, 'renderer'), uploadLimits: { perRequestBytes: 2 * 1024 * 1024, perServerBytes: 4 * 1024 * 1024 } });
    token = new URL(server.url).searchParams.get('token')!;
    const photo = Buffer.alloc(1024 * 1024, 'a photo of some bytes');
    const files = (bytes: Buffer) => [{ relativePath: 'photo.bin', contentBase64: bytes.toString('base64') }];
    const taken = await callOp('importFiles', { root, sourceIndex: 0, folder: 'img', files: files(photo) });
    expect(taken.status).toBe(200);
    expect(JSON.parse(taken.body)).toMatchObject({ ok: true, value: { written: [{ relativePath: 'photo.bin', publicPath: 'img/photo.bin' }] } });
    // equals() rather than toEqual, whose deep comparison of a megabyte takes seconds.
    expect(readFileSync(path.join(root, 'static/img/photo.bin')).equals(photo)).toBe(true);

    // Only files serve itself received may be imported by path: a browser naming any other file is refused.
    for (const named of [path.join(workspace, 'secret.txt'), path.join(os.tmpdir(), 'porter-serve-uploads-x/../../etc/passwd')]) {
      const byPath = await callOp('importFiles', { root, sourceIndex: 0, folder: 'img', files: [{ relativePath: 'stolen.txt', path: named }] });
      expect(JSON.parse(byPath.body), named).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }

    const tooBig = await callOp('importFiles', { root, sourceIndex: 0, folder: 'img', files: files(Buffer.concat([photo, photo, photo])) });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toEqual({
      ok: false,
      error: { kind: 'invalid-input', message: 'These files are more than 2 MB together, the most Porter takes in one import.', hint: 'Add them in smaller batches, each under 2 MB.' },
    });
  });

  it('streams job events to the browser', async () => {
    const root = path.join(workspace, 'site');
    mkdirSync(path.join(root, 'static/css'), { recursive: true });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['static'] }));
    writeFileSync(path.join(root, 'static/css/a.css'), 'a { color: red; }');
    const events: PorterEvent[] = [];
    const stream = await openEvents((event) => events.push(event));
    expect(stream.headers['content-type']).toBe('text/event-stream; charset=utf-8');

    const started = JSON.parse(
      (
        await callOp('startCollect', {
          root,
          outDir: path.join(workspace, 'out'),
          djangoVersion: '5.2',
          hashing: true,
          ignorePatterns: [],
          useDefaultIgnore: true,
          dryRun: false,
        })
      ).body,
    ) as { ok: true; value: { jobId: string } };
    await vi.waitFor(() => expect(events.filter((event) => event.type === 'job').at(-1)?.job).toMatchObject({ jobId: started.value.jobId, state: 'done' }));
    stream.destroy();
  });

  it('opens the start project first and names it in the address', async () => {
    const root = path.join(workspace, 'site');
    mkdirSync(path.join(root, 'static'), { recursive: true });
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['static'] }));
    const withProject = await startServe({ port: 0, projectRoot: root, configDir: path.join(workspace, 'config'), rendererDir: path.join(workspace, 'renderer') });
    expect(new URL(withProject.url).searchParams.get('project')).toBe(root);
    await withProject.close();

    await expect(startServe({ port: 0, projectRoot: path.join(workspace, 'nope'), rendererDir: path.join(workspace, 'renderer') })).rejects.toThrow(
      /no folder at .*nope/,
    );
  });

  it('closes with an event stream still open', async () => {
    const stream = await openEvents(() => undefined);
    const ended = new Promise((resolve) => stream.on('close', resolve));
    await server.close();
    await ended;
    server = await startServe({ port: 0, rendererDir: path.join(workspace, 'renderer') });
  });
});
