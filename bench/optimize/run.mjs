#!/usr/bin/env node
// Optimize benchmark (issue 3 §6, issue 13 §1), four phases; the corpora are generated or gathered at run time (nothing but this script is committed):
//
//   images  Porter's image optimiser (the built electron/core/optimize, `optimizeAsset`) against a bare sharp loop doing
//           the same encode with the same settings, side by side in one run, both with --concurrency images in flight
//           (Promise concurrency in this one process: sharp runs each pipeline on the libuv pool, so two in flight keep
//           both cores busy; Porter's SSIM, which is JavaScript, runs on the main thread). Workloads: lossless PNG
//           (photos, screenshots, icons), lossy PNG (palette, screenshots and icons), lossy JPEG (mozjpeg, photos) and
//           lossless JPEG (coefficient transcode; its bare baseline is @napi-rs/image's compressJpeg, since sharp cannot
//           do it). Then one image at a time, Porter's steps are timed separately, to show where its extra time goes.
//   text    A large JS library and bootstrap's CSS (source and minified) through Porter's minifier against terser,
//           esbuild and cssnano. bench/minify/run.mjs compares the JS minifiers themselves on more files.
//   lossless  Real PNGs from installed Debian and npm packages (REAL_PNG_PATTERNS below): Porter's lossless bytes at each
//           effort against optipng -o2, zopflipng and oxipng side by side, and Porter's throughput against the engine each
//           effort runs bare. Written to its own section of bench/RESULTS.md whenever it runs.
//   memory  Peak RSS of a child process optimising --memory-count generated --memory-size JPEGs (default 50 × 24 MP),
//           --concurrency at a time, through Porter's pipeline (and, for scale, the bare baseline). The images are
//           generated once into --work and reused by later runs.
//
//   node bench/optimize/run.mjs [--phases images,text,memory,lossless] [--rounds N] [--lossless-rounds N] [--concurrency N]
//        [--photo-sizes 800x600,1600x1200,2400x1600] [--photos-per-size N] [--screenshot-sizes WxH,...]
//        [--screenshots-per-size N] [--icon-sizes 16,32,...] [--icons-per-size N] [--lossy-png-photos]
//        [--text-runs N] [--memory-count N] [--memory-size WxH] [--memory-runs porter:lossless,...]
//        [--seed N] [--work DIR] [--no-write]
//
// Prints a table and replaces the section between <!-- bench:optimize:start --> and <!-- bench:optimize:end --> of
// bench/RESULTS.md (unless --no-write, or when not every phase ran).
import { build, transform as esbuildTransform } from 'esbuild';
import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import sharp from 'sharp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const scriptFile = fileURLToPath(import.meta.url);
const gnuTime = '/usr/bin/time';

const { values: flags } = parseArgs({
  options: {
    phases: { type: 'string', default: 'images,text,memory,lossless' },
    // Passes over the real-PNG corpus for the fast tools (zopflipng and Porter max run once: minutes each).
    'lossless-rounds': { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '2' },
    'photo-sizes': { type: 'string', default: '800x600,1600x1200,2400x1600' },
    'photos-per-size': { type: 'string', default: '3' },
    'screenshot-sizes': { type: 'string', default: '1280x800,1920x1080,2560x1440' },
    'screenshots-per-size': { type: 'string', default: '2' },
    'icon-sizes': { type: 'string', default: '16,32,64,128,256' },
    'icons-per-size': { type: 'string', default: '4' },
    // Palette quantisation (libimagequant) of a noisy photo takes seconds per megapixel: off by default.
    'lossy-png-photos': { type: 'boolean', default: false },
    'text-runs': { type: 'string', default: '3' },
    'memory-count': { type: 'string', default: '50' },
    'memory-size': { type: 'string', default: '6000x4000' },
    // Each entry is one child process, impl:mode. impl: porter; bare (lossy: the sharp encode; lossless:
    // @napi-rs/image compressJpeg).
    'memory-runs': { type: 'string', default: 'porter:lossless,porter:lossy,bare:lossless,bare:lossy' },
    seed: { type: 'string', default: '2025' },
    work: { type: 'string', default: path.join(root, 'bench/.work/optimize') },
    'no-write': { type: 'boolean', default: false },
    // Internal: run as the memory child.
    'memory-child': { type: 'string' },
  },
});
const work = path.resolve(flags.work);
const concurrency = Number(flags.concurrency);
const seed = Number(flags.seed);

// Porter's settings for the bare loops, copied from electron/core/optimize/images/encoders.ts.
const LOSSY_QUALITY = 80;
const PNG_LOSSLESS = { compressionLevel: 9, adaptiveFiltering: true, palette: false };
const PNG_LOSSY = { compressionLevel: 9, palette: true, quality: LOSSY_QUALITY };
const JPEG_LOSSY = { quality: LOSSY_QUALITY, mozjpeg: true };

// ---------------------------------------------------------------------------------------------------------------
// Porter, built the way bench/collect builds its support code: esbuild bundles the TypeScript, packages stay external.

