// What goes into the installed app, from electron-builder's own packing (its `dir` target: the same file sets, asar
// and unpacked files every installer is made from), listed from the asar it writes. The Electron binary itself
// plays no part in which files are packed, so on Linux a stand-in executable takes its place and the test runs
// without a download; fuses are left out because they patch that binary. On macOS and Windows packing needs the
// real Electron app (plist, resource editing), so the test skips there with one line; CI runs it on Linux.
// The archive is then extracted and run with plain Node: every package a shipped bundle imports must resolve in
// it (a devDependency would not), and the optimize worker bundle must measure files there.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNodeForJson, unresolvedImports } from '../support/bundle-resolution';

const root = path.resolve(import.meta.dirname, '../..');
const onLinux = process.platform === 'linux';
if (!onLinux) console.log(`Packaged file list: skipped (packing without the real Electron app works on Linux only; this is ${process.platform}).`);

const bundles = ['out/main/index.cjs', 'out/main/optimize-worker.mjs', 'out/preload/index.cjs', 'out/renderer/index.html'];
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
// Development tools that must never ship (none of them is a dependency of a production dependency).
const devOnly = ['electron', 'electron-builder', 'app-builder-lib', '@electron/asar', 'vitest', 'vite', 'typescript', '@playwright/test', 's3rver', 'eslint', 'ajv'];

let work = '';
let resources = '';
let asar = '';
/** Every path in the archive, '/'-separated and without the leading slash. */
let packed: string[] = [];
/** The archive written out as a folder, its unpacked files in place: what the installed app's code sees. */
let extracted = '';

