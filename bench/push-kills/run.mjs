#!/usr/bin/env node
// Kill loop (issue 17): `porter push` (the built CLI, as users run it) killed with SIGKILL at random moments against
// s3rver on loopback, first while a first push is under way (each kill is followed by another try of the same first
// push; once one finishes the bucket is emptied and a new first push starts), then on a bucket with releases (each
// try pushes a changed output). After every kill it checks what a reader of the bucket sees:
//   - the live staticfiles.json names no missing object (every name and hashed name in it is in the bucket);
//   - `porter releases --json` marks exactly the release whose staticfiles.json is the live one as current
//     (its record read back from the bucket), and none when nothing is live yet.
// At the end a push runs to completion and every object is compared byte for byte with the output.
//
//   node bench/push-kills/run.mjs [--kills N] [--files N] [--seed N] [--work DIR] [--no-write]
//
// Replaces the section between <!-- bench:push-kills:start --> and <!-- bench:push-kills:end --> of bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const { values: flags } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    files: { type: 'string', default: '1500' },
    seed: { type: 'string', default: String(Date.now() % 100000) },
    work: { type: 'string', default: path.join(root, 'bench/.work/push-kills') },
    'no-write': { type: 'boolean', default: false },
  },
});
const killsWanted = Number(flags.kills);
const files = Number(flags.files);
const work = path.resolve(flags.work);
const porterBin = path.join(root, 'bin/porter.js');
if (!existsSync(path.join(root, 'out/cli/porter.mjs'))) {
  console.error('Build the CLI first: node scripts/build.mjs cli');
  process.exit(2);
}

// A small seeded generator, so a run that finds something can be replayed with its --seed.
let state = Number(flags.seed) >>> 0 || 1;
const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);

/** A collected-looking output: originals, their hashed copies, staticfiles.json. `version` changes a tenth of the files. */
function generateOutput(dir, version) {
  rmSync(dir, { recursive: true, force: true });
  const paths = {};
  for (let index = 0; index < files / 2; index += 1) {
    const name = `app${index % 20}/${index % 2 ? 'css' : 'js'}/file-${index}.${index % 2 ? 'css' : 'js'}`;
    const edition = index % 10 === version % 10 ? version : 0;
    const content = `/* ${name} v${edition} */\n` + `.rule-${index} { margin: ${index % 17}px; }\n`.repeat(20 + ((index * 7919) % 200));
    const hashed = name.replace(/\.(\w+)$/, `.${createHash('md5').update(content).digest('hex').slice(0, 12)}.$1`);
    for (const key of [name, hashed]) {
      mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
      writeFileSync(path.join(dir, key), content);
    }
    paths[name] = hashed;
  }
  writeFileSync(path.join(dir, 'staticfiles.json'), JSON.stringify({ paths, version: '1.1', edition: version }));
}

function listOutput(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listOutput(dir, relative) : [relative];
  });
}

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const childEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', PORTER_CACHE_DIR: path.join(work, 'cache') };