async function loadPorter() {
  const outfile = path.join(root, 'bench/.work/optimize-porter.mjs');
  const dir = 'electron/core/optimize';
  await build({
    stdin: {
      contents: [
        `export * from './${dir}/index.ts';`,
        `export { minifyText } from './${dir}/text/index.ts';`,
        `export { encode } from './${dir}/images/encoders.ts';`,
        `export { losslessCandidate } from './${dir}/images/lossless.ts';`,
        `export { transcodeJpegLossless } from './${dir}/images/jpeg-lossless.ts';`,
        `export { perceptualScore, scoreReference } from './${dir}/images/perceptual-score.ts';`,
        `export { ssim } from './${dir}/images/ssim.ts';`,
        `export { inspectImage, DEFAULT_MAX_PIXELS } from './${dir}/images/source-image.ts';`,
        `export { sniffFormat } from './${dir}/images/sniff-format.ts';`,
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'bench-optimize.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parseSize = (text) => {
  const [w, h] = text.split('x').map(Number);
  return { w, h: h ?? w };
};
const sizes = (text) => text.split(',').filter(Boolean).map(parseSize);

/** A "photo": smooth random colour fields (a coarse random grid upscaled with a cubic kernel) plus sensor-like grain. */
async function photoPixels(w, h, rand) {
  const cell = Math.max(8, Math.round(Math.max(w, h) / 48));
  const cw = Math.ceil(w / cell) + 1;
  const ch = Math.ceil(h / cell) + 1;
  const coarse = Buffer.alloc(cw * ch * 3);
  for (let i = 0; i < coarse.length; i++) coarse[i] = 30 + rand() * 200;
  const data = await sharp(coarse, { raw: { width: cw, height: ch, channels: 3 } })
    .resize(w, h, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  // Grain: a triangular distribution of ±12 shared by the channels plus ±2 per channel, drawn from a table of 2^16
  // values read from a random offset on each row (a fresh draw per pixel costs seconds per 24 MP image).
  const table = new Float32Array(1 << 16);
  for (let i = 0; i < table.length; i++) table[i] = (rand() + rand() - 1) * 12;
  const mask = table.length - 1;
  for (let y = 0; y < h; y++) {
    let t = Math.floor(rand() * table.length);
    let u = Math.floor(rand() * table.length);
    for (let p = y * w * 3, end = p + w * 3; p < end; p += 3) {
      const g = table[t++ & mask];
      for (let c = 0; c < 3; c++) {
        const v = data[p + c] + g + table[u++ & mask] / 6;
        data[p + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } });
}

/** A "screenshot": flat UI panels (header, sidebar, cards) with rows of text-like glyph stripes. */
function screenshotPixels(w, h, rand) {
  const data = Buffer.alloc(w * h * 3);
  const fill = (x0, y0, x1, y1, [r, g, b]) => {
    for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) {
        const i = (y * w + x) * 3;
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
      }
    }
  };
  const palette = [
    [255, 255, 255],
    [246, 248, 250],
    [233, 236, 239],
    [13, 110, 253],
    [25, 135, 84],
    [33, 37, 41],
    [108, 117, 125],
  ];
  const pick = () => palette[Math.floor(rand() * palette.length)];
  fill(0, 0, w, h, palette[1]);
  const header = Math.round(h * 0.07);
  const sidebar = Math.round(w * 0.18);
  fill(0, 0, w, header, palette[3]);
  fill(0, header, sidebar, h, palette[2]);
  const text = (x0, y0, x1, y1, colour) => {
    for (let y = y0 + 6; y + 10 < y1; y += 18) {
      let x = x0 + 8;
      while (x < x1 - 60) {
        const chars = 2 + Math.floor(rand() * 9);
        for (let c = 0; c < chars && x + 7 < x1; c++, x += 7) {
          // One glyph: a few vertical and horizontal strokes in a 6×10 box.
          const strokes = 2 + Math.floor(rand() * 3);
          for (let s = 0; s < strokes; s++) {
            if (rand() < 0.5) fill(x + Math.floor(rand() * 5), y, x + Math.floor(rand() * 5) + 2, y + 10, colour);
            else fill(x, y + Math.floor(rand() * 9), x + 6, y + Math.floor(rand() * 9) + 1, colour);
          }
        }
        x += 7;
      }
    }
  };
  text(0, header, sidebar, h, palette[5]);
  text(sidebar, 0, Math.round(w * 0.5), header, palette[0]);
  // Cards in a grid, each with a title bar and body text.
  const cols = 3;
  const cardW = Math.floor((w - sidebar - 24 * (cols + 1)) / cols);
  for (let y = header + 24; y + 140 < h; y += 260) {
    for (let c = 0; c < cols; c++) {
      const x = sidebar + 24 + c * (cardW + 24);
      const y1 = Math.min(h - 24, y + 236);
      fill(x, y, x + cardW, y1, palette[0]);
      fill(x, y, x + cardW, y + 32, rand() < 0.5 ? palette[2] : pick());
      text(x, y + 36, x + cardW, y1, rand() < 0.8 ? palette[5] : palette[6]);
    }
  }
  return sharp(data, { raw: { width: w, height: h, channels: 3 } });
}

/** An icon: a rounded square with a gradient and an anti-aliased edge, transparent around it. */
function iconPixels(size, rand) {
  const data = Buffer.alloc(size * size * 4);
  const a = [rand() * 255, rand() * 255, rand() * 255];
  const b = [rand() * 255, rand() * 255, rand() * 255];
  const r = size * (0.15 + rand() * 0.25);
  const half = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Signed distance to a rounded square inset by 1 px.
      const dx = Math.max(Math.abs(x + 0.5 - half) - (half - 1 - r), 0);
      const dy = Math.max(Math.abs(y + 0.5 - half) - (half - 1 - r), 0);
      const d = Math.hypot(dx, dy) - r;
      const alpha = Math.max(0, Math.min(1, 0.5 - d));
      const t = (x + y) / (2 * size);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c++) data[i + c] = a[c] * (1 - t) + b[c] * t;
      // A white glyph in the middle.
      if (Math.abs(x - half) < size * 0.12 || Math.abs(y - half) < size * 0.12) data.fill(255, i, i + 3);
      data[i + 3] = Math.round(alpha * 255);
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 4 } });
}

async function generateCorpus() {
  const rand = mulberry32(seed);
  const photos = { png: [], jpeg: [] };
  for (const { w, h } of sizes(flags['photo-sizes'])) {
    for (let i = 0; i < Number(flags['photos-per-size']); i++) {
      const image = await photoPixels(w, h, rand);
      // As exported by a camera or an editor: JPEG q90, PNG at zlib's default level.
      photos.jpeg.push({ name: `photo-${w}x${h}-${i}.jpg`, bytes: await image.clone().jpeg({ quality: 90 }).toBuffer(), pixels: w * h });
      photos.png.push({ name: `photo-${w}x${h}-${i}.png`, bytes: await image.png({ compressionLevel: 6 }).toBuffer(), pixels: w * h });
    }
  }
  const screenshots = [];
  for (const { w, h } of sizes(flags['screenshot-sizes'])) {
    for (let i = 0; i < Number(flags['screenshots-per-size']); i++) {
      screenshots.push({ name: `screenshot-${w}x${h}-${i}.png`, bytes: await screenshotPixels(w, h, rand).png({ compressionLevel: 6 }).toBuffer(), pixels: w * h });
    }
  }
  const icons = [];
  for (const size of flags['icon-sizes'].split(',').filter(Boolean).map(Number)) {
    for (let i = 0; i < Number(flags['icons-per-size']); i++) {
      icons.push({ name: `icon-${size}-${i}.png`, bytes: await iconPixels(size, rand).png({ compressionLevel: 6 }).toBuffer(), pixels: size * size });
    }
  }
  return { photos, screenshots, icons };
}

// ---------------------------------------------------------------------------------------------------------------
// Images phase

/** Runs `fn` over `items` with at most `n` in flight. */
async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
  return results;
}

async function timeBatch(items, fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const outputs = await pool(items, concurrency, fn);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, outputBytes: outputs.reduce((sum, bytes) => sum + bytes, 0) };
}

