#!/usr/bin/env node
// Collect benchmark: Django 3.2 collectstatic (ManifestStaticFilesStorage) vs `porter collect --django-version 3.2`
// on one generated 5,000-file project, with both outputs checked to be identical. Updates bench/RESULTS.md.
//
//   node bench/collect/run.mjs [--files N] [--reference-rate R] [--django-runs N] [--porter-runs N] [--seed N]
//                              [--work DIR] [--no-write]
//
// RESULTS.md keeps one section per filesystem type of --work (ext4, tmpfs, …), each replaced by the next run there.
//
// Peak RSS comes from GNU time (`apt-get install -y time` if /usr/bin/time is missing).
import { importBundle } from '../lib/bundle.mjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const gnuTime = '/usr/bin/time';

const { values: flags } = parseArgs({
  options: {
    files: { type: 'string', default: '5000' },
    'django-runs': { type: 'string', default: '2' },
    'porter-runs': { type: 'string', default: '3' },
    seed: { type: 'string', default: '2025' },
    // Share of CSS rules with a url(): 0.05 gives about one per 750 bytes of CSS; 0.5 every other rule.
    'reference-rate': { type: 'string', default: '0.05' },
    // Where the project and all outputs go; e.g. /dev/shm/porter-bench to take the disk out of the comparison.
    work: { type: 'string', default: path.join(root, 'bench/.work/collect') },
    'no-write': { type: 'boolean', default: false },
  },
});
const work = path.resolve(flags.work);
const targetFiles = Number(flags.files);

if (!existsSync(gnuTime)) {
  console.error(`${gnuTime} is missing: it measures each child's peak RSS. Install it with: apt-get install -y time`);
  process.exit(2);
}

// The generator, the Django runner and the Porter runner are the test suite's TypeScript modules: bundle them once.
async function loadSupport() {
  // Inside the checkout whatever --work is: the bundle resolves node_modules and finds the repo from its own path.
  const outfile = path.join(root, 'bench/.work/support.mjs');
  return importBundle({
    source: ['random-project', 'django-oracle', 'run-porter'].map((name) => `export * from './test/support/${name}.ts';`).join('\n'),
    resolveDir: root,
    outfile,
  });
}

/** Runs a command under GNU time: wall time from here; peak RSS (KiB) and CPU seconds of the child from time's report. */
async function timed(support, spec) {
  // Writeback of the previous run's output would otherwise throttle this run's writes.
  execFileSync('sync');
  const report = path.join(work, 'time.txt');
  const result = await support.runCommand({ ...spec, command: gnuTime, args: ['-f', '%M %U %S', '-o', report, spec.command, ...spec.args] });
  if (result.code !== 0) throw new Error(`${spec.command} ${spec.args.join(' ')} failed (${result.code}):\n${result.stderr}`);
  const [rssKiB, user, system] = readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds: result.ms / 1000, rssMiB: rssKiB / 1024, user, system, stdout: result.stdout };
}

/** Size, mtime, ctime and inode of every entry: any write, even of identical bytes, changes one of them. */
function fingerprint(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.size} ${stat.mtimeMs} ${stat.ctimeMs} ${stat.ino}`;
    })
    .join('\n');
}

function projectStats(sources) {
  const stats = { files: 0, bytes: 0, css: 0, cssBytes: 0, urls: 0 };
  for (const source of sources) {
    for (const entry of readdirSync(source.dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = path.join(entry.parentPath, entry.name);
      stats.files++;
      stats.bytes += statSync(file).size;
      if (entry.name.endsWith('.css')) {
        const text = readFileSync(file, 'utf8');
        stats.css++;
        stats.cssBytes += Buffer.byteLength(text);
        stats.urls += text.match(/url\(/gi)?.length ?? 0;
      }
    }
  }
  return stats;
}

function compareOutputs(support, porterDir, djangoDir) {
  const porter = support.readTree(porterDir);
  const django = support.readTree(djangoDir);
  const diff = support.diffTrees(porter, django, new Set(['staticfiles.json']));
  const pm = porter.get('staticfiles.json');
  const dm = django.get('staticfiles.json');
  const pairs = (raw) => JSON.stringify(Object.entries(JSON.parse(raw?.toString('utf8') ?? '{"paths":{}}').paths).sort());
  const manifest = pm && dm && pm.equals(dm) ? 'identical bytes' : pairs(pm) === pairs(dm) ? 'same entries, different key order or formatting' : 'different entries';
  const identical = diff.missing.length + diff.extra.length + diff.different.length === 0 && manifest === 'identical bytes';
  return { identical, diff, manifest, files: django.size };
}

const fmtSeconds = (seconds) => (seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1));
const fmtMiB = (mib) => mib.toFixed(0);
const describe = (run) => `${fmtSeconds(run.seconds)} s wall, ${fmtSeconds(run.user)} s user, ${fmtSeconds(run.system)} s sys, ${fmtMiB(run.rssMiB)} MiB`;

function machine() {
  const cpus = os.cpus();
  const django = execFileSync('/usr/bin/python3', ['-c', 'import django, sys; print(django.get_version(), sys.version.split()[0])'], { encoding: 'utf8' }).trim().split(' ');
  return {
    cpu: `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    django: `Django ${django[0]} on Python ${django[1]}`,
  };
}

