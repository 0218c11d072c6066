#!/usr/bin/env node
// Large-file push benchmark: one generated 2 GiB video through `porter push` to a loopback s3rver, once through, and
// once killed with SIGKILL part-way and run again (the resumption sends only the parts that had not arrived), beside
// `rclone copy` of the same file, each into its own bucket. Every request passes through a counting proxy, so UploadPart requests are counted the same
// way for both; each run's peak resident memory (VmHWM, sampled from /proc) is recorded, and the object's SHA-256 is
// read back from the store.
//
//   node bench/push/large-file.mjs [--mb 2048] [--kill-at 0.4] [--work DIR] [--no-rclone] [--no-write]
//
// Replaces the section between <!-- bench:push-large:start --> and <!-- bench:push-large:end --> of bench/RESULTS.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const { values: flags } = parseArgs({
  options: {
    mb: { type: 'string', default: '2048' },
    'kill-at': { type: 'string', default: '0.4' },
    work: { type: 'string', default: path.join(root, 'bench/.work/push-large') },
    'no-rclone': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const MIB = 1024 * 1024;
const fileBytes = Number(flags.mb) * MIB;
const killAt = Number(flags['kill-at']);
const work = path.resolve(flags.work);
const KEY = 'media/video.mp4';
/** Porter's parts for a file of this size (multipart-upload.ts: 8 MiB, more only past 10,000 parts). */
const porterParts = Math.ceil(fileBytes / Math.max(8 * MIB, Math.ceil(fileBytes / 10_000 / MIB) * MIB));

const isUploadPart = (method, url) => method === 'PUT' && /[?&]partNumber=/.test(url);

/** Forwards to s3rver, counting requests and UploadParts; `onPart` sees each UploadPart as it is asked for. */
function countingProxy(target) {
  const counts = { requests: 0, parts: 0, creates: 0, onPart: null };
  const server = http.createServer((incoming, outgoing) => {
    counts.requests += 1;
    if (isUploadPart(incoming.method, incoming.url)) {
      counts.parts += 1;
      counts.onPart?.(counts.parts);
    }
    if (incoming.method === 'POST' && /[?&]uploads(=|&|$)/.test(incoming.url)) counts.creates += 1;
    const upstream = http.request({ host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.on('error', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, counts, port: server.address().port })));
}

function generateVideo(file) {
  mkdirSync(path.dirname(file), { recursive: true });
  const hash = createHash('sha256');
  const handle = openSync(file, 'w');
  const chunk = 16 * MIB;
  for (let written = 0; written < fileBytes; written += chunk) {
    const bytes = randomBytes(Math.min(chunk, fileBytes - written));
    hash.update(bytes);
    writeSync(handle, bytes);
  }
  closeSync(handle);
  return hash.digest('hex');
}

/** Runs a command, sampling its peak RSS; `killAfterParts` SIGKILLs it once that many UploadParts were asked for. */
async function run(label, command, args, env, counts, killAfterParts) {
  counts.requests = 0;
  counts.parts = 0;
  counts.creates = 0;
  const started = performance.now();
  const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
  const child = spawn(command, args, { env: merged, stdio: ['ignore', 'ignore', 'pipe'] });
  let peakRss = 0;
  const sample = setInterval(() => {
    try {
      const kilobytes = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      if (kilobytes) peakRss = Math.max(peakRss, Number(kilobytes) * 1024);
    } catch {
      // Exited between two samples.
    }
  }, 50);
  counts.onPart = killAfterParts ? (parts) => parts >= killAfterParts && child.kill('SIGKILL') : null;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const result = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal }));
  });
  clearInterval(sample);
  counts.onPart = null;
  const seconds = (performance.now() - started) / 1000;
  if (killAfterParts ? result.signal !== 'SIGKILL' : result.status !== 0) throw new Error(`${label} failed (${result.status ?? result.signal}): ${stderr.slice(-2000)}`);
  const outcome = { seconds, requests: counts.requests, parts: counts.parts, creates: counts.creates, peakRss };
  console.log(`${label.padEnd(40)} ${seconds.toFixed(1).padStart(7)} s  ${String(outcome.parts).padStart(5)} UploadParts  ${(peakRss / MIB).toFixed(0).padStart(5)} MiB peak RSS`);
  return outcome;
}

