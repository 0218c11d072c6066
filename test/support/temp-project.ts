// Builds small source trees in their own temp folders and collects them, for collect tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CollectReport, DjangoVersion } from '../../electron/contract/porter';
import { CollectError, runCollect, type CollectOptions, type SourceRoot } from '../../electron/core/collect/index';

export type Tree = Record<string, string | Buffer>;

export function makeTempDir(label = 'porter-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), label));
}

export function writeTree(root: string, tree: Tree): string {
  for (const [name, content] of Object.entries(tree)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

export interface CollectRun {
  out: string;
  report: CollectReport;
  read: (name: string) => string;
  manifest: () => { paths: Record<string, string>; version: string; hash?: string };
  files: () => string[];
}

export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(name);
      else found.push(name);
    }
  };
  walk('');
  return found.sort();
}

/** Collects one source tree (no prefix) with the given Django version into a fresh folder. */
export async function collectTree(
  tree: Tree,
  version: DjangoVersion = '5.2',
  extra: { sources?: SourceRoot[]; ignorePatterns?: string[]; hashing?: boolean; out?: string } & Pick<CollectOptions, 'keepBroken' | 'dropMissingSourceMaps'> = {},
): Promise<CollectRun> {
  const base = makeTempDir();
  const sources = extra.sources ?? [{ dir: writeTree(path.join(base, 'src'), tree), prefix: '' }];
  const out = extra.out ?? path.join(base, 'out');
  process.env.PORTER_CACHE_DIR ??= path.join(base, 'cache');
  const report = await runCollect({
    sources,
    outDir: out,
    djangoVersion: version,
    hashing: extra.hashing ?? true,
    ignorePatterns: extra.ignorePatterns ?? [],
    useDefaultIgnore: true,
    dryRun: false,
    keepBroken: extra.keepBroken,
    dropMissingSourceMaps: extra.dropMissingSourceMaps,
  });
  return {
    out,
    report,
    read: (name) => fs.readFileSync(path.join(out, name), 'utf8'),
    manifest: () => JSON.parse(fs.readFileSync(path.join(out, 'staticfiles.json'), 'utf8')),
    files: () => listFiles(out),
  };
}

/** Runs a collect that must fail and returns the CollectError. */
export async function collectFailure(tree: Tree, version: DjangoVersion = '5.2', extra: Parameters<typeof collectTree>[2] = {}): Promise<CollectError> {
  try {
    await collectTree(tree, version, extra);
  } catch (error) {
    if (error instanceof CollectError) return error;
    throw error;
  }
  throw new Error('collect succeeded but was expected to fail');
}
