#!/usr/bin/env node
// Push benchmark: `porter push` vs `rclone copy` and `rclone sync --checksum` (Debian's rclone), each sending
// the same generated collected output (small files and a staticfiles.json) to its own bucket on one s3rver on
// loopback, side by side in one run: a first push, then an unchanged re-push, at 5,000 and 20,000 objects (and
// 100,000 with --large). Every request passes through a counting proxy, so the tools' requests are counted the
// same way, and so are the bytes Porter writes under porter/ (its index and release records); each tool's peak
// memory is its process's maxRSS (GNU time).
//
//   node bench/push/run.mjs [--sizes 5000,20000] [--large] [--rounds N] [--concurrency N] [--work DIR] [--no-write]
//
// Replaces the section between <!-- bench:push:start --> and <!-- bench:push:end --> of bench/RESULTS.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import S3rver from 's3rver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000,20000' },
    // 100,000 objects: about 15 minutes here, most of it rclone's.
    large: { type: 'boolean', default: false },
    concurrency: { type: 'string', default: '16' },
    // Each round pushes into fresh buckets; the best round of each tool counts, as the shared server is noisy.
    rounds: { type: 'string', default: '1' },
    work: { type: 'string', default: path.join(root, 'bench/.work/push') },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = [...flags.sizes.split(',').map(Number), ...(flags.large ? [100_000] : [])];
const concurrency = Number(flags.concurrency);
const rounds = Number(flags.rounds);
const work = path.resolve(flags.work);

function rcloneAvailable() {
  return spawnSync('rclone', ['version'], { encoding: 'utf8' }).status === 0;
}

/** A collected-looking output: half originals, half their hashed copies, and the manifest naming them. */
function generateOutput(dir, files) {
  rmSync(dir, { recursive: true, force: true });
  const paths = {};
  let bytes = 0;
  for (let index = 0; index < files / 2; index += 1) {
    const extension = ['css', 'js', 'svg', 'json'][index % 4];
    const name = `app${index % 25}/${extension}/file-${index}.${extension}`;
    const content = `/* ${name} */\n` + `.rule-${index} { margin: ${index % 17}px; }\n`.repeat(5 + ((index * 7919) % 120));
    const hash = createHash('md5').update(content).digest('hex').slice(0, 12);
    const hashed = name.replace(/\.(\w+)$/, `.${hash}.$1`);
    for (const key of [name, hashed]) {
      mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
      writeFileSync(path.join(dir, key), content);
      bytes += content.length;
    }
    paths[name] = hashed;
  }
  const manifest = JSON.stringify({ paths, version: '1.1' });
  writeFileSync(path.join(dir, 'staticfiles.json'), manifest);
  return { count: Object.keys(paths).length * 2 + 1, bytes: bytes + manifest.length, manifestBytes: manifest.length };
}

/** Forwards to s3rver and counts requests (reset before each run), and the bytes written under porter/. */
function countingProxy(target) {
  const counts = { current: 0, indexBytes: 0, recordBytes: 0 };
  const server = http.createServer((incoming, outgoing) => {
    counts.current += 1;
    const own = incoming.method === 'PUT' ? /\/porter\/(index)?/.exec(incoming.url ?? '') : null;
    if (own) incoming.on('data', (chunk) => (own[1] ? (counts.indexBytes += chunk.length) : (counts.recordBytes += chunk.length)));
    const upstream = http.request({ host: '127.0.0.1', port: target, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, counts, port: server.address().port })));
}