const fsNote = `
On ext4 here, system time swings by several seconds between identical runs: after mass deletions (earlier runs,
other test suites) every file creation pays for ext4's inode allocator scanning recently freed inodes (perf:
\`recently_deleted\`, \`find_inode_bit\`, \`find_get_block_common\`), Django and Porter alike. The tmpfs section
takes the disk out.`;

function resultsSection(r) {
  const m = r.machine;
  const row = (run) => `${fmtSeconds(run.seconds)} s | ${fmtSeconds(run.user)} s | ${fmtSeconds(run.system)} s | ${fmtMiB(run.rssMiB)} MiB`;
  return `<!-- bench:collect:${r.filesystem}:start -->
## collect: Porter vs Django collectstatic, output on ${r.filesystem}

\`npm run bench:collect\` (bench/collect/run.mjs), ${r.date}. Machine: ${m.cpu}, ${m.memory}, ${m.os}; Node ${m.node}; ${m.django}.
Project: seed ${r.seed}, ${r.project.files} source files (${(r.project.bytes / 2 ** 20).toFixed(0)} MiB) in ${r.project.sources} sources
(12 apps, 2 STATICFILES_DIRS, one prefixed), ${r.output.files} files written by Django; ${r.project.css} CSS files
(${(r.project.cssBytes / 2 ** 20).toFixed(1)} MiB, ${r.project.urls} \`url(\` occurrences, \`--reference-rate ${r.referenceRate}\`) with url()/@import
references, JS with source maps, images and fonts as random bytes (a few hundred bytes to ~200 KB).
Each run writes into a fresh folder (Porter also with an empty content-hash cache), after \`sync\`; wall time of the
whole command; CPU times and peak RSS of the child process (GNU time %U, %S, %M).${r.filesystem === 'ext4' ? fsNote : ''}

| run | wall time | user CPU | system CPU | peak RSS |
|---|---:|---:|---:|---:|
| Django 3.2 \`collectstatic --noinput\`, ManifestStaticFilesStorage (best of ${r.django.runs.length}) | ${row(r.django.best)} |
| \`porter collect --django-version 3.2\` (best of ${r.porter.runs.length}) | ${row(r.porter.best)} |
| \`porter collect\` again, project unchanged | ${row(r.again)} |

- All runs: Django ${r.django.runs.map((run) => fmtSeconds(run.seconds)).join(' / ')} s; Porter ${r.porter.runs.map((run) => fmtSeconds(run.seconds)).join(' / ')} s.
- **Django / Porter: ${r.ratio.toFixed(1)}×** (goal: at least 20×) — ${r.ratio >= 20 ? 'met' : '**not met**'}.
- Outputs: ${r.output.identical ? 'identical (every file byte for byte; staticfiles.json identical bytes)' : `**differ**: ${JSON.stringify(r.output.diff)}; staticfiles.json: ${r.output.manifest}`}.
- Second run: ${r.again.untouched ? 'wrote nothing (every entry keeps its size, mtime, ctime and inode)' : '**rewrote files**'}; reported \`written\`: ${r.again.written}.
<!-- bench:collect:${r.filesystem}:end -->
`;
}

function updateResults(section, filesystem) {
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = new RegExp(`<!-- bench:collect:${filesystem}:start -->[\\s\\S]*?<!-- bench:collect:${filesystem}:end -->\\n?`);
  const next = pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(resultsFile, next);
}