async function storedSha256(storage, bucket) {
  // s3rver keeps each object as a plain file named after its key.
  const file = path.join(storage, bucket, `${KEY}._S3rver_object`);
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function main() {
  const withRclone = !flags['no-rclone'] && spawnSync('rclone', ['version']).status === 0;
  mkdirSync(work, { recursive: true });
  const out = path.join(work, 'staticfiles');
  rmSync(out, { recursive: true, force: true });
  const generating = performance.now();
  const sha256 = generateVideo(path.join(out, KEY));
  console.log(`generated ${KEY}: ${(fileBytes / MIB).toFixed(0)} MiB in ${((performance.now() - generating) / 1000).toFixed(1)} s; Porter sends it in ${porterParts} parts`);

  const storage = path.join(work, 's3rver');
  rmSync(storage, { recursive: true, force: true });
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', directory: storage, silent: true, configureBuckets: ['porter-once', 'porter-large', 'rclone-large'].map((name) => ({ name })) });
  const address = await s3.run();
  const proxy = await countingProxy(address.port);
  const endpoint = `http://127.0.0.1:${proxy.port}`;
  const project = path.join(work, 'project');
  rmSync(project, { recursive: true, force: true });
  mkdirSync(project, { recursive: true });
  const environment = (bucket) => ({ type: 's3', bucket, region: 'us-east-1', endpoint, forcePathStyle: true });
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { once: environment('porter-once'), large: environment('porter-large') } }));
  const porterEnv = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', PORTER_CACHE_DIR: path.join(project, '.cache') };
  const pushArgs = (name) => [path.join(root, 'bin/porter.js'), 'push', '--env', name, '--project', project, '--out', out, '--no-collect', '--json'];
  const porterArgs = pushArgs('large');

  const once = await run('porter push, uninterrupted', process.execPath, pushArgs('once'), porterEnv, proxy.counts);
  const onceSha = await storedSha256(storage, 'porter-once');
  if (onceSha !== sha256) throw new Error(`porter's object has SHA-256 ${onceSha}, the file ${sha256}`);
  rmSync(path.join(storage, 'porter-once'), { recursive: true, force: true });

  const killAfter = Math.max(2, Math.round(porterParts * killAt));
  const killed = await run(`porter push, killed after ${killAfter} parts`, process.execPath, porterArgs, porterEnv, proxy.counts, killAfter);
  const stateDir = path.join(project, '.cache/push-uploads');
  const saved = readdirSync(stateDir).filter((name) => name.endsWith('.json')).map((name) => JSON.parse(readFileSync(path.join(stateDir, name), 'utf8')))[0];
  const savedParts = saved?.parts.length ?? 0;
  console.log(`saved state: ${savedParts} of ${porterParts} parts arrived before the kill`);
  const resumed = await run('porter push, resumed', process.execPath, porterArgs, porterEnv, proxy.counts);
  const porterSha = await storedSha256(storage, 'porter-large');
  if (porterSha !== sha256) throw new Error(`porter's object has SHA-256 ${porterSha}, the file ${sha256}`);

  let rclone = null;
  if (withRclone) {
    const rcloneEnv = {
      RCLONE_CONFIG_BENCH_TYPE: 's3',
      RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
      RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
      RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
      RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
      RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
      RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
      AWS_CA_BUNDLE: undefined,
    };
    // 8 MiB chunks, 4 at once: the same shape as Porter's parts, so the two are compared like for like.
    rclone = await run('rclone copy', 'rclone', ['copy', out, 'bench:rclone-large', '--s3-chunk-size', '8M', '--s3-upload-concurrency', '4'], rcloneEnv, proxy.counts);
  }
  proxy.server.closeAllConnections();
  proxy.server.close();
  await s3.close();
  rmSync(storage, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });

  const load = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const text = section({ once, killed, resumed, rclone, killAfter, savedParts, load });
  console.log(`\n${text}`);
  if (flags['no-write']) return;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:push-large:start -->[\s\S]*?<!-- bench:push-large:end -->\n?/;
  writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
}

function section({ once, killed, resumed, rclone, killAfter, savedParts, load }) {
  const mib = (bytes) => `${(bytes / MIB).toFixed(0)} MiB`;
  const row = (label, result) => `| ${label} | ${result.seconds.toFixed(1)} s | ${result.parts} | ${mib(result.peakRss)} |`;
  const porterSeconds = killed.seconds + resumed.seconds;
  const rcloneVersion = rclone ? execFileSync('rclone', ['version'], { encoding: 'utf8' }).split('\n')[0] : 'rclone not run';
  return `<!-- bench:push-large:start -->
## push, one large file: a ${mib(fileBytes)} video, killed and resumed, to a loopback S3 server

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ${rcloneVersion}, s3rver 3.7.1 behind a counting proxy. Machine load while it ran (\`uptime\`): ${load}. The machine is shared with other work, so the times are indicative only. \`node bench/push/large-file.mjs\` to reproduce.

| Run | Time | UploadPart requests | Peak RSS |
|---|---:|---:|---:|
${row('porter push, uninterrupted', once)}
${row(`porter push, SIGKILLed at part request number ${killAfter}`, killed)}
${row('porter push again (resumed)', resumed)}
${rclone ? row('rclone copy (8 MiB chunks, 4 at once)', rclone) : ''}

- Resumption: ${savedParts} of ${porterParts} parts had arrived (and were saved) before the kill; the second run sent ${resumed.parts} parts (the missing ones: ${porterParts - savedParts}) into the same multipart upload (${resumed.creates} new CreateMultipartUpload requests), and the object's SHA-256 read back from the store matches the file's.
- Uninterrupted: Porter ${once.seconds.toFixed(1)} s${rclone ? `, ${(once.seconds / rclone.seconds).toFixed(2)}× rclone's copy` : ''}. Killed and resumed, the two runs together: ${porterSeconds.toFixed(1)} s (${(porterSeconds / once.seconds).toFixed(2)}× the uninterrupted push). The resumed run also reads back the ${savedParts} arrived parts to check their MD5 and take the file's SHA-256.
- Memory: Porter's peak RSS ${mib(Math.max(once.peakRss, killed.peakRss, resumed.peakRss))} for a ${mib(fileBytes)} file (4 parts of 8 MiB in flight, never the whole file)${rclone ? `; rclone ${mib(rclone.peakRss)}` : ''}.
<!-- bench:push-large:end -->
`;
}

await main();
