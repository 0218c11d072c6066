#!/usr/bin/env node
// Push benchmark: `porter push` vs `rclone copy` and `rclone sync --checksum` (Debian's rclone), each sending
// the same generated collected output (5,000 small files and a staticfiles.json) to its own bucket on one s3rver
// on loopback, side by side in one run: a first push, then an unchanged re-push. Every request passes through a
// counting proxy, so the tools' requests are counted the same way.
//
//   node bench/push/run.mjs [--files N] [--concurrency N] [--work DIR] [--no-write]
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
    files: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    // Each round pushes into fresh buckets; the best round of each tool counts, as the shared server is noisy.
    rounds: { type: 'string', default: '2' },
    work: { type: 'string', default: path.join(root, 'bench/.work/push') },
    'no-write': { type: 'boolean', default: false },
  },
});
const files = Number(flags.files);
const concurrency = Number(flags.concurrency);
const rounds = Number(flags.rounds);
const work = path.resolve(flags.work);

function rcloneAvailable() {
  return spawnSync('rclone', ['version'], { encoding: 'utf8' }).status === 0;
}

/** A collected-looking output: half originals, half their hashed copies, and the manifest naming them. */
function generateOutput(dir) {
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
  return { count: Object.keys(paths).length * 2 + 1, bytes: bytes + manifest.length };
}

/** Forwards to s3rver and counts requests by tool (set before each run). */
function countingProxy(target) {
  const counts = { current: 0 };
  const server = http.createServer((incoming, outgoing) => {
    counts.current += 1;
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
  counts.current = 0;
  const started = performance.now();
  const result = await new Promise((resolve, reject) => {
    const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
    const child = spawn(command, args, { env: merged, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${label} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${String(counts.current).padStart(6)} requests`);
  return { seconds, requests: counts.current };
}

async function main() {
  if (!rcloneAvailable()) {
    console.error('rclone is missing: install Debian\'s package with apt-get install -y rclone (npm test\'s set-up does).');
    process.exit(2);
  }
  mkdirSync(work, { recursive: true });
  const out = path.join(work, 'staticfiles');
  const generated = generateOutput(out);
  console.log(`output: ${generated.count} files, ${(generated.bytes / 1e6).toFixed(1)} MB; concurrency ${concurrency} for both tools`);

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
  const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
  const porter = (label, round) => timed(label, process.execPath, [path.join(root, 'bin/porter.js'), 'push', '--env', `bench${round}`, '--project', project, '--out', out, '--concurrency', String(concurrency), '--json'], credentials, proxy.counts);
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
  for (let round = 0; round < rounds; round += 1) {
    all.porterFirst.push(await porter(`porter push (first, round ${round + 1})`, round));
    all.rcloneCopyFirst.push(await rclone(`rclone copy (first, round ${round + 1})`, 'copy', `rclone-copy-${round}`));
    all.rcloneSyncFirst.push(await rclone(`rclone sync --checksum (first, round ${round + 1})`, 'sync', `rclone-sync-${round}`, ['--checksum']));
    all.porterAgain.push(await porter(`porter push (unchanged, round ${round + 1})`, round));
    all.rcloneCopyAgain.push(await rclone(`rclone copy (unchanged, round ${round + 1})`, 'copy', `rclone-copy-${round}`));
    all.rcloneSyncAgain.push(await rclone(`rclone sync --checksum (unchanged, round ${round + 1})`, 'sync', `rclone-sync-${round}`, ['--checksum']));
  }
  const results = Object.fromEntries(Object.entries(all).map(([name, runs]) => [name, best(runs)]));
  proxy.server.closeAllConnections();
  proxy.server.close();
  await s3.close();

  const fastestFirst = Math.min(results.rcloneCopyFirst.seconds, results.rcloneSyncFirst.seconds);
  const fastestAgain = Math.min(results.rcloneCopyAgain.seconds, results.rcloneSyncAgain.seconds);
  const text = section(generated, results, fastestFirst, fastestAgain);
  console.log(`\n${text}`);
  if (flags['no-write']) return;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:push:start -->[\s\S]*?<!-- bench:push:end -->\n?/;
  writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
}

function section(generated, r, fastestFirst, fastestAgain) {
  const row = (label, result) => `| ${label} | ${result.seconds.toFixed(2)} s | ${result.requests.toLocaleString('en')} |`;
  const rclone = execFileSync('rclone', ['version'], { encoding: 'utf8' }).split('\n')[0];
  return `<!-- bench:push:start -->
## push: Porter vs rclone to a loopback S3 server

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ${rclone}, s3rver 3.7.1 behind a counting proxy. ${generated.count.toLocaleString('en')} files (${(generated.bytes / 1e6).toFixed(1)} MB: originals, hashed copies and staticfiles.json), each tool into its own empty bucket, ${concurrency} transfers/checkers for rclone and ${concurrency} requests in flight for Porter; best of ${rounds} rounds for each, interleaved, since the shared server's speed varies. \`node bench/push/run.mjs\` to reproduce.

| Run | Time | Requests |
|---|---:|---:|
${row('porter push, first', r.porterFirst)}
${row('rclone copy, first', r.rcloneCopyFirst)}
${row('rclone sync --checksum, first', r.rcloneSyncFirst)}
${row('porter push, unchanged', r.porterAgain)}
${row('rclone copy, unchanged', r.rcloneCopyAgain)}
${row('rclone sync --checksum, unchanged', r.rcloneSyncAgain)}

- First push: Porter ${(r.porterFirst.seconds / fastestFirst).toFixed(2)}× the faster rclone's time (goal: at most 1.0×): **${r.porterFirst.seconds <= fastestFirst ? 'met' : 'not met'}**.
- Unchanged re-push: Porter ${(r.porterAgain.seconds / fastestAgain).toFixed(2)}× the faster rclone's time (goal: at most 0.5×): **${r.porterAgain.seconds <= fastestAgain / 2 ? 'met' : 'not met'}**. Porter's re-push is one listing plus its index: ${r.porterAgain.requests} requests against rclone's ${r.rcloneCopyAgain.requests} (copy) and ${r.rcloneSyncAgain.requests} (sync --checksum).
- Porter's times include starting Node and reading and hashing every file; both tools verify each upload (Porter by Content-MD5, rclone by its own MD5 check).
<!-- bench:push:end -->
`;
}

await main();
