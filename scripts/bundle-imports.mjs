// The packages a built bundle loads at run time: every bare specifier of its static imports, dynamic imports and
// require calls, read by esbuild from the built files themselves (relative chunks are followed, Node's built-ins
// are left out). The CLI package's dependencies come from this list, and the packaging tests check that each one
// resolves where the bundle will run.
import { readdirSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * The bare specifiers the bundles in `dir` (its .mjs, .cjs and .js files) load, each with how it is loaded.
 * @param {string} dir
 * @returns {Promise<{ specifier: string, kind: 'import' | 'require' }[]>}
 */
export async function bareImports(dir) {
  const entryPoints = readdirSync(dir)
    .filter((name) => /\.(mjs|cjs|js)$/.test(name))
    .map((name) => path.join(dir, name));
  if (entryPoints.length === 0) throw new Error(`No bundle in ${dir}: build first (node scripts/build.mjs).`);
  const { metafile } = await build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    packages: 'external',
    outdir: path.join(dir, '.bare-imports'),
    logLevel: 'silent',
  });
  const found = new Map();
  for (const input of Object.values(metafile.inputs)) {
    for (const { path: specifier, kind, external } of input.imports) {
      if (!external || isBuiltin(specifier)) continue;
      const how = kind === 'require-call' || kind === 'require-resolve' ? 'require' : 'import';
      found.set(`${how} ${specifier}`, { specifier, kind: how });
    }
  }
  return [...found.values()].sort((a, b) => a.specifier.localeCompare(b.specifier) || a.kind.localeCompare(b.kind));
}

/**
 * The package a bare specifier names: `@scope/name` or `name`, without any subpath.
 * @param {string} specifier
 * @returns {string}
 */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
