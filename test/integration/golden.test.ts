// Porter's collect against what Django 5.2.17 and 3.2.25 themselves wrote for the same trees (test/fixtures/golden).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { diffTrees, ensurePorterBuilt, readTree, repoRoot, runPorterCollect, type CollectSource } from '../support/run-porter';

const goldenRoot = path.join(repoRoot, 'test/fixtures/golden');
const trees = ['tree-11', 'tree-12'];
const versions = ['5.2', '3.2'] as const;

/** sources.txt: one `DIR` or `DIR=PREFIX` a line, relative to the tree's project, in finder order. */
function readSources(project: string, file: string): CollectSource[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [dir = '', prefix = ''] = line.trim().split('=');
      return { dir: path.join(project, dir), prefix };
    });
}

/**
 * Key order in `paths` follows Django's processing order, which follows directory listing order, which differs between
 * the machine that made the fixtures and this checkout: compare the pairs as a set. `hash` covers the sorted pairs, so
 * it must match exactly.
 */
function manifestFacts(raw: Buffer | undefined) {
  if (!raw) return undefined;
  const { paths, ...rest } = JSON.parse(raw.toString('utf8')) as { paths: Record<string, string> };
  return { paths: Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1)), rest };
}

function workDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `porter-golden-${label}-`));
  // Kept when the test fails, to look at what Porter wrote.
  onTestFinished(({ task }) => {
    if (task.result?.state !== 'fail') rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

beforeAll(() => ensurePorterBuilt());

describe.each(trees)('golden %s', (tree) => {
  const project = path.join(goldenRoot, tree, 'project');
  const sources = readSources(project, path.join(goldenRoot, tree, 'sources.txt'));

  it.each(versions)('collects exactly what Django %s wrote', async (version) => {
    const work = workDir(`${tree}-${version}`);
    const out = path.join(work, 'out');
    const result = await runPorterCollect({ sources, outDir: out, djangoVersion: version, project, cacheDir: path.join(work, 'cache') });
    expect(result.code, `porter collect failed (output kept in ${work}):\n${result.stderr}`).toBe(0);

    const actual = readTree(out);
    const expected = readTree(path.join(goldenRoot, tree, `expected-django-${version}`));
    expect(diffTrees(actual, expected, new Set(['staticfiles.json'])), `output kept in ${out}`).toEqual({ missing: [], extra: [], different: [] });
    const expectedManifest = manifestFacts(expected.get('staticfiles.json'));
    expect(expectedManifest?.paths.length).toBeGreaterThan(60);
    expect(manifestFacts(actual.get('staticfiles.json'))).toEqual(expectedManifest);
  });
});

/**
 * No Django 6 runs here. None of 6.0's and 6.1's changes touches these trees (no url() with mismatched quotes, no
 * reference inside a comment or string), so Django 6.x writes 5.2's files, and its manifest is 5.2's pairs as
 * `save_manifest` writes them from 6.0 (docs/django-6-staticfiles.md): `json.dumps` of the sorted pairs, run by Python.
 */
describe.each(trees)('golden %s for Django 6.x', (tree) => {
  const project = path.join(goldenRoot, tree, 'project');
  const sources = readSources(project, path.join(goldenRoot, tree, 'sources.txt'));
  const expectedDir = path.join(goldenRoot, tree, 'expected-django-5.2');
  const sortedManifest = execFileSync('/usr/bin/python3', [
    '-c',
    'import json, sys; m = json.load(open(sys.argv[1])); sys.stdout.write(json.dumps({"paths": dict(sorted(m["paths"].items())), "version": m["version"], "hash": m["hash"]}))',
    path.join(expectedDir, 'staticfiles.json'),
  ]);

  it.each(['6.0', '6.1'] as const)('collects 5.2\'s files and a sorted manifest for Django %s', async (version) => {
    const work = workDir(`${tree}-${version}`);
    const out = path.join(work, 'out');
    const result = await runPorterCollect({ sources, outDir: out, djangoVersion: version, project, cacheDir: path.join(work, 'cache') });
    expect(result.code, `porter collect failed (output kept in ${work}):\n${result.stderr}`).toBe(0);

    const actual = readTree(out);
    expect(diffTrees(actual, readTree(expectedDir), new Set(['staticfiles.json'])), `output kept in ${out}`).toEqual({ missing: [], extra: [], different: [] });
    expect(actual.get('staticfiles.json')?.toString('utf8')).toBe(sortedManifest.toString('utf8'));
  });
});