beforeAll(async () => {
  if (!onLinux) return;
  if (!bundles.every((file) => existsSync(path.join(root, file)))) {
    const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('node scripts/build.mjs failed; the packaged file list needs out/.');
  }
  work = mkdtempSync(path.join(os.tmpdir(), 'porter-packaging-'));
  const electronDist = path.join(work, 'electron-dist');
  mkdirSync(path.join(electronDist, 'resources'), { recursive: true });
  writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\n');
  chmodSync(path.join(electronDist, 'electron'), 0o755);

  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch[process.arch as 'x64' | 'arm64']),
    publish: 'never',
    config: { electronDist, electronFuses: null, directories: { output: path.join(work, 'release') } },
  });
  resources = path.join(work, 'release', readdirSync(path.join(work, 'release')).find((entry) => entry.endsWith('-unpacked'))!, 'resources');
  asar = path.join(resources, 'app.asar');
  packed = listPackage(asar, { isPack: false }).map((file) => file.split(path.sep).join('/').replace(/^\//, ''));
  extracted = path.join(work, 'extracted');
  extractAll(asar, extracted);
  // extractAll copies unpacked files without their mode (the archive records none for them): copy the unpacked
  // folder over, as installed, so esbuild's binary stays executable.
  cpSync(path.join(resources, 'app.asar.unpacked'), extracted, { recursive: true });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function unpackedFiles(): string[] {
  const dir = path.join(resources, 'app.asar.unpacked');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

describe.skipIf(!onLinux)('the packaged app', () => {
  it('holds the built main, preload and renderer, with every file the renderer page loads', () => {
    expect(packed).toEqual(expect.arrayContaining(bundles));
    const page = readFileSync(path.join(root, 'out/renderer/index.html'), 'utf8');
    const loaded = [...page.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((match) => `out/renderer/${match[1]}`);
    expect(loaded.length).toBeGreaterThan(0);
    expect(packed).toEqual(expect.arrayContaining(loaded));
  });

  it("starts from the bundle package.json names, and knows its Linux desktop entry", () => {
    const shipped = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main: string; desktopName: string };
    expect(shipped.main).toBe(packageJson.main);
    expect(packed).toContain(shipped.main);
    expect(shipped.desktopName).toBe('porter.desktop');
  });

  it('ships nothing else of the project: no sources, CLI bundle, tests, fixtures, benchmarks or source maps', () => {
    expect([...new Set(packed.map((file) => file.split('/')[0]))].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect([...new Set(packed.filter((file) => file.startsWith('out/')).map((file) => file.split('/')[1]))].sort()).toEqual(['main', 'preload', 'renderer']);
    const unwanted = (file: string) => /(^|\/)(test|tests|__tests__|__fixtures__|fixtures|bench|benchmarks)\//.test(file) || /\.(map|ts|mts|cts)$/.test(file);
    expect(packed.filter(unwanted)).toEqual([]);
    expect(unpackedFiles().filter(unwanted)).toEqual([]);
  });

  it('holds every production dependency and no development tool', () => {
    for (const name of Object.keys(packageJson.dependencies)) expect(packed, name).toContain(`node_modules/${name}/package.json`);
    for (const name of devOnly) expect(packed, name).not.toContain(`node_modules/${name}/package.json`);
  });

  it("keeps sharp and its native libvips outside the archive, where they can be loaded", () => {
    // The native files npm installed for this machine: sharp's .node and libvips' shared library.
    const installed = readdirSync(path.join(root, 'node_modules/@img'), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(node|so(\.\d+)*|dylib|dll)$/.test(entry.name))
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    expect(installed.some((file) => file.endsWith('.node'))).toBe(true);
    expect(installed.some((file) => /libvips/.test(file))).toBe(true);
    expect(unpackedFiles()).toEqual(expect.arrayContaining(installed));
    const sharpMain = path.posix.join('node_modules/sharp', (JSON.parse(readFileSync(path.join(root, 'node_modules/sharp/package.json'), 'utf8')) as { main: string }).main);
    for (const file of [...installed, 'node_modules/sharp/package.json', sharpMain]) {
      expect(statFile(asar, file), file).toMatchObject({ unpacked: true });
    }
  });

  it('puts the demo project beside the archive, without its asset generator', () => {
    expect(existsSync(path.join(resources, 'demo/demo_site/settings.py'))).toBe(true);
    expect(existsSync(path.join(resources, 'demo/porter.json'))).toBe(true);
    expect(existsSync(path.join(resources, 'demo/make-demo-assets.mjs'))).toBe(false);
  });
});

// One measurement on the worker bundle, through its own protocol: a stylesheet lightningcss refuses (so esbuild,
// the fallback, has to run its binary) and a small PNG (sharp and libvips).
const workerJob = `import { Worker } from 'node:worker_threads';
const [workerFile, pngBase64] = process.argv.slice(2);
const worker = new Worker(workerFile);
// The worker first says it has started (its time budget runs from then), then answers.
const ask = (request) => new Promise((resolve, reject) => {
  const answer = (response) => {
    if (response.job === 'started') return;
    worker.off('message', answer);
    resolve(response.measurement);
  };
  worker.on('message', answer);
  worker.once('error', reject);
  worker.postMessage(request);
});
// The quick phase, then the refined one with the quick result, as the savings run asks.
const measure = async (bytes, filename) => {
  const request = { job: 'measure', bytes, filename, mode: { lossyMode: 'lossy', quality: 70, format: 'keep', keepCopyright: false } };
  const quick = await ask(request);
  return quick.ok && !quick.complete ? ask({ ...request, quick }) : quick;
};
const css = await measure(Buffer.from('.clearfix {  *zoom: 1;  color: red;  }\\n.b { color: blue }\\n'), 'legacy.css');
const png = await measure(Buffer.from(pngBase64, 'base64'), 'dot.png');
await worker.terminate();
console.log(JSON.stringify({ css, png }));
`;

describe.skipIf(!onLinux)('the packaged app run from its extracted archive with plain Node', () => {
  it('resolves every package that any bundle it ships imports or requires, Electron aside', async () => {
    for (const dir of ['out/main', 'out/preload']) {
      // Electron provides 'electron' itself.
      const { imports, unresolved } = await unresolvedImports(path.join(extracted, dir), ['electron']);
      if (dir === 'out/main') expect(imports.map((entry) => entry.specifier)).toEqual(expect.arrayContaining(['sharp', 'esbuild', 'lightningcss']));
      expect(unresolved, dir).toEqual([]);
    }
  }, 60_000);

  it('keeps the native binary the CSS fallback (esbuild) runs outside the archive, where a process can start it', () => {
    const binaries = packed.filter((file) => /^node_modules\/@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(file));
    expect(binaries).toHaveLength(1);
    expect(statFile(asar, binaries[0]!), binaries[0]).toMatchObject({ unpacked: true });
  });

  // Node starts, then the worker loads sharp and esbuild: seconds on a busy machine, past the 5 s default.
  it('measures a stylesheet and an image on the optimize worker bundle', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#3366cc' } }).png().toBuffer();
    const job = path.join(work, 'worker-job.mjs');
    writeFileSync(job, workerJob);
    const result = runNodeForJson(job, [path.join(extracted, 'out/main/optimize-worker.mjs'), png.toString('base64')]) as {
      css: { ok: boolean; variants: { kind: string; report: { outputBytes: number; notes: string[] } }[] };
      png: { ok: boolean; variants: { kind: string; report: { outputBytes: number } }[] };
    };
    expect(result.css, JSON.stringify(result.css)).toMatchObject({ ok: true, kind: 'text' });
    const minified = result.css.variants.find((variant) => variant.kind === 'minified')!;
    expect(minified.report.notes[0]).toMatch(/^Minified with esbuild because lightningcss it failed/);
    expect(minified.report.outputBytes).toBe('.clearfix{*zoom: 1;color:red}.b{color:#00f}'.length);
    expect(result.png, JSON.stringify(result.png)).toMatchObject({ ok: true, kind: 'image' });
    expect(result.png.variants.map((variant) => variant.kind)).toEqual(expect.arrayContaining(['lossless', 'lossy']));
  }, 60_000);
});
