#!/usr/bin/env node
// JS minifiers side by side on real library files from node_modules: output bytes, gzip-9 bytes and time for
// oxc-minify, @swc/core, esbuild and terser, each with its default compress + mangle settings on a classic script
// (what a browser loads from a Django static folder; oxc-minify also keeps licence comments, as Porter runs it).
// Prints a table and replaces its section of bench/RESULTS.md.
//
//   node bench/minify/run.mjs [--runs N] [--terser-max-bytes N] [--no-write]
//
// Time is the best of --runs (after one untimed warm-up per minifier), in this process, one minifier at a time.
import { transform as esbuildTransform } from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { minifySync as oxcMinify } from 'oxc-minify';
import { minify as swcMinify } from '@swc/core';
import { minify as terserMinify } from 'terser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    // terser needs minutes on typescript.js (9 MB); the reference benchmark times it out at 10 s.
    'terser-max-bytes': { type: 'string', default: '2000000' },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);
const terserMaxBytes = Number(flags['terser-max-bytes']);

const inputs = [
  'node_modules/react/cjs/react.production.js',
  'node_modules/acorn/dist/acorn.js',
  'node_modules/lodash/lodash.js',
  'node_modules/react-dom/cjs/react-dom-client.production.js',
  'node_modules/typescript/lib/typescript.js',
].filter((file) => existsSync(path.join(root, file)));

const minifiers = {
  'oxc-minify': async (code, file) => {
    // Porter's settings (electron/core/optimize/text/minify-js.ts): licence comments kept, as terser and esbuild do.
    const result = oxcMinify(path.basename(file), code, { module: false, codegen: { legalComments: 'inline' } });
    if (result.errors.length > 0) throw new Error(result.errors[0].message);
    return result.code;
  },
  '@swc/core': async (code) => (await swcMinify(code, { compress: true, mangle: true, module: false })).code,
  esbuild: async (code) => (await esbuildTransform(code, { minify: true, loader: 'js' })).code,
  terser: async (code) => (await terserMinify(code, { compress: true, mangle: true, module: false })).code,
};

async function measure(name, code, file) {
  const minify = minifiers[name];
  await minify(code, file);
  let best = Infinity;
  let output = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    output = await minify(code, file);
    best = Math.min(best, performance.now() - start);
  }
  return { bytes: Buffer.byteLength(output), gzip: gzipSync(output, { level: 9 }).length, ms: best };
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.type()} ${os.release()}; Node ${process.version}`;
}

const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (value) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

async function main() {
  const rows = [];
  for (const file of inputs) {
    const code = readFileSync(path.join(root, file), 'utf8');
    const row = { file, bytes: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length, results: {} };
    for (const name of Object.keys(minifiers)) {
      if (name === 'terser' && row.bytes > terserMaxBytes) continue;
      row.results[name] = await measure(name, code, file);
      process.stderr.write(`${path.basename(file)} ${name}: ${JSON.stringify(row.results[name])}\n`);
    }
    rows.push(row);
  }

  const names = Object.keys(minifiers);
  const cell = (result, terser) => {
    if (!result) return 'skipped';
    const vsTerser = terser ? ` (${((result.gzip / terser.gzip - 1) * 100).toFixed(1)}%, ${(terser.ms / result.ms).toFixed(0)}×)` : '';
    return `${kb(result.bytes)} / ${kb(result.gzip)} KB, ${ms(result.ms)} ms${vsTerser}`;
  };
  const table = [
    `| input (bytes / gzip) | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...rows.map((row) => {
      const terser = row.results.terser;
      const cells = names.map((name) => (name === 'terser' ? cell(row.results[name]) : cell(row.results[name], terser)));
      return `| ${path.basename(row.file)} (${kb(row.bytes)} / ${kb(row.gzip)} KB) | ${cells.join(' | ')} |`;
    }),
  ].join('\n');
  console.log(table);

  const section = `<!-- bench:minify:start -->
## minify: JS minifiers on node_modules libraries

\`node bench/minify/run.mjs\`, ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
Each minifier with default compress + mangle on a classic script (oxc-minify keeping licence comments, as Porter runs it); output bytes / gzip-9 bytes, best of ${runs} runs after a
warm-up. In brackets: gzip size against terser's and speed-up over terser. terser skipped above ${terserMaxBytes} bytes.

${table}
<!-- bench:minify:end -->
`;
  if (flags['no-write']) return;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:minify:start -->[\s\S]*?<!-- bench:minify:end -->\n?/;
  const next = pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(resultsFile, next);
}

await main();
