// The optimize worker bundled the way scripts/build.mjs bundles it, for tests that need real worker threads (the
// TypeScript sources cannot run on one). Placed under node_modules so the worker resolves sharp and friends.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const repo = path.resolve(import.meta.dirname, '../..');

export async function buildOptimizeWorker(): Promise<{ workerFile: string; remove(): void }> {
  mkdirSync(path.join(repo, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(path.join(repo, 'node_modules/.cache/porter-optimize-worker-'));
  await build({
    entryPoints: { 'optimize-worker': path.join(repo, 'electron/core/optimize/worker/optimize-worker.ts') },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    packages: 'external',
    logLevel: 'warning',
  });
  return { workerFile: path.join(dir, 'optimize-worker.mjs'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An SVG of `count` small same-coloured rects: svgo's mergePaths compares each with all merged before it. */
export function rectsSvg(count: number): string {
  const rects = Array.from({ length: count }, (_, index) => `  <rect x="${(index * 7) % 1000}" y="${(Math.floor(index / 143) * 7) % 1000}" width="5" height="5" fill="#336699"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" viewBox="0 0 1000 1000">\n${rects.join('\n')}\n</svg>\n`;
}