function imageWorkloads(porter, corpus, napiImage) {
  const porterRun = (mode, measure = true) => async (item) => (await porter.optimizeAsset(item.bytes, item.name, { mode, measure })).bytes.length;
  // The bare loops also open with autoOrient, as Porter's decode does, and, like Porter, keep the original when the
  // encode is not smaller (a free comparison).
  const bare = (encode) => async (item) => {
    const out = await encode(sharp(item.bytes, { autoOrient: true })).toBuffer();
    return Math.min(out.length, item.bytes.length);
  };
  const pngLossy = {
    id: 'png-lossy',
    label: `PNG lossy (palette q${LOSSY_QUALITY})`,
    items: [...(flags['lossy-png-photos'] ? corpus.photos.png : []), ...corpus.screenshots, ...corpus.icons],
    corpus: flags['lossy-png-photos'] ? 'photos, screenshots, icons' : 'screenshots, icons',
    porter: porterRun('lossy'),
    bare: bare((image) => image.png(PNG_LOSSY)),
    bareLabel: `sharp .png(${JSON.stringify(PNG_LOSSY)})`,
    extra: 'SSIM of the output against the source (512-px luma)',
  };
  const jpegLossy = {
    id: 'jpeg-lossy',
    label: `JPEG lossy (mozjpeg q${LOSSY_QUALITY})`,
    items: corpus.photos.jpeg,
    corpus: 'photos',
    porter: porterRun('lossy'),
    bare: bare((image) => image.jpeg(JPEG_LOSSY)),
    bareLabel: `sharp .jpeg(${JSON.stringify(JPEG_LOSSY)})`,
    extra: 'SSIM of the output against the source (512-px luma)',
  };
  // The same encodes as collect and push run them for a lossy recipe: the bytes only, no score (nothing shows one).
  const asRecipe = (workload) => ({
    ...workload,
    id: `${workload.id}-recipe`,
    label: `${workload.label}, as a recipe runs it`,
    porter: porterRun('lossy', false),
    extra: 'none beyond reading the header (`measure: false`, as recipes in collect and push call it: no score)',
  });
  const workloads = [
    {
      id: 'png-lossless',
      label: 'PNG lossless (default effort: oxipng)',
      items: [...corpus.photos.png, ...corpus.screenshots, ...corpus.icons],
      corpus: 'photos, screenshots, icons',
      porter: porterRun('lossless'),
      bare: async (item) => Math.min((await napiImage.losslessCompressPng(item.bytes)).length, item.bytes.length),
      bareLabel: '@napi-rs/image losslessCompressPng (oxipng)',
      extra: 'reads the header and drops the ancillary chunks Porter strips before oxipng (lossless by construction; the test suite compares the pixels)',
    },
    pngLossy,
    jpegLossy,
    asRecipe(pngLossy),
    asRecipe(jpegLossy),
    {
      id: 'jpeg-lossless',
      label: 'JPEG lossless (coefficient transcode)',
      items: corpus.photos.jpeg,
      corpus: 'photos',
      porter: porterRun('lossless'),
      bare: async (item) => Math.min((await napiImage.compressJpeg(item.bytes)).length, item.bytes.length),
      bareLabel: '@napi-rs/image compressJpeg (sharp has no lossless JPEG transcode)',
      extra: 'reads the header and checks the file ends with its EOI marker (lossless by construction: the DCT coefficients copied; the test suite compares the pixels)',
    },
  ];
  // Largest first, for bare and Porter alike: the last image in flight then leaves the other core idle for the least time.
  for (const workload of workloads) workload.items = [...workload.items].sort((a, b) => b.pixels - a.pixels || a.name.localeCompare(b.name));
  return workloads.filter((workload) => workload.items.length > 0);
}

async function runImages(porter, corpus) {
  const napiImage = await import('@napi-rs/image');
  const rounds = Number(flags.rounds);
  const results = [];
  for (const workload of imageWorkloads(porter, corpus, napiImage)) {
    const runs = { porter: [], bare: [] };
    // One untimed pass each (loads codecs, warms caches), then rounds alternating which goes first.
    await pool(workload.items, concurrency, workload.bare);
    await pool(workload.items, concurrency, workload.porter);
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? ['bare', 'porter'] : ['porter', 'bare'];
      for (const who of order) runs[who].push(await timeBatch(workload.items, workload[who]));
    }
    const best = (list) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
    const result = {
      ...workload,
      images: workload.items.length,
      megapixels: workload.items.reduce((sum, item) => sum + item.pixels, 0) / 1e6,
      inputBytes: workload.items.reduce((sum, item) => sum + item.bytes.length, 0),
      runs,
      bareBest: best(runs.bare),
      porterBest: best(runs.porter),
    };
    result.ratio = result.bareBest.ms / result.porterBest.ms;
    results.push(result);
    console.log(
      `${workload.id}: ${result.images} images, ${result.megapixels.toFixed(1)} MP; bare ${runs.bare.map((r) => r.ms.toFixed(0)).join('/')} ms, ` +
        `Porter ${runs.porter.map((r) => r.ms.toFixed(0)).join('/')} ms; Porter/bare throughput ${ratioText(result.ratio)}`,
    );
  }
  return results;
}

