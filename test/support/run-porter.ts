// Runs the built Porter CLI as a child process (the way users run it) and reads back what it wrote.
// No vitest imports: bench/collect/run.mjs bundles this module too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, opendirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DjangoVersion } from '../../electron/contract/porter';

/** Found by walking up, not fixed at `../..`: bench/collect/run.mjs runs this module bundled from bench/.work/. */
function findRepoRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'bin/porter.js'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`No Porter checkout above ${fileURLToPath(import.meta.url)}`);
  }
}

export const repoRoot = findRepoRoot();
const bundle = path.join(repoRoot, 'out/cli/porter.mjs');
const cliEntry = path.join(repoRoot, 'electron/cli/main.ts');

export interface CommandSpec {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env ?? process.env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: performance.now() - started,
      }),
    );
  });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function bundleIsFresh(): boolean {
  if (!existsSync(bundle)) return false;
  const sources = Math.max(newestMtime(path.join(repoRoot, 'electron')), statSync(path.join(repoRoot, 'scripts/build.mjs')).mtimeMs);
  return statSync(bundle).mtimeMs >= sources;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Rebuilds out/cli when electron/ changed since the last build, so a direct `npx vitest run <file>` never tests a
 * stale bundle. Test files run in parallel workers: a lock folder keeps two workers from rewriting the bundle while
 * the other is already running it.
 */
export function ensurePorterBuilt(): void {
  if (!existsSync(cliEntry)) throw new Error(`${path.relative(repoRoot, cliEntry)} does not exist yet: there is no CLI to test.`);
  if (bundleIsFresh()) return;
  const lock = path.join(repoRoot, 'out/.cli-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A worker killed mid-build leaves its lock behind.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      sleepSync(100);
    }
  }
  try {
    if (bundleIsFresh()) return;
    const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build.mjs'), 'cli'], { cwd: repoRoot, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`node scripts/build.mjs cli failed:\n${build.stdout}${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CollectSource {
  /** Absolute folder. */
  dir: string;
  /** '' for none. */
  prefix: string;
}

export interface PorterCollectOptions {
  sources: CollectSource[];
  outDir: string;
  djangoVersion: DjangoVersion;
  /** The project folder (--project); with --source flags it only sets where Porter looks for porter.json. */
  project: string;
  /** Porter's content-hash cache (PORTER_CACHE_DIR): per test, so runs never share state through ~/.cache. */
  cacheDir: string;
  hashing?: boolean;
  ignorePatterns?: string[];
  json?: boolean;
  keepBrokenReferences?: boolean;
}

export function porterCollectCommand(options: PorterCollectOptions): CommandSpec {
  const args = [path.join(repoRoot, 'bin/porter.js'), 'collect', '--project', options.project];
  for (const source of options.sources) args.push('--source', source.prefix ? `${source.dir}=${source.prefix}` : source.dir);
  args.push('--out', options.outDir, '--django-version', options.djangoVersion);
  if (options.hashing === false) args.push('--no-hash');
  for (const pattern of options.ignorePatterns ?? []) args.push('--ignore', pattern);
  if (options.json) args.push('--json');
  if (options.keepBrokenReferences) args.push('--keep-broken-references');
  return { command: process.execPath, args, cwd: options.project, env: { ...process.env, PORTER_CACHE_DIR: options.cacheDir } };
}

export function runPorterCollect(options: PorterCollectOptions): Promise<CommandResult> {
  return runCommand(porterCollectCommand(options));
}

/**
 * Every file under `dir` by slash-separated relative path, in raw directory order (Map insertion order). Directories
 * are not listed: git cannot keep empty ones and collectstatic never creates them.
 */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    const handle = opendirSync(path.join(dir, rel));
    try {
      for (let entry = handle.readSync(); entry; entry = handle.readSync()) {
        const child = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else files.set(child, readFileSync(path.join(dir, child)));
      }
    } finally {
      handle.closeSync();
    }
  };
  walk('');
  return files;
}

/** Paths present on one side only, and paths whose bytes differ; empty lists mean the trees are identical. */
export function diffTrees(actual: Map<string, Buffer>, expected: Map<string, Buffer>, skip: ReadonlySet<string> = new Set()) {
  const missing = [...expected.keys()].filter((name) => !actual.has(name)).sort();
  const extra = [...actual.keys()].filter((name) => !expected.has(name)).sort();
  const different = [...expected.keys()]
    .filter((name) => !skip.has(name) && actual.has(name) && !actual.get(name)!.equals(expected.get(name)!))
    .sort();
  return { missing, extra, different };
}
