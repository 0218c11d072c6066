// Benches run Porter's TypeScript modules as the app does: bundled by esbuild for Node, packages left to
// node_modules. One place for those settings, so every bench measures the same build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles `source` (TypeScript text resolved from `resolveDir`) or `entry` (a file) for Node. Other esbuild
 * options (outdir, plugins, loader, nodePaths…) pass through. Returns the output file.
 */
export async function bundleForNode({ outfile, source, resolveDir, entry, ...options }) {
  const input =
    source === undefined
      ? entry && { entryPoints: [entry] }
      : { stdin: { contents: source, resolveDir, sourcefile: `${path.basename(outfile ?? 'bench', '.mjs')}.ts`, loader: 'ts' } };
  await build({
    ...input,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
    ...options,
  });
  return outfile;
}

/** Bundles as bundleForNode does and imports the result. */
export async function importBundle(options) {
  return import(pathToFileURL(await bundleForNode(options)).href);
}