/** One image at a time, best of five: Porter's steps timed separately, against the bare encode of the same image. */
async function profileSteps(porter, corpus) {
  const bestOf = async (fn) => {
    await fn();
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await fn();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  const profiles = [];
  const largest = (list) => list.reduce((a, b) => (b.pixels > a.pixels ? b : a));
  const smallest = (list) => list.reduce((a, b) => (b.pixels < a.pixels ? b : a));
  const napiImage = await import('@napi-rs/image');
  // Lossy: inspect, the score reference, the encode, then the output's score (its decode and the SSIM call apart).
  const lossy = async (workload, item, format, label, bareEncode) => {
    const source = await porter.inspectImage(item.bytes, item.name, format, porter.DEFAULT_MAX_PIXELS);
    const reference = await porter.scoreReference(source);
    const candidate = await porter.encode(source, format, LOSSY_QUALITY, false);
    const plane = reference.planes[0];
    const ssimMs = await bestOf(() => porter.ssim(plane, plane)) * reference.planes.length;
    const scoreMs = await bestOf(() => porter.perceptualScore(reference, candidate));
    const steps = {
      'inspect (metadata)': await bestOf(() => porter.inspectImage(item.bytes, item.name, format, porter.DEFAULT_MAX_PIXELS)),
      'score reference (decode, resize to 512 px)': await bestOf(() => porter.scoreReference(source)),
      [`encode (${label})`]: await bestOf(() => porter.encode(source, format, LOSSY_QUALITY, false)),
      'score output: decode, resize to 512 px': Math.max(0, scoreMs - ssimMs),
      [`score output: SSIM (JavaScript, main thread${reference.planes.length > 1 ? ', on white and on black' : ''})`]: ssimMs,
    };
    const total = await bestOf(() => porter.optimizeAsset(item.bytes, item.name, { mode: 'lossy' }));
    const bare = await bestOf(bareEncode);
    profiles.push({ workload, image: item.name, megapixels: item.pixels / 1e6, steps, total, bare });
  };
  // Lossless: inspect, the encode (or transcode), then the rest of losslessCandidate (minus the encode).
  const lossless = async (workload, item, format, label, porterEncode, bareEncode) => {
    const source = await porter.inspectImage(item.bytes, item.name, format, porter.DEFAULT_MAX_PIXELS);
    const encode = await bestOf(() => porterEncode(source));
    const candidate = await bestOf(() => porter.losslessCandidate(source, format, false));
    const steps = {
      'inspect (metadata)': await bestOf(() => porter.inspectImage(item.bytes, item.name, format, porter.DEFAULT_MAX_PIXELS)),
      [`encode (${label})`]: encode,
      'rest of the lossless path (EOI check, metadata)': Math.max(0, candidate - encode),
    };
    const total = await bestOf(() => porter.optimizeAsset(item.bytes, item.name, { mode: 'lossless' }));
    const bare = await bestOf(bareEncode);
    profiles.push({ workload, image: item.name, megapixels: item.pixels / 1e6, steps, total, bare });
  };
  for (const item of [...new Set([largest(corpus.photos.png), largest(corpus.screenshots), smallest(corpus.icons)])]) {
    await lossless('png-lossless', item, 'png', 'oxipng', () => napiImage.losslessCompressPng(item.bytes), () => napiImage.losslessCompressPng(item.bytes));
  }
  for (const item of [...new Set([largest(corpus.screenshots), largest(corpus.icons)])]) {
    await lossy('png-lossy', item, 'png', `palette q${LOSSY_QUALITY}`, () => sharp(item.bytes, { autoOrient: true }).png(PNG_LOSSY).toBuffer());
  }
  for (const item of [...new Set([largest(corpus.photos.jpeg), smallest(corpus.photos.jpeg)])]) {
    await lossy('jpeg-lossy', item, 'jpeg', `mozjpeg q${LOSSY_QUALITY}`, () => sharp(item.bytes, { autoOrient: true }).jpeg(JPEG_LOSSY).toBuffer());
  }
  for (const item of [largest(corpus.photos.jpeg)]) {
    await lossless('jpeg-lossless', item, 'jpeg', 'coefficient transcode', (source) => porter.transcodeJpegLossless(source, false), () =>
      napiImage.compressJpeg(item.bytes),
    );
  }
  for (const profile of profiles) {
    console.log(`${profile.workload} ${profile.image}: Porter ${profile.total.toFixed(1)} ms vs bare ${profile.bare.toFixed(1)} ms; ${JSON.stringify(profile.steps, (k, v) => (typeof v === 'number' ? Number(v.toFixed(1)) : v))}`);
  }
  return profiles;
}

// ---------------------------------------------------------------------------------------------------------------
// Text phase

const JS_INPUTS = ['node_modules/react-dom/cjs/react-dom-client.production.js', 'node_modules/lodash/lodash.js'];

// bootstrap 5.3's stylesheet as it ships: the source (unminified) and the minified build, both devDependencies.
const CSS_INPUTS = ['node_modules/bootstrap/dist/css/bootstrap.css', 'node_modules/bootstrap/dist/css/bootstrap.min.css'];

async function runText(porter) {
  const runs = Number(flags['text-runs']);
  const { minify: terserMinify } = await import('terser');
  const [{ default: postcss }, { default: cssnanoPlugin }] = await Promise.all([import('postcss'), import('cssnano')]);
  const cssnano = async (code) => (await postcss([cssnanoPlugin({ preset: 'default' })]).process(code, { from: undefined })).css;
  const measure = async (fn) => {
    let output = await fn();
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      output = await fn();
      best = Math.min(best, performance.now() - start);
    }
    const buffer = Buffer.from(output);
    return {
      bytes: buffer.length,
      gzip: gzipSync(buffer, { level: 9 }).length,
      brotli: brotliCompressSync(buffer, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      ms: best,
    };
  };
  const porterMinify = (code, name) => async () => (await porter.minifyText(Buffer.from(code), name)).bytes;
  // optimizeAsset = minifyText plus the gzip and brotli sizes Porter reports for every text asset, unless told not to
  // measure (`measure: false`), as recipes in collect and push run it.
  const porterAsset = (code, name, measure = true) => async () => (await porter.optimizeAsset(Buffer.from(code), name, { mode: 'lossless', measure })).bytes;

  const inputs = [];
  for (const file of JS_INPUTS.filter((candidate) => existsSync(path.join(root, candidate)))) {
    const code = readFileSync(path.join(root, file), 'utf8');
    const name = path.basename(file);
    inputs.push({
      kind: 'js',
      label: name,
      source: file,
      code,
      tools: {
        'Porter (minifyText: oxc-minify)': porterMinify(code, name),
        'Porter optimizeAsset (+ gzip/brotli sizes)': porterAsset(code, name),
        'Porter optimizeAsset, as a recipe runs it (no sizes)': porterAsset(code, name, false),
        terser: async () => (await terserMinify(code, { compress: true, mangle: true, module: false })).code,
        esbuild: async () => (await esbuildTransform(code, { minify: true, loader: 'js' })).code,
      },
    });
  }
  for (const file of CSS_INPUTS) {
    const code = readFileSync(path.join(root, file), 'utf8');
    inputs.push({
      kind: 'css',
      label: path.basename(file),
      source: file,
      code,
      tools: {
        'Porter (minifyText: lightningcss)': porterMinify(code, 'bench.css'),
        'Porter optimizeAsset (+ gzip/brotli sizes)': porterAsset(code, 'bench.css'),
        'Porter optimizeAsset, as a recipe runs it (no sizes)': porterAsset(code, 'bench.css', false),
        esbuild: async () => (await esbuildTransform(code, { loader: 'css', minify: true })).code,
        cssnano: () => cssnano(code),
      },
    });
  }
  for (const input of inputs) {
    input.bytes = Buffer.byteLength(input.code);
    input.gzip = gzipSync(input.code, { level: 9 }).length;
    input.results = {};
    for (const [tool, fn] of Object.entries(input.tools)) {
      input.results[tool] = await measure(fn);
      console.log(`${input.label} ${tool}: ${JSON.stringify(input.results[tool], (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
    }
    delete input.code;
    delete input.tools;
  }
  return { inputs };
}

// ---------------------------------------------------------------------------------------------------------------
// Memory phase

async function generateMemoryImages() {
  const { w, h } = parseSize(flags['memory-size']);
  const count = Number(flags['memory-count']);
  const dir = path.join(work, `memory-${w}x${h}`);
  const stamp = path.join(dir, 'params.json');
  const params = JSON.stringify({ w, h, seed, version: 2 });
  const ready = existsSync(stamp) && readFileSync(stamp, 'utf8') === params;
  if (!ready) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const start = performance.now();
  let made = 0;
  for (let i = 0; i < count; i++) {
    const file = path.join(dir, `camera-${String(i).padStart(3, '0')}.jpg`);
    if (existsSync(file)) continue;
    const image = await photoPixels(w, h, mulberry32(seed * 1000 + i));
    await image.jpeg({ quality: 90 }).toFile(file);
    made++;
  }
  writeFileSync(stamp, params);
  const files = readdirSync(dir).filter((name) => name.endsWith('.jpg')).sort().slice(0, count).map((name) => path.join(dir, name));
  const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  console.log(`memory corpus: ${files.length} × ${w}×${h} JPEG, ${(bytes / 2 ** 20).toFixed(0)} MiB (${made} generated in ${((performance.now() - start) / 1000).toFixed(1)} s)`);
  return { dir, files, w, h, bytes, generated: made };
}

/** The child: optimise every file, `concurrency` at a time, reading each when its turn comes; report peak RSS. */
async function memoryChild(spec) {
  const [impl, mode] = spec.split(':');
  const files = JSON.parse(readFileSync(0, 'utf8'));
  const porter = impl === 'porter' ? await import(pathToFileURL(path.join(root, 'bench/.work/optimize-porter.mjs')).href) : null;
  const napiImage = impl === 'bare' && mode === 'lossless' ? await import('@napi-rs/image') : null;
  const start = performance.now();
  const errors = [];
  const outputs = await pool(files, concurrency, async (file) => {
    const bytes = await readFile(file);
    try {
      if (porter) return (await porter.optimizeAsset(bytes, path.basename(file), { mode })).bytes.length;
      if (napiImage) return (await napiImage.compressJpeg(bytes)).length;
      return (await sharp(bytes, { autoOrient: true }).jpeg(JPEG_LOSSY).toBuffer()).length;
    } catch (error) {
      errors.push(`${path.basename(file)}: ${error.message}`);
      return 0;
    }
  });
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024, seconds, images: files.length, outputBytes: outputs.reduce((a, b) => a + b, 0), errors }),
  );
}

function runMemory(corpus) {
  const results = [];
  for (const spec of flags['memory-runs'].split(',').filter(Boolean)) {
    const args = [scriptFile, '--memory-child', spec, '--concurrency', String(concurrency)];
    const withTime = existsSync(gnuTime);
    const report = path.join(work, 'time.txt');
    const child = spawnSync(withTime ? gnuTime : process.execPath, withTime ? ['-f', '%M %e %U %S', '-o', report, process.execPath, ...args] : args, {
      input: JSON.stringify(corpus.files),
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (child.status !== 0) throw new Error(`memory child ${spec} failed (${child.status}):\n${child.stderr}`);
    const result = { spec, ...JSON.parse(child.stdout) };
    if (withTime) {
      const [rssKiB, , user, system] = readFileSync(report, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      Object.assign(result, { gnuTimeRssMiB: rssKiB / 1024, cpuSeconds: user + system });
    }
    results.push(result);
    console.log(
      `memory ${spec}: peak RSS ${result.maxRssMiB.toFixed(0)} MiB${withTime ? ` (GNU time ${result.gnuTimeRssMiB.toFixed(0)} MiB)` : ''}, ` +
        `${result.images} images in ${result.seconds.toFixed(1)} s${result.errors.length ? `, ${result.errors.length} errors: ${result.errors[0]}` : ''}`,
    );
  }
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// Lossless phase: real PNGs from packages installed on this machine, Porter at each effort against optipng -o2,
// zopflipng and oxipng (@napi-rs/image losslessCompressPng), all in this one run.
//
// The corpus is gathered at bench time (nothing is copied into the repository), deduplicated by content, in path order:
//   /usr/share/doc/**/*.png                         Debian packages' documentation: screenshots, plots, diagrams, nav icons
//   /usr/share/icons/Adwaita/512x512/devices/*.png  adwaita-icon-theme: large RGBA icons
//   node_modules/**/*.png                           npm packages' own images (electron-builder's icon templates, Playwright's app icon)
const REAL_PNG_PATTERNS = ['/usr/share/doc/**/*.png', '/usr/share/icons/Adwaita/512x512/devices/*.png', 'node_modules/**/*.png'];

function gatherRealPngs() {
  const found = [];
  const walk = (dir, depthLeft, keep) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depthLeft > 0) walk(full, depthLeft - 1, keep);
      else if (entry.isFile() && keep(full)) found.push(full);
    }
  };
  const isPng = (file) => file.toLowerCase().endsWith('.png');
  walk('/usr/share/doc', 20, isPng);
  walk('/usr/share/icons/Adwaita/512x512/devices', 0, isPng);
  walk(path.join(root, 'node_modules'), 30, isPng);
  const seen = new Set();
  const files = [];
  for (const file of found.sort()) {
    const bytes = readFileSync(file);
    const hash = createHash('sha1').update(bytes).digest('hex');
    if (seen.has(hash) || sniffPng(bytes) === false) continue;
    seen.add(hash);
    files.push({ path: file, name: path.basename(file), bytes });
  }
  return files;
}

const sniffPng = (bytes) => bytes.length > 8 && bytes.readUInt32BE(0) === 0x89504e47;

const execFileAsync = promisify(execFile);

/** An external optimiser on a copy of the file; its output, or the input when it is not smaller (as Porter keeps). */
async function externalTool(tool, args, item, dir) {
  const input = path.join(dir, `${item.index}-in.png`);
  const output = path.join(dir, `${item.index}-${tool}.png`);
  writeFileSync(input, item.bytes);
  rmSync(output, { force: true });
  await execFileAsync(tool, args(input, output));
  const bytes = readFileSync(output);
  return bytes.length < item.bytes.length ? bytes : item.bytes;
}

async function samePixels(a, b) {
  const decode = (bytes) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [x, y] = await Promise.all([decode(a), decode(b)]);
  return x.info.width === y.info.width && x.info.height === y.info.height && x.data.equals(y.data);
}

async function runLossless(porter) {
  const napiImage = await import('@napi-rs/image');
  const files = gatherRealPngs().map((file, index) => ({ ...file, index }));
  const dir = path.join(work, 'lossless');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rounds = Math.max(1, Number(flags['lossless-rounds']));
  const keepSmaller = (item, bytes) => (bytes.length < item.bytes.length ? bytes : item.bytes);
  const tools = {
    'optipng -o2': (item) => externalTool('optipng', (i, o) => ['-o2', '-quiet', '-out', o, i], item, dir),
    zopflipng: (item) => externalTool('zopflipng', (i, o) => ['-y', i, o], item, dir),
    'oxipng (@napi-rs/image)': async (item) => keepSmaller(item, await napiImage.losslessCompressPng(item.bytes)),
  };
  const porterAt = (effort) => async (item) => (await porter.optimizeAsset(item.bytes, item.name, { mode: 'lossless', effort, measure: false })).bytes;
  const efforts = ['fast', 'balanced', 'max'];
  // The engine each effort runs, bare: the throughput goal compares Porter with it.
  const bareEngine = {
    fast: { label: 'sharp .png(zlib 9, adaptive filters)', run: async (item) => keepSmaller(item, await sharp(item.bytes, { autoOrient: true }).png(PNG_LOSSLESS).toBuffer()) },
    balanced: { label: 'oxipng (@napi-rs/image losslessCompressPng)', run: tools['oxipng (@napi-rs/image)'] },
    max: { label: 'zopflipng (the nearest bare tool: zopfli deflate after filter trials)', run: tools.zopflipng },
  };
  const slow = new Set(['max', 'zopflipng', 'once']);
  const timed = async (fn, label) => {
    const times = [];
    let outputs;
    for (let round = 0; round < (slow.has(label) ? 1 : rounds); round++) {
      const start = performance.now();
      outputs = await pool(files, concurrency, fn);
      times.push(performance.now() - start);
    }
    return { outputs, ms: Math.min(...times) };
  };
  const results = { files, tools: {}, porter: {}, bare: {} };
  // Warm-up: load every codec once.
  await pool(files.slice(0, 4), concurrency, async (item) => Promise.all([porterAt('balanced')(item), tools['oxipng (@napi-rs/image)'](item)]));
  for (const [label, fn] of Object.entries(tools)) {
    results.tools[label] = await timed(fn, label.startsWith('zopflipng') ? 'zopflipng' : label);
    console.log(`lossless ${label}: ${kb(sum(results.tools[label].outputs))} KB in ${fmtMs(results.tools[label].ms)} ms`);
  }
  for (const effort of efforts) {
    if (effort === 'max') {
      results.porter[effort] = await timed(porterAt(effort), effort);
      results.bare[effort] = results.tools.zopflipng;
    } else {
      // Rounds alternate which side goes first, so a change in the shared machine's load hits both alike.
      const runs = { porter: [], bare: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? ['bare', 'porter'] : ['porter', 'bare'];
        for (const who of order) runs[who].push(await timed(who === 'porter' ? porterAt(effort) : bareEngine[effort].run, 'once'));
      }
      const fastest = (list) => list.reduce((a, b) => (b.ms < a.ms ? b : a));
      results.porter[effort] = fastest(runs.porter);
      results.bare[effort] = fastest(runs.bare);
    }
    let identical = 0;
    for (const [index, item] of files.entries()) if (await samePixels(item.bytes, results.porter[effort].outputs[index])) identical++;
    results.porter[effort].identical = identical;
    console.log(
      `lossless Porter ${effort}: ${kb(sum(results.porter[effort].outputs))} KB in ${fmtMs(results.porter[effort].ms)} ms; bare ${bareEngine[effort].label} ${fmtMs(results.bare[effort].ms)} ms; ${identical}/${files.length} pixel-identical`,
    );
  }
  results.bareEngine = bareEngine;
  results.efforts = efforts;
  results.rounds = rounds;
  return results;
}

const LOSSLESS_EFFORTS_NOTE =
  "Porter's efforts (electron/core/optimize/images/png-lossless.ts): fast = sharp's zlib 9 with adaptive filters (the pre-issue-13 path); " +
  'balanced, the default = oxipng on the original with the ancillary chunks Porter strips removed first (colour-type, bit-depth, grey and ' +
  'exact-palette reduction; 16-bit kept exact); max = zopflipng\'s search (png-zopfli.ts) over oxipng\'s output, sharp\'s and the original\'s ' +
  'own rows: each refiltered by every strategy (types 0–4, minsum, entropy, and its encoder\'s own filters), sized by a zlib-9 deflate, and the ' +
  'best (with the runner-up when within 1 %) deflated by zopfli (@gfx/zopfli on worker threads, one per core: zopflipng\'s 15 iterations, 5 from ' +
  '200,000 bytes of filtered rows). Every effort writes the colour chunks png-colour.ts keeps for the web: sBIT, sRGB, an sRGB iCCP and ' +
  'gAMA/cHRM beside sRGB/iCCP or describing sRGB go; other profiles (Display P3...), other gammas and cICP stay.';

const sum = (outputs) => outputs.reduce((total, bytes) => total + bytes.length, 0);

function losslessGoals(r, best) {
  const ratios = Object.fromEntries(r.efforts.map((effort) => [effort, sum(r.porter[effort].outputs) / best]));
  const met = r.efforts.filter((effort) => ratios[effort] <= 1);
  const throughput = r.bare.balanced.ms / r.porter.balanced.ms;
  return [
    `- Goal ≤ 1.00 × best of baselines per file: ${met.length ? `**met** at ${met.join(', ')}` : '**not met**'} (${r.efforts.map((effort) => `${effort} ${ratios[effort].toFixed(3)}`).join(', ')}).`,
    `- Goal ≥ 0.9 of bare throughput at the default effort (balanced vs bare oxipng): ${throughput >= 0.9 ? '**met**' : '**not met**'}, ${ratioText(throughput)}.`,
  ].join('\n');
}

// Where max is furthest above the best baseline, so the next change knows which files to look at.
function worstFiles(r, toolNames) {
  const rows = r.files
    .map((item, index) => {
      const [bestTool, bestBytes] = toolNames.map((tool) => [tool, r.tools[tool].outputs[index].length]).reduce((a, b) => (b[1] < a[1] ? b : a));
      return { item, bestTool, bestBytes, over: r.porter.max.outputs[index].length - bestBytes };
    })
    .filter((row) => row.over > 0)
    .sort((a, b) => b.over - a.over)
    .slice(0, 5);
  if (rows.length === 0) return '- Max is at or below the best baseline on every file.';
  return `- Files where max is above the best baseline: ${rows.map((row) => `${path.relative('/', row.item.path)} (${row.item.bytes.length} B: max +${row.over} B over ${row.bestTool}'s ${row.bestBytes} B)`).join('; ')}.`;
}

function losslessSection(r, meta) {
  const original = r.files.reduce((total, item) => total + item.bytes.length, 0);
  const toolNames = Object.keys(r.tools);
  const bestPerFile = r.files.map((_, index) => Math.min(...toolNames.map((tool) => r.tools[tool].outputs[index].length)));
  const best = bestPerFile.reduce((a, b) => a + b, 0);
  const rows = [
    ...toolNames.map((tool) => {
      const bytes = sum(r.tools[tool].outputs);
      return `| ${tool} | ${kb(bytes)} KB | ${pct(bytes, original)} | ${(bytes / best).toFixed(3)} | ${fmtMs(r.tools[tool].ms)} ms | |`;
    }),
    ...r.efforts.map((effort) => {
      const bytes = sum(r.porter[effort].outputs);
      const worse = r.files.filter((_, index) => r.porter[effort].outputs[index].length > bestPerFile[index] * 1.02).length;
      const ratio = r.bare[effort].ms / r.porter[effort].ms;
      return (
        `| **Porter, ${effort}**${effort === 'balanced' ? ' (default)' : ''} | ${kb(bytes)} KB | ${pct(bytes, original)} | **${(bytes / best).toFixed(3)}** ${bytes <= best ? 'met' : '**not met**'}; ${worse} files > 2 % worse | ` +
        `${fmtMs(r.porter[effort].ms)} ms | ${ratioText(ratio)} × ${r.bareEngine[effort].label}${effort === 'balanced' ? (ratio >= 0.9 ? ' (met)' : ' (**not met**)') : ''}; ${r.porter[effort].identical}/${r.files.length} pixel-identical |`
      );
    }),
  ];
  return `<!-- bench:optimize-lossless:start -->
## optimize, lossless PNG: Porter vs optipng, zopflipng and oxipng on real PNGs

\`${['node bench/optimize/run.mjs', ...process.argv.slice(2)].join(' ')}\`, ${meta.date}. Machine: ${meta.machine}. Load average ${meta.loadStart} at the start, ${load()} at the end.

Corpus, gathered at bench time from packages installed here (not committed), deduplicated by content: ${REAL_PNG_PATTERNS.map((p) => `\`${p}\``).join(', ')} (node_modules of this checkout):
${r.files.length} PNGs, ${kb(original)} KB (Debian docs of nodejs, valgrind, python3, pip, libpng, libxslt: plots, screenshots, diagrams, nav icons; Adwaita 512-px device icons; electron-builder's
icon templates and Playwright's app icon). Every tool's output counts only when smaller than the input (Porter keeps the original otherwise).
optipng \`-o2\` and zopflipng with their defaults (Debian packages); oxipng = \`losslessCompressPng(bytes)\` of @napi-rs/image with its defaults.
${concurrency} files in flight for every tool (external tools as child processes); best of ${r.rounds} passes (1 pass for zopflipng and Porter max).
"× best" = total ÷ the sum over files of the smallest of the three baselines for that file (${kb(best)} KB). Throughput = bare engine time ÷ Porter time on the same files
(goal ≥ 0.9 at the default effort). Porter's outputs are decoded and compared with the originals (RGBA) after timing.

| tool | output | vs original | × best of baselines per file (goal ≤ 1.00) | time | Porter / bare throughput |
|---|---:|---:|---|---:|---|
${rows.join('\n')}

${LOSSLESS_EFFORTS_NOTE}

${losslessGoals(r, best)}
${worstFiles(r, toolNames)}
<!-- bench:optimize-lossless:end -->
`;
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}; Node ${process.version}; sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips})`;
}

const kb = (bytes) => (bytes / 1000).toFixed(1);
const fmtMs = (ms) => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
// Rounded down, so a ratio shown as 0.90 always meets the 0.9 goal.
const ratioText = (ratio) => (Math.floor(ratio * 100) / 100).toFixed(2);
const pct = (a, b) => `${a <= b ? '−' : '+'}${Math.abs((a / b - 1) * 100).toFixed(1)}%`;
const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

// CPU time moves less than wall time on a shared host: the median of each side's rounds, as a check on the wall ratio.
function cpuRatio(r) {
  const median = (runs) => {
    const sorted = runs.map((run) => run.cpuMs).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  return median(r.runs.bare) / median(r.runs.porter);
}

function imagesTable(images) {
  const rows = images.map((r) => {
    const busy = (run) => `${((run.cpuMs / run.ms) * 100).toFixed(0)}%`;
    return (
      `| ${r.label} | ${r.corpus}: ${r.images} images, ${r.megapixels.toFixed(1)} MP, ${kb(r.inputBytes)} KB | ` +
      `${fmtMs(r.bareBest.ms)} ms (${(r.megapixels / (r.bareBest.ms / 1000)).toFixed(1)} MP/s, CPU ${busy(r.bareBest)}) | ` +
      `${fmtMs(r.porterBest.ms)} ms (${(r.megapixels / (r.porterBest.ms / 1000)).toFixed(1)} MP/s, CPU ${busy(r.porterBest)}) | ` +
      `**${ratioText(r.ratio)}** ${r.ratio >= 0.9 ? 'met' : '**not met**'} | ${ratioText(cpuRatio(r))} | ${kb(r.bareBest.outputBytes)} / ${kb(r.porterBest.outputBytes)} KB |`
    );
  });
  return [
    '| workload | corpus | bare loop (best) | Porter (best) | Porter / bare throughput (goal ≥ 0.9) | bare / Porter CPU time (median) | output bare / Porter |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function profileTable(profiles) {
  return profiles
    .map((p) => {
      const steps = Object.entries(p.steps)
        .map(([step, ms]) => `${step} ${fmtMs(ms)} ms`)
        .join('; ');
      return `| ${p.workload} | ${p.image} (${p.megapixels.toFixed(2)} MP) | ${fmtMs(p.bare)} ms | ${fmtMs(p.total)} ms (${(p.bare / p.total).toFixed(2)}) | ${steps} |`;
    })
    .join('\n');
}

function textTable(text) {
  const rows = [];
  for (const input of text.inputs) {
    const baseName = input.kind === 'js' ? 'terser' : 'cssnano';
    const base = input.results[baseName];
    for (const [tool, r] of Object.entries(input.results)) {
      const vs = tool === baseName ? 'baseline' : `${pct(r.gzip, base.gzip)} gzip, ${(base.ms / r.ms).toFixed(1)}× speed`;
      rows.push(`| ${input.label} (${kb(input.bytes)} / ${kb(input.gzip)} KB) | ${tool} | ${kb(r.bytes)} KB | ${kb(r.gzip)} KB | ${kb(r.brotli)} KB | ${fmtMs(r.ms)} ms | ${vs} |`);
    }
  }
  return [`| input (bytes / gzip-9) | tool | output | gzip-9 | brotli-11 | time (best of ${flags['text-runs']}) | vs terser (JS) / cssnano (CSS) |`, '|---|---|---:|---:|---:|---:|---|', ...rows].join('\n');
}

function jsGoal(text) {
  return text.inputs
    .filter((input) => input.kind === 'js')
    .map((input) => {
      const porter = input.results['Porter (minifyText: oxc-minify)'];
      const terser = input.results.terser;
      const smaller = porter.gzip <= terser.gzip;
      const speed = terser.ms / porter.ms;
      return `${input.label}: gzip ${pct(porter.gzip, terser.gzip)} vs terser (${smaller ? 'met' : porter.gzip <= terser.gzip * 1.01 ? 'within 1%, **not met** strictly' : '**not met**'}), ${speed.toFixed(0)}× terser's speed (${speed >= 10 ? 'met' : '**not met**'})`;
    })
    .join('; ');
}