function run(args, killAfterMs) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [porterBin, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

async function main() {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const s3 = new S3rver({ port: 0, address: '127.0.0.1', directory: path.join(work, 's3rver'), silent: true, configureBuckets: [{ name: 'kills-first' }, { name: 'kills-history' }, { name: 'kills-warmup' }] });
  const { port } = await s3.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' });
  const project = path.join(work, 'project');
  mkdirSync(project, { recursive: true });
  const env = (bucket) => ({ type: 's3', bucket, region: 'us-east-1', endpoint, forcePathStyle: true, prefix: 'static/' });
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { first: env('kills-first'), history: env('kills-history'), warmup: env('kills-warmup') } }));
  const out = path.join(work, 'out');
  const push = (name, killAfterMs) => run(['push', '--env', name, '--project', project, '--out', out, '--no-collect', '--json'], killAfterMs);

  const listAll = async (bucket) => {
    const keys = new Map();
    let marker;
    for (;;) {
      const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Marker: marker }));
      for (const item of page.Contents ?? []) keys.set(item.Key, item.Size);
      marker = page.NextMarker ?? page.Contents?.at(-1)?.Key;
      if (!page.IsTruncated || !marker) return keys;
    }
  };
  const read = async (bucket, key) => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await object.Body.transformToByteArray());
    } catch (error) {
      if (error.name === 'NoSuchKey' || error.$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  };
  const empty = async (bucket) => {
    const keys = [...(await listAll(bucket)).keys()];
    for (let start = 0; start < keys.length; start += 1000) await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(start, start + 1000).map((Key) => ({ Key })), Quiet: true } }));
  };

  /** What a reader of the bucket sees right after a kill; returns the problems found (none is the promise). */
  const check = async (name, bucket) => {
    const problems = [];
    const listing = await listAll(bucket);
    const liveBody = await read(bucket, 'static/staticfiles.json');
    const live = liveBody?.toString('utf8');
    if (live !== undefined) {
      const { paths } = JSON.parse(live);
      const missing = Object.entries(paths).flat().filter((key) => !listing.has(`static/${key}`));
      if (missing.length) problems.push(`live manifest names ${missing.length} missing objects, e.g. ${missing[0]}`);
    }
    const releases = await run(['releases', '--env', name, '--project', project, '--json']);
    if (releases.code !== 0) return [...problems, `porter releases failed: ${releases.stderr.trim()}`];
    const current = JSON.parse(releases.stdout).filter((release) => release.current);
    if (live === undefined) {
      if (current.length) problems.push(`nothing is live, yet release ${current[0].id} is marked current`);
    } else if (current.length !== 1) {
      problems.push(`${current.length} releases are marked current while a manifest is live`);
    } else {
      const record = JSON.parse((await read(bucket, `static/porter/releases/${current[0].id}.json`)).toString('utf8'));
      if (record.manifest !== live) problems.push(`release ${current[0].id} is marked current but its manifest is not the live one`);
    }
    return problems;
  };

  const verifyBytes = async (bucket) => {
    const wrong = [];
    for (const key of listOutput(out)) {
      const stored = await read(bucket, `static/${key}`);
      if (!stored || !stored.equals(readFileSync(path.join(out, key)))) wrong.push(key);
    }
    return wrong;
  };

  generateOutput(out, 0);
  const fileCount = listOutput(out).length;
  // How long one uninterrupted push takes here: kills land uniformly between the process start and a bit past that.
  const warm = await push('warmup');
  if (warm.code !== 0) throw new Error(`warm-up push failed: ${warm.stderr}`);
  const spanMs = warm.ms * 1.1;
  console.log(`output: ${fileCount} files; an uninterrupted first push takes ${(warm.ms / 1000).toFixed(2)} s; seed ${flags.seed}`);

  const tally = { first: { kills: 0, finished: 0, problems: [], triesPerFirstPush: [], tries: 0 }, history: { kills: 0, finished: 0, problems: [] } };

  // 1. Kills during a first push.
  let tries = 0;
  while (tally.first.kills < killsWanted) {
    const result = await push('first', Math.round(random() * spanMs));
    tries += 1;
    if (result.signal === 'SIGKILL') {
      tally.first.kills += 1;
      const problems = await check('first', 'kills-first');
      tally.first.problems.push(...problems.map((problem) => `first push, kill ${tally.first.kills}: ${problem}`));
      console.log(`first push, kill ${String(tally.first.kills).padStart(2)} at ${Math.round(result.ms)} ms: ${problems.length ? problems.join('; ') : 'ok'}`);
      continue;
    }
    if (result.code !== 0) throw new Error(`a first push failed without being killed: ${result.stderr}`);
    tally.first.finished += 1;
    tally.first.triesPerFirstPush.push(tries);
    tries = 0;
    const wrong = await verifyBytes('kills-first');
    if (wrong.length) tally.first.problems.push(`a finished first push left ${wrong.length} objects wrong, e.g. ${wrong[0]}`);
    await empty('kills-first');
  }

  // 2. Kills on a bucket with releases: every try pushes a new edition, so each holds a manifest that is not live yet.
  const seeded = await push('history');
  if (seeded.code !== 0) throw new Error(`seeding the history bucket failed: ${seeded.stderr}`);
  let edition = 0;
  while (tally.history.kills < killsWanted) {
    edition += 1;
    generateOutput(out, edition);
    // A changed push sends a tenth of the files: kills land within its shorter span.
    const result = await push('history', Math.round(random() * spanMs * 0.4));
    if (result.signal === 'SIGKILL') {
      tally.history.kills += 1;
      const problems = await check('history', 'kills-history');
      tally.history.problems.push(...problems.map((problem) => `bucket with releases, kill ${tally.history.kills}: ${problem}`));
      console.log(`with releases, kill ${String(tally.history.kills).padStart(2)} at ${Math.round(result.ms)} ms: ${problems.length ? problems.join('; ') : 'ok'}`);
      continue;
    }
    if (result.code !== 0) throw new Error(`a push failed without being killed: ${result.stderr}`);
    tally.history.finished += 1;
  }
  const final = await push('history');
  if (final.code !== 0) throw new Error(`the final push failed: ${final.stderr}`);
  const finalProblems = [...(await check('history', 'kills-history')), ...(await verifyBytes('kills-history')).map((key) => `${key} differs after the final push`)];
  tally.history.problems.push(...finalProblems.map((problem) => `after the final push: ${problem}`));
  const history = JSON.parse((await run(['releases', '--env', 'history', '--project', project, '--json'])).stdout);
  await s3.close();

  const text = section(tally, fileCount, warm.ms, history.length, edition);
  console.log(`\n${text}`);
  const failed = tally.first.problems.length + tally.history.problems.length;
  if (!flags['no-write']) {
    const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
    const pattern = /<!-- bench:push-kills:start -->[\s\S]*?<!-- bench:push-kills:end -->\n?/;
    writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
  }
  if (failed) process.exitCode = 1;
}