/** --work is wiped at start: only ever a folder this script made (it leaves a marker) or an empty one. */
function resetWork() {
  const marker = path.join(work, '.porter-bench');
  if (existsSync(work) && readdirSync(work).length > 0 && !existsSync(marker)) {
    throw new Error(`${work} is not empty and was not made by this benchmark; pick another --work folder.`);
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  writeFileSync(marker, '');
}

async function main() {
  resetWork();
  const support = await loadSupport();
  support.ensurePorterBuilt();

  const seed = Number(flags.seed);
  // The generator adds maps, duplicates and ignored files on top of `files`: aim the total at --files.
  const project = support.generateProject(path.join(work, 'project'), seed, {
    apps: 12,
    files: Math.round(targetFiles * 0.81),
    minBytes: 300,
    maxBytes: 200_000,
    quirks: false,
    symlinks: false,
    referenceRate: Number(flags['reference-rate']),
  });
  const size = projectStats(project.sources);
  console.log(
    `project: ${size.files} files, ${(size.bytes / 2 ** 20).toFixed(1)} MiB in ${project.sources.length} sources; ` +
      `${size.css} CSS files (${(size.cssBytes / 2 ** 20).toFixed(1)} MiB) with ${size.urls} url()`,
  );

  // Every run writes into a folder of its own and nothing is deleted until the end: on this VM, freeing a few hundred
  // MB of page cache makes the next big writer pay several seconds of system time, whichever tool it is.
  const djangoOut = (i) => path.join(work, `django-${i}`);
  const porterOut = (i) => path.join(work, `porter-${i}`);
  const porterSpec = (i, json) =>
    support.porterCollectCommand({
      sources: project.sources,
      outDir: porterOut(i),
      djangoVersion: '3.2',
      project: project.root,
      cacheDir: path.join(work, `porter-cache-${i}`),
      json,
    });

  const djangoRuns = [];
  for (let i = 0; i < Number(flags['django-runs']); i++) {
    djangoRuns.push(await timed(support, support.djangoCollectCommand({ sources: project.sources, outDir: djangoOut(i), settingsDir: path.join(work, 'settings') })));
    console.log(`django run ${i + 1}: ${describe(djangoRuns.at(-1))}`);
  }
  const porterRuns = [];
  for (let i = 0; i < Number(flags['porter-runs']); i++) {
    porterRuns.push(await timed(support, porterSpec(i, false)));
    console.log(`porter run ${i + 1}: ${describe(porterRuns.at(-1))}`);
  }
  const last = porterRuns.length - 1;
  const output = compareOutputs(support, porterOut(last), djangoOut(0));
  console.log(`outputs: ${output.identical ? 'identical' : `DIFFER ${JSON.stringify(output.diff)}, staticfiles.json: ${output.manifest}`}`);

  const before = fingerprint(porterOut(last));
  const againRun = await timed(support, porterSpec(last, true));
  const again = { ...againRun, untouched: fingerprint(porterOut(last)) === before, written: JSON.parse(againRun.stdout).written };
  console.log(`porter again: ${describe(again)}, written ${again.written}, untouched ${again.untouched}`);

  const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const results = {
    date: new Date().toISOString().slice(0, 10),
    seed,
    machine: machine(),
    // First line: a mount point can be stacked (two tmpfs on /dev/shm).
    filesystem: execFileSync('findmnt', ['-n', '-o', 'FSTYPE', '-T', work], { encoding: 'utf8' }).split('\n')[0].trim(),
    referenceRate: Number(flags['reference-rate']),
    project: { ...size, sources: project.sources.length },
    output,
    django: { runs: djangoRuns, best: best(djangoRuns) },
    porter: { runs: porterRuns, best: best(porterRuns) },
    again,
  };
  results.ratio = results.django.best.seconds / results.porter.best.seconds;
  console.log(`Django / Porter: ${results.ratio.toFixed(1)}x (goal >= 20x)`);
  const section = resultsSection(results);
  if (!flags['no-write']) updateResults(section, results.filesystem);
  console.log(`\n${section}`);
  const passed = output.identical && again.untouched && again.written === 0;
  // Outputs stay for inspection when they differ; otherwise they are ~1 GB of nothing.
  if (passed) rmSync(work, { recursive: true, force: true });
  return passed ? 0 : 1;
}

process.exitCode = await main();