const goalText = (mib) => (mib * 2 ** 20 < 1e9 ? 'met' : mib < 1024 ? '**not met** (under 1 GiB, over 10⁹ B)' : '**not met**');

function memoryTable(memory, corpus) {
  const rows = memory.map((m) => {
    const [impl, mode] = m.spec.split(':');
    const label = impl === 'porter' ? `Porter optimizeAsset, ${mode}` : mode === 'lossless' ? 'bare @napi-rs/image compressJpeg' : `bare sharp .jpeg(${JSON.stringify(JPEG_LOSSY)})`;
    const goal = impl === 'porter' ? goalText(m.maxRssMiB) : '(reference)';
    return `| ${label} | ${m.maxRssMiB.toFixed(0)} MiB = ${((m.maxRssMiB * 2 ** 20) / 1e6).toFixed(0)} MB${m.gnuTimeRssMiB ? ` (GNU time: ${m.gnuTimeRssMiB.toFixed(0)} MiB)` : ''} | ${goal} | ${m.seconds.toFixed(1)} s${m.cpuSeconds ? `, ${m.cpuSeconds.toFixed(0)} s CPU` : ''} | ${(m.outputBytes / 2 ** 20).toFixed(0)} MiB${m.errors.length ? `, ${m.errors.length} errors` : ''} |`;
  });
  return [
    `${corpus.files.length} generated ${corpus.w}×${corpus.h} JPEGs (${((corpus.w * corpus.h) / 1e6).toFixed(0)} MP, q90, ${(corpus.bytes / 2 ** 20).toFixed(0)} MiB in all), one child process per row, ${concurrency} images in flight, each file read when its turn comes.`,
    '',
    '| child process | peak RSS (process.resourceUsage().maxRSS) | goal < 1 GB (10⁹ bytes) | wall time | output |',
    '|---|---:|---|---:|---:|',
    ...rows,
  ].join('\n');
}

