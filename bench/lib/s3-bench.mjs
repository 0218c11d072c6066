// Shared by the S3 benchmarks: s3rver with a counting proxy in front, and a timed child process whose peak RSS
// GNU time reports, so every tool's requests and memory are measured the same way.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver on loopback behind a proxy that counts requests (reset before each run). */
export async function startCountingS3(directory, buckets) {
  rmSync(directory, { recursive: true, force: true });
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', directory, silent: true, configureBuckets: buckets.map((name) => ({ name })) });
  const address = await s3.run();
  const counts = { current: 0 };
  const server = http.createServer((incoming, outgoing) => {
    counts.current += 1;
    const upstream = http.request({ host: '127.0.0.1', port: address.port, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    counts,
    async stop() {
      server.closeAllConnections();
      server.close();
      await s3.close();
    },
  };
}

/** Asynchronous on purpose: s3rver and the proxy run in this process and must keep serving while the tool runs. */
export async function timedWithMemory(label, command, args, env, counts) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'porter-bench-time-'));
  const rssFile = path.join(scratch, 'rss');
  counts.current = 0;
  const started = performance.now();
  const result = await new Promise((resolve, reject) => {
    const merged = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, value]) => value !== undefined));
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...args], { env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  const seconds = (performance.now() - started) / 1000;
  const rssMiB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) / 1024;
  rmSync(scratch, { recursive: true, force: true });
  if (result.status !== 0) throw new Error(`${label} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  console.log(`${label.padEnd(44)} ${seconds.toFixed(2).padStart(8)} s  ${String(counts.current).padStart(7)} requests  ${rssMiB.toFixed(0).padStart(5)} MiB`);
  return { seconds, requests: counts.current, rssMiB, stdout: result.stdout };
}

/** Replaces the text between a section's markers in bench/RESULTS.md, or adds the section at the end. */
export function writeSection(resultsFile, name, body) {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const text = readFileSync(resultsFile, 'utf8');
  const section = `${start}\n${body.trim()}\n${end}`;
  const at = text.indexOf(start);
  const next = at >= 0 ? text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(resultsFile, next);
}