function section(tally, fileCount, warmMs, releases, editions) {
  const problems = [...tally.first.problems, ...tally.history.problems];
  const tries = tally.first.triesPerFirstPush;
  return `<!-- bench:push-kills:start -->
## push, kill -9 loop: the bucket stays whole and the release history says what is live (issue 17)

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores shared with other helpers' work (load average ${os.loadavg()[0].toFixed(0)} at the end: the push times say nothing about Porter's speed), Node ${process.version}, s3rver 3.7.1 on loopback, the built \`porter push\` CLI killed with SIGKILL at a random moment (uniform over one uninterrupted first push, ${(warmMs / 1000).toFixed(1)} s for ${fileCount.toLocaleString('en')} files, or over 0.4 of it for the changed pushes), seed ${flags.seed}. \`node bench/push-kills/run.mjs --files ${files} --seed ${flags.seed}\` to reproduce. After every kill: does the live staticfiles.json name a missing object, and does \`porter releases\` mark as current exactly the release whose staticfiles.json is live (none while nothing is live)?

| Phase | Kills | Pushes that finished between kills | Problems found |
|---|---:|---:|---:|
| During a first push (the bucket emptied after each finished one) | ${tally.first.kills} | ${tally.first.finished} | ${tally.first.problems.length} |
| On a bucket with releases (a changed output every try) | ${tally.history.kills} | ${tally.history.finished} | ${tally.history.problems.length} |

- ${problems.length === 0 ? 'No kill left a live manifest naming a missing object, and after every kill the release marked current was the one whose staticfiles.json is live.' : `Problems: ${problems.slice(0, 5).join('; ')}`}
- A final uninterrupted push then left every object byte-identical to the output; the history holds ${releases} releases for ${editions + 1} editions pushed (a try killed before its release record leaves none, as its manifest never went live; one killed after it leaves a record that is listed but never marked current).
${tries.length ? `- First pushes finished after ${tries.join(', ')} tries (kills included): each killed try kept what it had sent and verified.\n` : ''}<!-- bench:push-kills:end -->
`;
}

await main();