function section(r) {
  return `<!-- bench:optimize:start -->
## optimize: Porter's optimisers vs bare sharp, terser, esbuild; peak memory at 24 MP

\`${['node bench/optimize/run.mjs', ...process.argv.slice(2)].join(' ')}\`, ${r.date}. Machine: ${r.machine}. Shared machine: load average
(1/5/15 min) ${r.loadStart} at the start, ${r.loadEnd} at the end; whole run ${(r.seconds / 60).toFixed(1)} min.
sharp's libvips concurrency here is ${sharp.concurrency()} thread per pipeline (its default on glibc without jemalloc), so
"both cores busy" means two images in flight: Promise concurrency ${concurrency} in one process for Porter and the bare loops alike
(sharp works on the libuv pool; Porter's SSIM, JavaScript, on the main thread).

### Images: throughput against a bare loop with the same encoder settings

Generated corpus (seed ${seed}): photos (smooth random colour fields + grain) at ${flags['photo-sizes']}, ${flags['photos-per-size']} per
size, as JPEG q90 and PNG; screenshots (flat UI panels, text-like glyph rows) at ${flags['screenshot-sizes']}, ${flags['screenshots-per-size']} per size;
icons (RGBA, anti-aliased edge) at ${flags['icon-sizes']} px, ${flags['icons-per-size']} per size. Porter = \`optimizeAsset\` from the
esbuild-bundled electron/core/optimize; bare = \`sharp(bytes, { autoOrient: true })\` + the encoder call below.
Best of ${flags.rounds} rounds after a warm-up, alternating which goes first; CPU = process CPU time / wall time (200% = both cores); the CPU-time column compares the
median CPU time of each side's rounds, which a busy host moves less than wall time.
Lossy PNG on photos is left out (\`--lossy-png-photos\`): libimagequant takes 3–10 s per noisy photo, bare or Porter alike.

${imagesTable(r.images)}

Bare encoders: ${r.images.map((w) => `${w.id}: ${w.bareLabel}`).join('; ')}.
Porter's extra work per image: ${r.images.map((w) => `${w.id}: ${w.extra}`).join('; ')}.

Where Porter's time goes, one image at a time (best of 5; "score output: decode" is perceptualScore minus the SSIM call):

| workload | image | bare | Porter (bare/Porter) | Porter's steps |
|---|---|---:|---:|---|
${profileTable(r.profiles)}

${r.imageNotes}

### JS and CSS: size and time

JS: ${r.text.inputs.filter((i) => i.kind === 'js').map((i) => `\`${i.source}\``).join(', ')} (bench/minify/run.mjs compares the JS
minifiers on more files). CSS: ${r.text.inputs.filter((i) => i.kind === 'css').map((i) => `\`${i.source}\``).join(', ')} (bootstrap 5.3.9, a
devDependency: the source stylesheet and its own minified build). cssnano with its default preset; terser and
esbuild with default minify settings (terser compress + mangle, classic script). Best of ${flags['text-runs']} after a warm-up.

