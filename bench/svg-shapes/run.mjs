#!/usr/bin/env node
// SVG minification time against the number of shapes (issue 17 point 11): generated SVGs of N small same-coloured
// rects through svgo's preset-default as Porter ran it before (mergePaths always on) and through Porter's minifySvg
// now (mergePaths left out above MERGE_PATHS_MAX_SHAPES). mergePaths compares each path with everything merged before
// it, so its time grows with the square of N. Prints a table and replaces its section of bench/RESULTS.md.
//
//   node bench/svg-shapes/run.mjs [--shapes 1000,2000,3000,15000] [--before-max N] [--no-write]
//
// --before-max (default 3000) skips the old setting above N shapes: at 15,000 it took 127 s on a quiet machine.
// Each cell is one run, in a fresh child process per run so one slow run cannot slow the next.
import { bundleForNode } from '../lib/bundle.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const work = path.join(root, 'bench/.work');
const scriptFile = fileURLToPath(import.meta.url);

const { values: flags } = parseArgs({
  options: {
    shapes: { type: 'string', default: '1000,2000,3000,15000' },
    'before-max': { type: 'string', default: '3000' },
    'no-write': { type: 'boolean', default: false },
    // Internal: one timed run in a child process.
    child: { type: 'string' },
  },
});

function rectsSvg(count) {
  const rects = Array.from({ length: count }, (_, index) => `  <rect x="${(index * 7) % 1000}" y="${(Math.floor(index / 143) * 7) % 1000}" width="5" height="5" fill="#336699"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000">\n${rects.join('\n')}\n</svg>\n`;
}

async function porterModule() {
  return bundleForNode({
    source: "export { minifySvg } from './electron/core/optimize/text/minify-svg.ts';",
    resolveDir: root,
    outfile: path.join(work, 'svg-shapes-porter.mjs'),
  });
}

if (flags.child) {
  // svgo is loaded before the clock starts, in both settings.
  const [setting, shapes, moduleFile] = flags.child.split(':');
  const svg = rectsSvg(Number(shapes));
  const { optimize } = await import('svgo');
  const { minifySvg } = await import(pathToFileURL(moduleFile).href);
  const started = performance.now();
  const code =
    setting === 'before'
      ? optimize(svg, { plugins: [{ name: 'preset-default', params: { overrides: { cleanupIds: { remove: true, minify: false } } } }] }).data
      : (await minifySvg(svg, 'rects.svg')).code;
  process.stdout.write(JSON.stringify({ ms: performance.now() - started, inputBytes: svg.length, outputBytes: Buffer.byteLength(code) }));
  process.exit(0);
}

mkdirSync(work, { recursive: true });
const moduleFile = await porterModule();
const counts = flags.shapes.split(',').map(Number);
const beforeMax = Number(flags['before-max']);
const run = (setting, shapes) =>
  JSON.parse(execFileSync(process.execPath, [scriptFile, '--child', `${setting}:${shapes}:${moduleFile}`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 }));

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const rows = [];
for (const shapes of counts) {
  const before = shapes <= beforeMax ? run('before', shapes) : null;
  const after = run('after', shapes);
  const cells = [
    `${shapes.toLocaleString('en')} (${kb(after.inputBytes)})`,
    before ? `${seconds(before.ms)}, ${kb(before.outputBytes)}` : `skipped (over --before-max ${beforeMax})`,
    `${seconds(after.ms)}, ${kb(after.outputBytes)}`,
    before ? `${(before.ms / after.ms).toFixed(1)}×` : '',
  ];
  rows.push(`| ${cells.join(' | ')} |`);
  process.stdout.write(`${rows.at(-1)}\n`);
}

const load = os.loadavg().map((value) => value.toFixed(1)).join(', ');
const section = [
  '<!-- bench:svg-shapes:start -->',
  '## svg-shapes: SVG minification time against the number of shapes (issue 17 point 11)',
  '',
  `\`node bench/svg-shapes/run.mjs\`, ${new Date().toISOString().slice(0, 10)}. ${os.cpus().length} cores, Node ${process.version}; load average at the end ${load}`,
  '(other helpers shared the machine: compare the columns of one run, not runs). N rects of one colour; svgo preset-default as Porter ran',
  'it before (mergePaths on) and Porter now (mergePaths left out above 2,000 shapes); one run each, time and output bytes.',
  '',
  '| shapes (input) | before: mergePaths on | now | speed-up |',
  '|---|---|---|---|',
  ...rows,
  '<!-- bench:svg-shapes:end -->',
].join('\n');
process.stdout.write(`\n${section}\n`);
if (!flags['no-write']) {
  const text = readFileSync(resultsFile, 'utf8');
  const pattern = /<!-- bench:svg-shapes:start -->[\s\S]*<!-- bench:svg-shapes:end -->/;
  writeFileSync(resultsFile, pattern.test(text) ? text.replace(pattern, section) : `${text.trimEnd()}\n\n${section}\n`);
}
