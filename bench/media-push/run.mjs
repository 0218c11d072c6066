#!/usr/bin/env node
// Media push at scale: `porter media push` of many tiny uploads (1x1 GIFs, each with its own bytes) to a loopback
// s3rver, against `rclone copy --ignore-existing` (the same never-overwrite copy) side by side in one run: a first
// push into an empty bucket, an unchanged re-push (the plan streams the bucket's listing page by page), and 100 new
// files pushed into the full bucket, where Porter's memory must not follow the bucket's size. Time, requests (through
// a counting proxy) and peak RSS (GNU time) of each run.
//
//   node bench/media-push/run.mjs [--sizes 10000,100000] [--work DIR] [--no-write]
//
// Replaces the section between <!-- bench:media-push:start --> and <!-- bench:media-push:end --> of bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startCountingS3, timedWithMemory, writeSection } from '../lib/s3-bench.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    // rclone at the largest sizes doubles a run of many minutes; above this it is left out (its ratio is the smaller sizes').
    'baseline-max': { type: 'string', default: 'Infinity' },
    // The unchanged re-push HEADs every upload: at 100,000 on a loaded machine that alone is a quarter of an hour.
    'unchanged-max': { type: 'string', default: 'Infinity' },
    work: { type: 'string', default: path.join(root, 'bench/.work/media-push') },
    'no-write': { type: 'boolean', default: false },
  },
});
const sizes = flags.sizes.split(',').map(Number);
const baselineMax = Number(flags['baseline-max']);
const unchangedMax = Number(flags['unchanged-max']);
const work = path.resolve(flags.work);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** `count` GIFs, 1,000 to a folder (as upload folders are split), each unique after the GIF's trailer. */
function generate(dir, count, tag) {
  rmSync(dir, { recursive: true, force: true });
  for (let index = 0; index < count; index += 1) {
    const folder = path.join(dir, 'uploads', String(Math.floor(index / 1000)).padStart(4, '0'));
    if (index % 1000 === 0) mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${tag}-${index}.gif`), Buffer.concat([GIF, Buffer.from(`${tag}:${index}`)]));
  }
}

const credentials = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

async function measure(size) {
  const base = path.join(work, String(size));
  const media = path.join(base, 'media');
  const extra = path.join(base, 'extra');
  generate(media, size, 'photo');
  generate(extra, 100, 'late');
  const s3 = await startCountingS3(path.join(base, 's3rver'), ['static', 'media-porter', 'media-rclone']);
  const project = path.join(base, 'project');
  mkdirSync(project, { recursive: true });
  // conditionalWrites: as on AWS S3 and R2, the store itself refuses an overwrite (no HEAD before each new PUT).
  const environment = { type: 's3', bucket: 'static', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, media: { bucket: 'media-porter', prefix: '', conditionalWrites: true } };
  writeFileSync(path.join(project, 'porter.json'), JSON.stringify({ environments: { bench: environment } }));
  const porter = (label, from) => timedWithMemory(label, process.execPath, [path.join(root, 'bin/porter.js'), 'media', 'push', '--env', 'bench', '--project', project, '--from', from, '--json'], credentials, s3.counts);
  const rcloneEnv = {
    RCLONE_CONFIG_BENCH_TYPE: 's3',
    RCLONE_CONFIG_BENCH_PROVIDER: 'Other',
    RCLONE_CONFIG_BENCH_ENDPOINT: s3.endpoint,
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: 'S3RVER',
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: 'S3RVER',
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: 'true',
    RCLONE_CONFIG_BENCH_REGION: 'us-east-1',
    AWS_CA_BUNDLE: undefined,
  };
  // s3rver sometimes stores rclone's streamed upload as 0 bytes under load, which rclone reports and fails on: recorded, not fatal.
  const rclone = (label, from) =>
    timedWithMemory(label, 'rclone', ['copy', from, 'bench:media-rclone', '--ignore-existing', '--transfers', '16', '--checkers', '16'], rcloneEnv, s3.counts).catch((error) => {
      console.log(`${label}: ${error.message.split('\n').find((line) => line.includes('ERROR')) ?? error.message}`);
      return { failed: 'rclone failed: s3rver stored some of its uploads as 0 bytes ("corrupted on transfer")' };
    });
  const counts = (run) => JSON.parse(run.stdout).counts;
  try {
    const baseline = size <= baselineMax;
    const unchanged = size <= unchangedMax;
    const runs = {
      porterFirst: await porter(`porter media push, first (${size})`, media),
      rcloneFirst: baseline ? await rclone(`rclone copy --ignore-existing, first (${size})`, media) : null,
      porterAgain: unchanged ? await porter(`porter media push, unchanged (${size})`, media) : null,
      rcloneAgain: baseline && unchanged ? await rclone(`rclone copy --ignore-existing, unchanged (${size})`, media) : null,
      porterExtra: await porter(`porter media push, 100 new into ${size}`, extra),
      rcloneExtra: baseline ? await rclone(`rclone copy --ignore-existing, 100 new into ${size}`, extra) : null,
    };
    const first = counts(runs.porterFirst);
    const again = runs.porterAgain ? counts(runs.porterAgain) : { unchanged: size };
    const late = counts(runs.porterExtra);
    if (first.new !== size || again.unchanged !== size || late.new !== 100) throw new Error(`unexpected plans: ${JSON.stringify({ first, again, late })}`);
    return runs;
  } finally {
    await s3.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

const load = execFileSync('uptime', { encoding: 'utf8' }).trim();
const results = [];
for (const size of sizes) results.push({ size, runs: await measure(size) });
const loadAfter = execFileSync('uptime', { encoding: 'utf8' }).trim();

const fmt = (n) => n.toLocaleString('en-US');
const row = (label, run) => {
  if (!run) return `| ${label} | not run (--baseline-max ${baselineMax}, --unchanged-max ${unchangedMax}) | | |`;
  if (run.failed) return `| ${label} | ${run.failed} | | |`;
  return `| ${label} | ${run.seconds.toFixed(1)} s | ${fmt(run.requests)} | ${run.rssMiB.toFixed(0)} MiB |`;
};
const ratio = (porter, rclone) => (porter && rclone && !rclone.failed ? `${(porter.seconds / rclone.seconds).toFixed(2)}×` : 'n/a');
const ratios = (runs) => `- Porter / rclone time: first ${ratio(runs.porterFirst, runs.rcloneFirst)}, unchanged ${ratio(runs.porterAgain, runs.rcloneAgain)}, 100 new into the full bucket ${ratio(runs.porterExtra, runs.rcloneExtra)}.`;
const tables = results
  .map(({ size, runs }) =>
    [
      `### ${fmt(size)} uploads`,
      '',
      '| Run | Time | Requests | Peak RSS |',
      '|---|---:|---:|---:|',
      row('porter media push, first', runs.porterFirst),
      row('rclone copy --ignore-existing, first', runs.rcloneFirst),
      row('porter media push, unchanged', runs.porterAgain),
      row('rclone copy --ignore-existing, unchanged', runs.rcloneAgain),
      row(`porter media push, 100 new into the ${fmt(size)}`, runs.porterExtra),
      row(`rclone copy --ignore-existing, 100 new into the ${fmt(size)}`, runs.rcloneExtra),
      '',
      ratios(runs),
    ].join('\n'),
  )
  .join('\n\n');
