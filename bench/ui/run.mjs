#!/usr/bin/env node
// UI benchmark: a generated 10,000-asset project opened in `porter serve`, measured by Playwright in Debian's
// Chromium: time from pressing Open to the asset list painted, frame times while scrolling the list, and the
// delay from typing in the filter to the filtered list painted.
//
//   node bench/ui/run.mjs [--files N] [--no-write]
//
// Replaces the section between <!-- bench:ui:start --> and <!-- bench:ui:end --> of bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';

/* global document, window, HTMLInputElement, requestAnimationFrame -- the measuring functions run inside the page. */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const resultsFile = path.join(root, 'bench/RESULTS.md');
const { values: flags } = parseArgs({ options: { files: { type: 'string', default: '10000' }, 'no-write': { type: 'boolean', default: false } } });
const files = Number(flags.files);
const work = path.join(root, 'bench/.work/ui');

function generate() {
  rmSync(work, { recursive: true, force: true });
  const assets = path.join(work, 'site/assets');
  for (let index = 0; index < files; index += 1) {
    const dir = path.join(assets, `app${index % 40}`, ['css', 'js', 'img', 'fonts'][index % 4]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file-${index}.${['css', 'js', 'svg', 'woff2'][index % 4]}`), `/* ${index} */\n`);
  }
  writeFileSync(path.join(work, 'site/porter.json'), JSON.stringify({ sources: ['assets'] }));
  return path.join(work, 'site');
}

function startServe() {
  const child = spawn(process.execPath, [path.join(root, 'bin/porter.js'), 'serve', '--port', '0', '--no-open'], {
    env: { ...process.env, PORTER_CONFIG_DIR: path.join(work, 'config'), PORTER_CACHE_DIR: path.join(work, 'cache'), PORTER_DATA_DIR: path.join(work, 'data') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /Porter is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`porter serve exited ${code}`)));
  });
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

async function main() {
  const site = generate();
  const serve = await startServe();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(serve.url);
  await page.locator('[data-app-state="ready"]').waitFor();
  const opens = [];
  for (let run = 0; run < 3; run += 1) {
    if (run > 0) {
      await page.reload();
      await page.locator('[data-app-state="ready"]').waitFor();
    }
    await page.getByLabel('Project folder').fill(site);
    const started = await page.evaluate(() => performance.now());
    await page.getByTestId('open-project-button').click();
    await page.locator('[data-testid="asset-row"]').first().waitFor();
    // The first frame after the rows exist is when they are on screen.
    const painted = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now()))));
    opens.push(painted - started);
  }
  const counts = await page.getByTestId('assets-counts').textContent();

  // Scroll the list (it scrolls with the page) for two seconds and record every frame's duration.
  const frames = await page.evaluate(async () => {
    const durations = [];
    let last = performance.now();
    const end = last + 2000;
    while (performance.now() < end) {
      window.scrollBy(0, 120);
      const now = await new Promise((resolve) => requestAnimationFrame(resolve));
      durations.push(now - last);
      last = now;
    }
    return durations;
  });

  // Typing in the filter: from the key press to the frame that shows the filtered rows.
  const delays = [];
  const filter = page.getByTestId('assets-filter');
  for (const text of ['app1', 'app12/', 'file-99', 'css', 'zzz-none', '']) {
    await filter.fill('');
    await page.waitForTimeout(100);
    const delay = await page.evaluate(async (value) => {
      const input = document.querySelector('[data-testid="assets-filter"]');
      const started = performance.now();
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      setter.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const expected = (row) => !value || row.getAttribute('data-public-path').includes(value);
      for (;;) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const rows = [...document.querySelectorAll('[data-testid="asset-row"]')];
        const none = document.querySelector('[data-testid="assets-no-match"]');
        if ((rows.length > 0 && rows.every(expected)) || (none && !rows.length)) return performance.now() - started;
      }
    }, text);
    delays.push(delay);
  }
  await browser.close();
  serve.stop();

  const result = {
    openMs: Math.max(...opens),
    openRuns: opens,
    counts,
    frameP50: percentile(frames, 50),
    frameP95: percentile(frames, 95),
    frameMax: Math.max(...frames),
    frames: frames.length,
    filterMax: Math.max(...delays),
    filterMedian: percentile(delays, 50),
  };
  const text = section(result);
  console.log(text);
  if (flags['no-write']) return;
  const current = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Benchmark results\n';
  const pattern = /<!-- bench:ui:start -->[\s\S]*?<!-- bench:ui:end -->\n?/;
  writeFileSync(resultsFile, pattern.test(current) ? current.replace(pattern, () => text) : `${current.trimEnd()}\n\n${text}`);
}

function section(r) {
  const ms = (value) => `${value.toFixed(0)} ms`;
  return `<!-- bench:ui:start -->
## ui: a ${files.toLocaleString('en')}-asset project in porter serve (Playwright, Debian's Chromium)

${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, headless Chromium without GPU, viewport 1280×900. \`node bench/ui/run.mjs\` to reproduce. The list shows: ${r.counts}.

| Measure | Result | Goal |
|---|---:|---:|
| Open to asset list painted (worst of 3, the first one cold: ${r.openRuns.map(ms).join(', ')}) | ${ms(r.openMs)} | under 1,500 ms: **${r.openMs < 1500 ? 'met' : 'not met'}** |
| Scroll frame time, median / 95th percentile / worst (${r.frames} frames) | ${r.frameP50.toFixed(1)} / ${r.frameP95.toFixed(1)} / ${r.frameMax.toFixed(1)} ms | smooth (one frame ≈ 16.7 ms) |
| Filter: key to filtered list painted, median / worst of 6 | ${ms(r.filterMedian)} / ${ms(r.filterMax)} | under 100 ms: **${r.filterMax < 100 ? 'met' : 'not met'}** |

The open includes scanning the 10,000 files on disk in the host (as Django's finders would) and sending the list.
<!-- bench:ui:end -->
`;
}

await main();
