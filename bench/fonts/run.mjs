#!/usr/bin/env node
// WOFF2 encoders from npm side by side on real fonts on this machine: output bytes and time for woff2-encoder
// (Porter's), wawoff2 and ttf2woff2 (its WebAssembly fallback where its native addon did not build), each checked
// lossless with Porter's check (electron/core/optimize/fonts/same-font.ts) after decoding back. Then what
// subsetting to Latin costs with subset-font (harfbuzz), which Porter does not ship.
// Prints a table and replaces its section of bench/RESULTS.md.
//
//   node bench/fonts/run.mjs [--runs N] [--no-write]
//
// Time is the best of --runs after one untimed warm-up per encoder, in this process, one encoder at a time.
import { importBundle } from '../lib/bundle.mjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const require = createRequire(import.meta.url);

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '1' },
    'no-write': { type: 'boolean', default: false },
  },
});
const runs = Number(flags.runs);

// Fonts that ship with Debian packages and npm packages here: DejaVu (fonts-dejavu-core/extra), Cantarell
// (fonts-cantarell, CFF outlines, the OTF case), VS Code's codicon icon font (playwright-core) and Roboto (fontverter's test data).
const inputs = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-ExtraLight.ttf',
  path.join(root, 'node_modules/fontverter/testdata/Roboto-400.ttf'),
  path.join(root, 'node_modules/playwright-core/lib/vite/traceViewer/codicon.DCmgc-ay.ttf'),
  '/usr/share/fonts/opentype/cantarell/Cantarell-Regular.otf',
  '/usr/share/fonts/opentype/cantarell/Cantarell-Bold.otf',
].filter((file) => existsSync(file));

async function loadPorter() {
  return importBundle({ entry: path.join(root, 'electron/core/optimize/fonts/index.ts'), outfile: path.join(root, 'bench/.work/fonts-porter.mjs') });
}

const wawoff2 = require('wawoff2');
const encoders = {
  'woff2-encoder': async (bytes) => Buffer.from(await (await import('woff2-encoder')).compress(bytes)),
  wawoff2: async (bytes) => Buffer.from(await wawoff2.compress(bytes)),
  'ttf2woff2 (wasm)': async (bytes) => {
    process.env.TTF2WOFF2_VERSION = 'wasm';
    return Buffer.from((await import('ttf2woff2')).default(bytes));
  },
};