${textTable(r.text)}

- JS goal (§1: terser's size or smaller at ten times its speed): ${jsGoal(r.text)}.

### Peak memory: 24-megapixel photos

${memoryTable(r.memory, r.memoryCorpus)}

- Goal (Porter as it is, under 1 GB): ${r.memory.filter((m) => m.spec.startsWith('porter:')).every((m) => m.maxRssMiB * 2 ** 20 < 1e9) ? 'met' : '**not met**'} (worst ${Math.max(...r.memory.filter((m) => m.spec.startsWith('porter:')).map((m) => m.maxRssMiB)).toFixed(0)} MiB).
${r.memoryNotes}
<!-- bench:optimize:end -->
`;
}

function memoryNotes(memory) {
  if (!memory.some((m) => m.spec.startsWith('porter:'))) return '';
  return (
    "- Porter turns libvips' operation cache off (`sharp.cache(false)` in electron/core/optimize/images/source-image.ts): it encodes " +
    'each image once, and the cache kept decodes of earlier 24 MP inputs alive beyond its own accounting (lossless 1,873 → 1,021 MiB ' +
    'when measured on 2026-11-24). The lossless JPEG path no longer decodes source and output to RGBA at run time (2 × 96 MB at ' +
    '24 MP): the coefficient transcode is lossless by construction, and the test suite compares the pixels of every lossless path.'
  );
}

function imageNotes(images, profiles) {
  const notes = [];
  for (const r of images) {
    if (r.ratio >= 0.9) continue;
    const profile = profiles.filter((p) => p.workload === r.id).sort((a, b) => b.megapixels - a.megapixels)[0];
    if (!profile) {
      notes.push(`- ${r.id}: ${ratioText(r.ratio)}, below 0.9; Porter's extra: ${r.extra}.`);
      continue;
    }
    const encodeKey = Object.keys(profile.steps).find((k) => k.startsWith('encode'));
    const extra = Object.entries(profile.steps)
      .filter(([k]) => k !== encodeKey)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${fmtMs(v)} ms`)
      .join(', ');
    notes.push(
      `- ${r.id} is at ${ratioText(r.ratio)}, below 0.9. On ${profile.image} the encode is the same as bare (${fmtMs(profile.steps[encodeKey])} ms vs ${fmtMs(profile.bare)} ms); ` +
        `the rest is Porter's checking: ${extra}.`,
    );
  }
  return notes.join('\n');
}

