// Whether the packages a bundle imports resolve where it is installed, asked of plain Node from the bundle's own
// folder (the way the bundle itself would ask): import.meta.resolve for imports, require.resolve for requires.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bareImports, type BareImport } from '../../scripts/bundle-imports.mjs';

const probe = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const failed = [];
for (const { specifier, kind } of JSON.parse(process.argv[2])) {
  try {
    if (kind === 'require') require.resolve(specifier);
    else import.meta.resolve(specifier);
  } catch (error) {
    failed.push(specifier + ' (' + kind + '): ' + (error.code ?? error.message));
  }
}
console.log(JSON.stringify(failed));
`;

/** Runs a module with this machine's Node (no Electron, no vitest) and parses what it printed as JSON. */
export function runNodeForJson(file: string, args: string[] = []): unknown {
  const run = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`node ${path.basename(file)} exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as unknown;
}

/**
 * The bundles' bare imports in `dir` and those of them that do not resolve from there ("sharp (import):
 * ERR_MODULE_NOT_FOUND"), less the ones the runtime provides (`provided`, e.g. electron).
 */
export async function unresolvedImports(dir: string, provided: string[] = []): Promise<{ imports: BareImport[]; unresolved: string[] }> {
  const imports = (await bareImports(dir)).filter((entry) => !provided.includes(entry.specifier));
  const file = path.join(dir, 'resolve-probe.mjs');
  writeFileSync(file, probe);
  try {
    return { imports, unresolved: runNodeForJson(file, [JSON.stringify(imports)]) as string[] };
  } finally {
    rmSync(file, { force: true });
  }
}