/** Asynchronous on purpose: s3rver and the proxy run in this process and must keep serving while a tool runs. */
async function timed(label, command, args, env, counts) {
  Object.assign(counts, { current: 0, indexBytes: 0, recordBytes: 0 });
  const rssFile = path.join(work, 'maxrss');
  rmSync(rssFile, { force: true });
  const started = performance.now();
  const result = await new Promise((resolve, reject) => {
    const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
    const child = spawn('/usr/bin/time', ['-o', rssFile, '-f', '%M', command, ...args], { env: merged, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  const maxRssMiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${String(counts.current).padStart(6)} requests  ${maxRssMiB.toFixed(0).padStart(4)} MiB  ${(counts.indexBytes / 1e6).toFixed(2)} MB index`);
  return { seconds, requests: counts.current, maxRssMiB, indexBytes: counts.indexBytes, recordBytes: counts.recordBytes };
}

async function main() {
  if (!rcloneAvailable()) {
    console.error('rclone is missing: install Debian\'s package with apt-get install -y rclone (npm test\'s set-up does).');
    process.exit(2);
  }
  if (!existsSync('/usr/bin/time')) {
    console.error('GNU time is missing (it measures each tool\'s peak memory): install Debian\'s package with apt-get install -y time.');
    process.exit(2);
  }
  mkdirSync(work, { recursive: true });
  const load = os.loadavg().map((value) => value.toFixed(1)).join(', ');
  const bySize = [];
  // Written after each size, so the sizes that finished are recorded even when a later, longer one is stopped.
  for (const files of sizes) {
    bySize.push(await runSize(files));
    const text = section(bySize, load);
    console.log(`\n${text}`);
    if (!flags['no-write']) record(text);
  }
}

function record(text) {
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:push:start -->[\s\S]*?<!-- bench:push:end -->\n?/;
  writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
}

/** One size: its own output, s3rver and buckets, every tool interleaved round by round. */
async function runSize(files) {
  const out = path.join(work, 'staticfiles');
  const generated = generateOutput(out, files);
  console.log(`\noutput: ${generated.count} files, ${(generated.bytes / 1e6).toFixed(1)} MB; concurrency ${concurrency} for every tool`);

  const storage = path.join(work, 's3rver');
  rmSync(storage, { recursive: true, force: true });
  const buckets = Array.from({ length: rounds }, (_, round) => [`porter-bench-${round}`, `rclone-copy-${round}`, `rclone-sync-${round}`]).flat();
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', directory: storage, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const address = await s3.run();
  const proxy = await countingProxy(address.port);
  const endpoint = `http://127.0.0.1:${proxy.port}`;

  const project = path.join(work, 'project');
  mkdirSync(project, { recursive: true });
  const environments = Object.fromEntries(Array.from({ length: rounds }, (_, round) => [`bench${round}`, { type: 's3', bucket: `porter-bench-${round}`, region: 'us-east-1', endpoint, forcePathStyle: true }]));
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments }));
  const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', PORTER_CACHE_DIR: path.join(work, 'cache') };
  const porter = (label, round) => timed(label, process.execPath, [path.join(root, 'bin/porter.js'), 'push', '--env', `bench${round}`, '--project', project, '--out', out, '--no-collect', '--concurrency', String(concurrency), '--json'], credentials, proxy.counts);
  const rcloneEnv = {
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
    // rclone's AWS SDK fails on a custom CA bundle with its own HTTP transport; the loopback server needs none.
    AWS_CA_BUNDLE: undefined,
  };
  const rclone = (label, verb, bucket, extra = []) => timed(label, 'rclone', [verb, out, `bench:${bucket}`, '--transfers', String(concurrency), '--checkers', String(concurrency), ...extra], rcloneEnv, proxy.counts);

  const best = (runs) => runs.reduce((top, run) => (run.seconds < top.seconds ? run : top));
  const all = { porterFirst: [], rcloneCopyFirst: [], rcloneSyncFirst: [], porterAgain: [], rcloneCopyAgain: [], rcloneSyncAgain: [] };
  const n = files.toLocaleString('en');
  for (let round = 0; round < rounds; round += 1) {
    all.porterFirst.push(await porter(`${n}: porter push (first, round ${round + 1})`, round));
    all.rcloneCopyFirst.push(await rclone(`${n}: rclone copy (first, round ${round + 1})`, 'copy', `rclone-copy-${round}`));
    all.rcloneSyncFirst.push(await rclone(`${n}: rclone sync --checksum (first, round ${round + 1})`, 'sync', `rclone-sync-${round}`, ['--checksum']));
    all.porterAgain.push(await porter(`${n}: porter push (unchanged, round ${round + 1})`, round));
    all.rcloneCopyAgain.push(await rclone(`${n}: rclone copy (unchanged, round ${round + 1})`, 'copy', `rclone-copy-${round}`));
    all.rcloneSyncAgain.push(await rclone(`${n}: rclone sync --checksum (unchanged, round ${round + 1})`, 'sync', `rclone-sync-${round}`, ['--checksum']));
  }
  proxy.server.closeAllConnections();
  proxy.server.close();
  await s3.close();
  return { generated, results: Object.fromEntries(Object.entries(all).map(([name, runs]) => [name, best(runs)])) };
}

/** What the figures cannot show by themselves. */
const NOTES = `- Before issue 16 the index was rewritten whole every 250 files: 6.4 MB of index for 4,001 objects and 140 MB for 20,001 (the issue's own measurement), growing with the square of the files. Now each entry is written once in a segment and once in the end-of-push base, so the index bytes grow linearly (compare the sizes above), and an unchanged re-push writes nothing.
- Bookkeeping ≤ 2× the manifest is out of reach while Porter keeps a content hash per file: an index entry carries the file's SHA-256 and the object's ETag (48 bytes that do not compress), written twice in a first push, and the release record lists every file with its SHA-256 again, where staticfiles.json names each pair of files once in about 70 bytes.`;

function section(bySize, load) {
  const rclone = execFileSync('rclone', ['version'], { encoding: 'utf8' }).split('\n')[0];
  const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
  const row = (count, label, run) => `| ${count.toLocaleString('en')} | ${label} | ${run.seconds.toFixed(2)} s | ${((run.seconds / count) * 1e6).toFixed(0)} µs | ${run.requests.toLocaleString('en')} | ${run.maxRssMiB.toFixed(0)} MiB |`;
  const tables = bySize.map(({ generated, results: r }) => {
    const size = generated.count;
    return [
      row(size, 'porter push, first', r.porterFirst),
      row(size, 'rclone copy, first', r.rcloneCopyFirst),
      row(size, 'rclone sync --checksum, first', r.rcloneSyncFirst),
      row(size, 'porter push, unchanged', r.porterAgain),
      row(size, 'rclone copy, unchanged', r.rcloneCopyAgain),
      row(size, 'rclone sync --checksum, unchanged', r.rcloneSyncAgain),
    ].join('\n');
  });
  const smallest = bySize[0];
  const perObject = (entry) => entry.results.porterFirst.seconds / entry.generated.count;
  const goals = bySize.map(({ generated, results: r }) => {
    const fastestFirst = Math.min(r.rcloneCopyFirst.seconds, r.rcloneSyncFirst.seconds);
    const fastestAgain = Math.min(r.rcloneCopyAgain.seconds, r.rcloneSyncAgain.seconds);
    const bookkeeping = r.porterFirst.indexBytes + r.porterFirst.recordBytes;
    const flat = perObject({ generated, results: r }) / perObject(smallest);
    return `| ${generated.count.toLocaleString('en')} | ${(r.porterFirst.seconds / fastestFirst).toFixed(2)}× | ${(r.porterAgain.seconds / fastestAgain).toFixed(2)}× | ${flat.toFixed(2)}× | ${mb(generated.manifestBytes)} | ${mb(r.porterFirst.indexBytes)} + ${mb(r.porterFirst.recordBytes)} = ${(bookkeeping / generated.manifestBytes).toFixed(1)}× | ${mb(r.porterAgain.indexBytes + r.porterAgain.recordBytes)} | ${r.porterFirst.maxRssMiB.toFixed(0)} MiB |`;
  });
  return `<!-- bench:push:start -->
## push: Porter vs rclone to a loopback S3 server, at ${bySize.map((entry) => entry.generated.count.toLocaleString('en')).join(', ')} objects

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, load average at the start ${load} (the machine is shared with other work: times are indicative, ratios within one size are taken minutes apart), Node ${process.version}, ${rclone}, s3rver 3.7.1 behind a counting proxy. Generated tiny files (originals, hashed copies and staticfiles.json), each tool into its own empty bucket, ${concurrency} transfers/checkers for rclone and ${concurrency} requests in flight for Porter; best of ${rounds} round${rounds > 1 ? 's' : ''} for each, interleaved. Peak memory is each process's maxRSS. \`node bench/push/run.mjs\` to reproduce (\`--large\` adds 100,000).

| Objects | Run | Time | Per object | Requests | Peak memory |
|---|---|---:|---:|---:|---:|
${tables.join('\n')}

Against the goals of issue 16 §2 (first push ≤ 1.0× the faster rclone, unchanged re-push ≤ 0.2×, Porter's time per object within 20 % of the smallest size's, bookkeeping ≤ 2× the manifest, peak memory ≤ 300 MB at 100,000). Bookkeeping is every byte Porter PUT under porter/: its index (segments and the compacted base, gzipped) plus its release record (JSON, every file's name and SHA-256).

| Objects | First push vs rclone | Re-push vs rclone | Porter's time per object vs ${smallest.generated.count.toLocaleString('en')} | staticfiles.json | Bookkeeping, first push: index + release record | Bookkeeping, re-push | Porter's peak memory |
|---|---:|---:|---:|---:|---:|---:|---:|
${goals.join('\n')}

${NOTES}
<!-- bench:push:end -->
`;
}

await main();
