// Builds every Porter bundle: the Node side with esbuild (CLI + serve, Electron main, sandboxed preload)
// and the renderer with Vite. Output goes to out/.
import { build } from 'esbuild';
import { rmSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const wants = (name) => only.length === 0 || only.includes(name);

rmSync(path.join(root, 'out/node'), { recursive: true, force: true });

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  // Native and heavy packages stay runtime requires, resolved from node_modules.
  packages: 'external',
};

// The optimize worker is its own ESM entry, placed next to each bundle that starts it (see worker-file.ts).
const optimizeWorker = { 'optimize-worker': 'electron/core/optimize/worker/optimize-worker.ts' };

if (wants('cli')) {
  // Chunk names change with their content: start empty so no stale chunk is left behind.
  rmSync(path.join(root, 'out/cli'), { recursive: true, force: true });
  await build({
    ...nodeCommon,
    entryPoints: { porter: 'electron/cli/main.ts', ...optimizeWorker },
    outdir: 'out/cli',
    format: 'esm',
    // Commands load their modules when they run (electron/cli/main.ts). Chunks stay next to porter.mjs, where the
    // code that finds files by import.meta.url (the optimize worker, the renderer for serve) expects them.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    loader: { '.py': 'text' },
  });
}

if (wants('main') && existsSync(path.join(root, 'electron/main/index.ts'))) {
  await build({
    ...nodeCommon,
    entryPoints: { index: 'electron/main/index.ts' },
    outdir: 'out/main',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
    loader: { '.py': 'text' },
    // CommonJS has no import.meta; the core finds files next to its bundle with import.meta.url.
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await build({
    ...nodeCommon,
    entryPoints: optimizeWorker,
    outdir: 'out/main',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
  });
}

if (wants('preload') && existsSync(path.join(root, 'electron/preload/index.ts'))) {
  // A sandboxed preload may only require 'electron': bundle everything else into one file.
  await build({
    ...nodeCommon,
    packages: undefined,
    entryPoints: { index: 'electron/preload/index.ts' },
    outdir: 'out/preload',
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    external: ['electron'],
  });
}

if (wants('renderer') && existsSync(path.join(root, 'vite.config.ts'))) {
  const vite = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