async function measure(encode, bytes, porter) {
  let best = Infinity;
  let output;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    output = await encode(bytes);
    best = Math.min(best, performance.now() - start);
  }
  const decodeStart = performance.now();
  const decoded = Buffer.from(await wawoff2.decompress(output));
  const decodeMs = performance.now() - decodeStart;
  const checkStart = performance.now();
  const difference = porter.fontDifference(bytes, decoded);
  const checkMs = performance.now() - checkStart;
  return { bytes: output.length, ms: best, decodeMs, checkMs, lossless: difference === null, difference };
}

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${os.type()} ${os.release()}; Node ${process.version}`;
}

const kb = (bytes) => (bytes / 1000).toFixed(1);
const ms = (value) => (value < 10 ? value.toFixed(1) : value.toFixed(0));

async function subsetCost() {
  const file = inputs[0];
  const { default: subsetFont } = await import('subset-font');
  const bytes = readFileSync(file);
  // Printable ASCII and Latin-1: what an English or Western European site's text uses.
  let text = '';
  for (let code = 0x20; code <= 0xff; code++) if (code < 0x7f || code >= 0xa0) text += String.fromCodePoint(code);
  await subsetFont(bytes, 'warm-up', { targetFormat: 'truetype' });
  let start = performance.now();
  const subsetTtf = await subsetFont(bytes, text, { targetFormat: 'truetype' });
  const subsetMs = performance.now() - start;
  start = performance.now();
  const { compress } = await import('woff2-encoder');
  const subsetWoff2 = Buffer.from(await compress(subsetTtf));
  const woff2Ms = performance.now() - start;
  const full = Buffer.from(await compress(bytes));
  return { file, bytes: bytes.length, chars: [...text].length, subsetTtf: subsetTtf.length, subsetMs, subsetWoff2: subsetWoff2.length, woff2Ms, full: full.length };
}

async function main() {
  const porter = await loadPorter();
  const names = Object.keys(encoders);
  const small = readFileSync(inputs.at(-1));
  for (const name of names) await encoders[name](small);
  const rows = [];
  for (const [index, file] of inputs.entries()) {
    const bytes = readFileSync(file);
    const row = { file, bytes: bytes.length, flavor: porter.sfntFlavor(bytes), results: {} };
    // Each font starts with the next encoder, so none always runs first (the machine is shared and warms up).
    for (const name of [...names.slice(index % names.length), ...names.slice(0, index % names.length)]) {
      row.results[name] = await measure(encoders[name], bytes, porter);
      process.stderr.write(`${path.basename(file)} ${name}: ${JSON.stringify(row.results[name])}\n`);
    }
    rows.push(row);
  }
  const subset = await subsetCost();
  process.stderr.write(`subset: ${JSON.stringify(subset)}\n`);

  const totals = Object.fromEntries(names.map((name) => [name, rows.reduce((sum, row) => ({ bytes: sum.bytes + row.results[name].bytes, ms: sum.ms + row.results[name].ms }), { bytes: 0, ms: 0 })]));
  const originalTotal = rows.reduce((sum, row) => sum + row.bytes, 0);
  const reference = totals['woff2-encoder'];
  const cell = (result) => `${kb(result.bytes)} KB, ${ms(result.ms)} ms${result.lossless ? '' : `, NOT lossless (${result.difference})`}`;
  const table = [
    `| font (flavour, bytes) | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${path.basename(row.file)} (${row.flavor}, ${kb(row.bytes)} KB) | ${names.map((name) => cell(row.results[name])).join(' | ')} |`),
    `| **total** (${kb(originalTotal)} KB) | ${names
      .map((name) => `**${kb(totals[name].bytes)} KB** (${((totals[name].bytes / originalTotal) * 100).toFixed(1)}%), ${ms(totals[name].ms)} ms; ${(totals[name].bytes / reference.bytes).toFixed(3)}× bytes, ${(totals[name].ms / reference.ms).toFixed(2)}× time of woff2-encoder`)
      .join(' | ')} |`,
  ].join('\n');
  const checks = rows.flatMap((row) => names.map((name) => row.results[name]));
  const lossless = checks.filter((result) => result.lossless).length;
  const decodeMs = checks.reduce((sum, result) => sum + result.decodeMs + result.checkMs, 0) / checks.length;
  const subsetText =
    `Subsetting (not shipped): subset-font 2.9 (harfbuzz in WebAssembly) on ${path.basename(subset.file)} (${kb(subset.bytes)} KB) to ${subset.chars} characters (printable ASCII and Latin-1): ` +
    `${ms(subset.subsetMs)} ms to a ${kb(subset.subsetTtf)} KB TTF, plus ${ms(subset.woff2Ms)} ms to a ${kb(subset.subsetWoff2)} KB WOFF2, against ${kb(subset.full)} KB for the whole font as WOFF2 ` +
    `(${((subset.subsetWoff2 / subset.full) * 100).toFixed(1)}% of it).`;
  console.log(table);
  console.log(subsetText);

  const section = `<!-- bench:fonts:start -->
## fonts: WOFF2 encoders from npm on real fonts

\`node bench/fonts/run.mjs\`, ${new Date().toISOString().slice(0, 10)}. Machine: ${machine()}.
Each encoder at its default (Google's woff2, brotli quality 11) on TTF and OTF fonts from Debian and npm packages; best of ${runs} run(s) after a warm-up.
Every output decoded back with wawoff2 (so not by the encoder's own decoder) and compared with Porter's lossless check (every table byte-identical except glyf/loca, compared glyph by glyph as outlines, and head's checksum and flag bit 11):
${lossless} of ${checks.length} outputs lossless; decoding plus the check took ${ms(decodeMs)} ms a font on average. Porter uses woff2-encoder
(the same bytes as wawoff2, both Google's woff2; ships its own types, published more recently; ttf2woff2's WebAssembly fallback is larger and slower).
The machine is shared: one font's time swings by 2× from run to run, so the two identical builds' times say only that they are alike; ttf2woff2's gap holds on every font.

${table}

${subsetText}
<!-- bench:fonts:end -->
`;
  if (flags['no-write']) return;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:fonts:start -->[\s\S]*?<!-- bench:fonts:end -->\n?/;
  const next = pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${section}`;
  writeFileSync(resultsFile, next);
}

await main();