const [small, large] = [results[0], results.at(-1)];
const growth =
  results.length > 1 && small.runs.porterAgain && large.runs.porterAgain
    ? `- Growth from ${fmt(small.size)} to ${fmt(large.size)} uploads (${large.size / small.size}×): Porter's peak RSS ${small.runs.porterAgain.rssMiB.toFixed(0)} → ${large.runs.porterAgain.rssMiB.toFixed(0)} MiB on the unchanged re-push, ${small.runs.porterExtra.rssMiB.toFixed(0)} → ${large.runs.porterExtra.rssMiB.toFixed(0)} MiB pushing 100 new files into the full bucket (the bucket's listing is compared a page at a time, so this run's memory follows the 100 local files, not the bucket); time per upload on the first push ${((small.runs.porterFirst.seconds / small.size) * 1000).toFixed(2)} → ${((large.runs.porterFirst.seconds / large.size) * 1000).toFixed(2)} ms.`
    : '';
const body = `## media push: many tiny uploads to a loopback S3 server

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ${execFileSync('rclone', ['version'], { encoding: 'utf8' }).split('\n')[0]}, s3rver behind a counting proxy. Uploads are 1x1 GIFs with unique bytes (57–62 bytes), 1,000 to a folder; each size into fresh buckets. Porter validates every file's type from its bytes and hashes it; rclone only copies. The unchanged re-push HEADs each same-size object for the SHA-256 Porter stored (media buckets have no index), which rclone's name-only \`--ignore-existing\` does not. \`conditionalWrites: true\` (as AWS S3 and R2: no HEAD before each new PUT). Machine load before: \`${load}\`; after: \`${loadAfter}\`. The machine is shared with other work, so times are indicative; requests and memory are not. \`node bench/media-push/run.mjs --sizes ${flags.sizes} --baseline-max ${flags['baseline-max']} --unchanged-max ${flags['unchanged-max']}\` to reproduce.

${tables}

${growth}
`;
console.log(body);
if (!flags['no-write']) writeSection(path.join(root, 'bench/RESULTS.md'), 'media-push', body);
