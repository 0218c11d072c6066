#!/usr/bin/env node
// `porter preview` under load (issue 17, point 10): the preview server's peak memory while 100 clients fetch a
// 20 MB file at once, and the time of 20 requests next to a 28 MB staticfiles.json. The server runs in its own
// process (esbuild bundles electron/core/preview), so its peak RSS is its own; the clients read and drop the bytes.
//
//   node bench/preview/run.mjs [--clients N] [--file-mb N] [--manifest-mb N] [--requests N] [--work DIR]
//
// Prints a Markdown table; bench/RESULTS.md keeps the numbers before and after the fix side by side.
import { fork } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleForNode } from '../lib/bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '100' },
    'file-mb': { type: 'string', default: '20' },
    'manifest-mb': { type: 'string', default: '28' },
    requests: { type: 'string', default: '20' },
    work: { type: 'string', default: path.join(root, 'bench/.work/preview') },
  },
});
const work = path.resolve(flags.work);
const site = path.join(work, 'site');

async function bundleServer() {
  return bundleForNode({
    source: [
        `import { startPreview } from './electron/core/preview/preview-server.ts';`,
        // The parent asks for the peak when the load is over; the server answers with its own maxRSS.
        `const server = await startPreview({ root: process.argv[2], urlPrefix: '/static/' });`,
        `process.send({ url: server.url });`,
        `process.on('message', async () => { process.send({ maxRssKb: process.resourceUsage().maxRSS }); await server.close(); process.exit(0); });`,
    ].join('\n'),
    resolveDir: root,
    outfile: path.join(work, 'preview-server.mjs'),
  });
}

function startServer(script) {
  const child = fork(script, [site], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  return {
    ready: next().then((message) => message.url),
    async peakMb() {
      const answer = next();
      child.send('report');
      return (await answer).maxRssKb / 1024;
    },
  };
}

function fetchDropping(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'Accept-Encoding': 'gzip, br' } }, (response) => {
        let bytes = 0;
        response.on('data', (chunk) => (bytes += chunk.length));
        response.on('end', () => resolve({ status: response.statusCode, bytes }));
      })
      .on('error', reject);
  });
}

function makeSite() {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(path.join(site, 'video'), { recursive: true });
  writeFileSync(path.join(site, 'video/clip.0123456789ab.mp4'), Buffer.alloc(Number(flags['file-mb']) * 1024 * 1024, 7));
  writeFileSync(path.join(site, 'site.0123456789ab.css'), 'body { color: red; }\n');
  const paths = { 'site.css': 'site.0123456789ab.css', 'video/clip.mp4': 'video/clip.0123456789ab.mp4' };
  const target = Number(flags['manifest-mb']) * 1024 * 1024;
  let size = 0;
  for (let index = 0; size < target; index += 1) {
    const name = `img/generated/folder-${index % 997}/picture-${index}.png`;
    const hashed = name.replace(/\.png$/, `.${index.toString(16).padStart(12, '0')}.png`);
    paths[name] = hashed;
    size += name.length + hashed.length + 6;
  }
  writeFileSync(path.join(site, 'staticfiles.json'), JSON.stringify({ paths, version: '1.1', hash: 'bench' }));
}

async function main() {
  mkdirSync(work, { recursive: true });
  makeSite();
  const script = await bundleServer();
  const clients = Number(flags.clients);
  const requests = Number(flags.requests);

  const big = startServer(script);
  const bigUrl = await big.ready;
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: clients }, () => fetchDropping(`${bigUrl}video/clip.0123456789ab.mp4`)));
  const bigSeconds = (performance.now() - started) / 1000;
  if (answers.some((answer) => answer.status !== 200 || answer.bytes !== Number(flags['file-mb']) * 1024 * 1024)) throw new Error('a big-file request did not get the whole file');
  const bigPeak = await big.peakMb();

  const small = startServer(script);
  const smallUrl = await small.ready;
  const manifestStarted = performance.now();
  for (let index = 0; index < requests; index += 1) {
    const answer = await fetchDropping(`${smallUrl}site.0123456789ab.css`);
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} for the small file`);
  }
  const manifestSeconds = (performance.now() - manifestStarted) / 1000;
  const manifestPeak = await small.peakMb();

  console.log(`| load | time | server peak RSS |`);
  console.log(`| --- | ---: | ---: |`);
  console.log(`| ${clients} concurrent GETs of a ${flags['file-mb']} MB file | ${bigSeconds.toFixed(2)} s | ${bigPeak.toFixed(0)} MB |`);
  console.log(`| ${requests} sequential GETs next to a ${flags['manifest-mb']} MB staticfiles.json | ${manifestSeconds.toFixed(2)} s | ${manifestPeak.toFixed(0)} MB |`);
}

await main();
