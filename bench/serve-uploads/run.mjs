#!/usr/bin/env node
// `porter serve` under import load (issue 17, point 16): the server's peak memory while browsers import four
// 180 MB files at once (240 MB of base64 JSON each, the way the serve renderer sends dropped files). The server
// runs in its own process (esbuild bundles electron/serve), so its peak RSS is its own.
//
//   node bench/serve-uploads/run.mjs [--uploads N] [--file-mb N] [--source DIR] [--work DIR]
//
// --source bundles another checkout's electron/ (say, an extracted `git archive` of the commit before the fix),
// so before and after run the same load. Prints a Markdown row; bench/RESULTS.md keeps them side by side.
import { fork } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleForNode } from '../lib/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: flags } = parseArgs({
  options: {
    uploads: { type: 'string', default: '4' },
    'file-mb': { type: 'string', default: '180' },
    source: { type: 'string', default: root },
    work: { type: 'string', default: path.join(root, 'bench/.work/serve-uploads') },
  },
});
const work = path.resolve(flags.work);
const project = path.join(work, 'project');

/** Vite's `?raw` imports (the Django probe script) as text, the way electron-vite builds them. */
const rawText = {
  name: 'raw-text',
  setup(builder) {
    builder.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.replace(/\?raw$/, '')), namespace: 'raw-text' }));
    builder.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

async function bundleServer() {
  // Next to node_modules of this checkout, so the external packages resolve whichever source was bundled.
  return bundleForNode({
    source: [
        `import { startServe } from './electron/serve/start-serve.ts';`,
        `const server = await startServe({ port: 0, configDir: process.argv[3], rendererDir: process.argv[2] });`,
        `process.send({ port: server.port, token: new URL(server.url).searchParams.get('token') });`,
        `process.on('message', async () => { process.send({ maxRssKb: process.resourceUsage().maxRSS }); await server.close(); process.exit(0); });`,
    ].join('\n'),
    resolveDir: path.resolve(flags.source),
    plugins: [rawText],
    outfile: path.join(work, 'serve.mjs'),
    logLevel: 'error',
  });
}

function importBody(index, base64) {
  // Built as bytes around one shared base64 text, so the client's own memory doesn't crowd the machine.
  const head = `{"root":${JSON.stringify(project)},"sourceIndex":0,"folder":"uploads","files":[{"relativePath":"clip-${index}.bin","contentBase64":"`;
  return [Buffer.from(head), base64, Buffer.from('"}]}')];
}

function post(port, token, parts) {
  return new Promise((resolve, reject) => {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    const request = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/op/importFiles', headers: { 'Content-Type': 'application/json', 'Content-Length': length, 'X-Porter-Token': token } },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, result: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    for (const part of parts) request.write(part);
    request.end();
  });
}

async function main() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(project, 'static'), { recursive: true });
  mkdirSync(path.join(work, 'renderer'), { recursive: true });
  writeFileSync(path.join(work, 'renderer/index.html'), '<!doctype html><title>Porter</title>');
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ sources: ['static'] }));
  const script = await bundleServer();
  const child = fork(script, [path.join(work, 'renderer'), path.join(work, 'config')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, PORTER_CACHE_DIR: path.join(work, 'cache') } });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const { port, token } = await next();

  const uploads = Number(flags.uploads);
  const fileBytes = Number(flags['file-mb']) * 1024 * 1024;
  const base64 = Buffer.from(Buffer.alloc(fileBytes, 0x5a).toString('base64'));
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: uploads }, (_, index) => post(port, token, importBody(index, base64))));
  const seconds = (performance.now() - started) / 1000;
  for (const [index, answer] of answers.entries()) {
    if (answer.status !== 200 || !answer.result.ok) throw new Error(`import ${index}: HTTP ${answer.status} ${JSON.stringify(answer.result).slice(0, 300)}`);
    if (readFileSync(path.join(project, `static/uploads/clip-${index}.bin`)).length !== fileBytes) throw new Error(`import ${index} wrote the wrong bytes`);
  }
  const answer = next();
  child.send('report');
  const { maxRssKb } = await answer;
  console.log(`| ${uploads} concurrent imports of a ${flags['file-mb']} MB file (${(base64.length / 1024 / 1024).toFixed(0)} MB of JSON each) | ${seconds.toFixed(1)} s | ${(maxRssKb / 1024).toFixed(0)} MB |`);
}

await main();