async function main() {
  if (flags['memory-child']) return memoryChild(flags['memory-child']);
  const started = performance.now();
  const loadStart = load();
  const phases = new Set(flags.phases.split(','));
  mkdirSync(work, { recursive: true });
  console.log(`load average ${loadStart}; sharp concurrency ${sharp.concurrency()}; ${concurrency} images in flight`);
  const porter = await loadPorter();
  const results = { date: new Date().toISOString().slice(0, 10), machine: machine(), loadStart };

  if (phases.has('images')) {
    const corpusStart = performance.now();
    const corpus = await generateCorpus();
    console.log(`corpus generated in ${((performance.now() - corpusStart) / 1000).toFixed(1)} s`);
    results.images = await runImages(porter, corpus);
    results.profiles = await profileSteps(porter, corpus);
    results.imageNotes = imageNotes(results.images, results.profiles);
    console.log(`\n${imagesTable(results.images)}\n`);
    if (results.imageNotes) console.log(results.imageNotes);
  }
  if (phases.has('text')) {
    results.text = await runText(porter);
    console.log(`\n${textTable(results.text)}\n\n${jsGoal(results.text)}\n`);
  }
  if (phases.has('memory')) {
    results.memoryCorpus = await generateMemoryImages();
    results.memory = runMemory(results.memoryCorpus);
    results.memoryNotes = memoryNotes(results.memory);
    console.log(`\n${memoryTable(results.memory, results.memoryCorpus)}\n`);
  }
  if (phases.has('lossless')) {
    const lossless = await runLossless(porter);
    const text = losslessSection(lossless, results);
    console.log(`\n${text}`);
    if (!flags['no-write']) {
      const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
      const pattern = /<!-- bench:optimize-lossless:start -->[\s\S]*?<!-- bench:optimize-lossless:end -->\n?/;
      writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
    }
  }
  results.loadEnd = load();
  results.seconds = (performance.now() - started) / 1000;
  console.log(`whole run ${results.seconds.toFixed(0)} s; load average ${results.loadEnd}`);

  const complete = ['images', 'text', 'memory'].every((phase) => phases.has(phase));
  if (!complete) {
    console.log('Not every phase ran: bench/RESULTS.md left as it is.');
    return;
  }
  const text = section(results);
  if (flags['no-write']) {
    console.log(`\n${text}`);
    return;
  }
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:optimize:start -->[\s\S]*?<!-- bench:optimize:end -->\n?/;
  writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
  console.log(`\n${text}`);
}

await main();
