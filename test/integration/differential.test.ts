// Porter (`--django-version 3.2`) against real Django 3.2 collectstatic on seeded random projects. Both list the same
// folders on the same filesystem in the same raw order, so even staticfiles.json must match byte for byte.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { runDjangoCollect } from '../support/django-oracle';
import { generateProject, type GeneratedProject, type ProjectShape } from '../support/random-project';
import { diffTrees, ensurePorterBuilt, readTree, runPorterCollect } from '../support/run-porter';

const seeds = Array.from({ length: 15 }, (_, i) => i + 1);
const noDifference = { missing: [], extra: [], different: [] };

function workDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `porter-diff-${label}-`));
  // Kept when the test fails: the project and both outputs are the repro.
  onTestFinished(({ task }) => {
    if (task.result?.state !== 'fail') rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Where two outputs of the same name first differ, as text around the spot (a test message, not a diff tool). */
function firstDifference(name: string, actual: Buffer, expected: Buffer): string {
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const around = (bytes: Buffer) => JSON.stringify(bytes.subarray(Math.max(0, at - 60), at + 60).toString('utf8'));
  return `${name} differs at byte ${at}:\n  porter: ${around(actual)}\n  django: ${around(expected)}`;
}

function sortedManifestPairs(raw: Buffer | undefined): Array<[string, string]> {
  const { paths } = JSON.parse(raw?.toString('utf8') ?? '{"paths": {}}') as { paths: Record<string, string> };
  return Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1));
}

async function collectBoth(project: GeneratedProject, work: string, options: { hashing?: boolean; ignorePatterns?: string[]; keepBrokenReferences?: boolean } = {}) {
  const [django, porter] = await Promise.all([
    runDjangoCollect({ sources: project.sources, outDir: path.join(work, 'django'), settingsDir: path.join(work, 'settings'), ...options }),
    runPorterCollect({
      sources: project.sources,
      outDir: path.join(work, 'porter'),
      djangoVersion: '3.2',
      project: project.root,
      cacheDir: path.join(work, 'cache'),
      ...options,
    }),
  ]);
  expect(django.code, `Django failed on a project meant to be valid (kept in ${work}):\n${django.stderr}`).toBe(0);
  expect(porter.code, `porter collect failed (kept in ${work}):\n${porter.stderr}`).toBe(0);
  return { django: readTree(path.join(work, 'django')), porter: readTree(path.join(work, 'porter')) };
}

function expectSameOutput(porter: Map<string, Buffer>, django: Map<string, Buffer>, work: string): void {
  const diff = diffTrees(porter, django, new Set(['staticfiles.json']));
  const first = diff.different[0];
  expect(diff, first ? `${firstDifference(first, porter.get(first)!, django.get(first)!)}\n(kept in ${work})` : `kept in ${work}`).toEqual(noDifference);
}

/** Every entry under `dir` with its size and mtime, so "untouched" also means not rewritten with the same bytes. */
function statTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => {
      const stat = statSync(path.join(dir, name));
      return `${name} ${stat.isDirectory() ? 'dir' : stat.size} ${stat.mtimeMs}`;
    });
}

beforeAll(() => ensurePorterBuilt());

describe('porter collect vs Django 3.2 collectstatic', () => {
  it.each(seeds)('seed %i: same files, same bytes, same staticfiles.json', async (seed) => {
    const work = workDir(`seed-${seed}`);
    const shape: Partial<ProjectShape> = { apps: 3 + (seed % 4), files: 40 + ((seed * 37) % 60) };
    const project = generateProject(path.join(work, 'project'), seed, shape);
    const { django, porter } = await collectBoth(project, work);

    expectSameOutput(porter, django, work);
    const expectedManifest = django.get('staticfiles.json');
    expect(sortedManifestPairs(expectedManifest).length).toBeGreaterThan(shape.files!);
    expect(sortedManifestPairs(porter.get('staticfiles.json')), 'staticfiles.json entries').toEqual(sortedManifestPairs(expectedManifest));
    expect(porter.get('staticfiles.json')?.toString('utf8'), 'staticfiles.json has the same entries but not the same bytes (key order or formatting)').toBe(
      expectedManifest?.toString('utf8'),
    );
  });

  it('--no-hash copies exactly what StaticFilesStorage copies', async () => {
    const work = workDir('no-hash');
    const project = generateProject(path.join(work, 'project'), 100);
    const { django, porter } = await collectBoth(project, work, { hashing: false });

    expect(django.has('staticfiles.json')).toBe(false);
    expect(django.size).toBeGreaterThan(40);
    expectSameOutput(porter, django, work);
  });

  it('--ignore drops what collectstatic -i drops', async () => {
    const work = workDir('ignore');
    const project = generateProject(path.join(work, 'project'), 300);
    // Only files nothing references (3.2 leaves sourceMappingURL alone): a folder by name, files by glob and by path.
    const ignorePatterns = ['*-link', 'alias-*', '*.map', 'LEGACY.CSS', 'app0/*/empty.css'];
    const { django, porter } = await collectBoth(project, work, { ignorePatterns });

    expect([...django.keys()].some((name) => name.endsWith('.map'))).toBe(false);
    expectSameOutput(porter, django, work);
    expect(porter.get('staticfiles.json')?.toString('utf8')).toBe(django.get('staticfiles.json')?.toString('utf8'));
  });

  it.each([200, 201, 202])('seed %i, a broken reference kept: byte for byte what Django writes when its converter leaves it alone', async (seed) => {
    const work = workDir(`keep-broken-${seed}`);
    const project = generateProject(path.join(work, 'project'), seed, { brokenReference: true, symlinks: false });
    const { django, porter } = await collectBoth(project, work, { keepBrokenReferences: true });

    expectSameOutput(porter, django, work);
    expect(porter.get('staticfiles.json')?.toString('utf8')).toBe(django.get('staticfiles.json')?.toString('utf8'));
    const broken = project.broken!;
    const paths = (JSON.parse(porter.get('staticfiles.json')!.toString('utf8')) as { paths: Record<string, string> }).paths;
    expect(porter.get(paths[broken.file]!)!.toString('utf8')).toContain(`url("${broken.reference}")`);
  });

  it('a broken reference fails like Django, names file, line, reference and target, and leaves the output alone', async () => {
    const work = workDir('broken');
    // No symlinked folder: it could hold a second copy of the broken file, and Porter rightly lists every one.
    const project = generateProject(path.join(work, 'project'), 200, { brokenReference: true, symlinks: false });
    const broken = project.broken!;
    const django = await runDjangoCollect({ sources: project.sources, outDir: path.join(work, 'django'), settingsDir: path.join(work, 'settings') });
    // Django agrees this is the one reference that does not resolve, and where it points.
    expect(django.code).not.toBe(0);
    expect(django.stderr).toContain(`The file '${broken.resolvedTo}' could not be found`);

    const out = path.join(work, 'porter');
    mkdirSync(path.join(out, 'site'), { recursive: true });
    writeFileSync(path.join(out, 'staticfiles.json'), '{"paths": {"site/old.css": "site/old.0123456789ab.css"}, "version": "1.0"}');
    writeFileSync(path.join(out, 'site/old.css'), 'body {}\n');
    writeFileSync(path.join(out, 'site/old.0123456789ab.css'), 'body {}\n');
    const before = { files: readTree(out), stats: statTree(out) };
    const run = (json: boolean) =>
      runPorterCollect({ sources: project.sources, outDir: out, djangoVersion: '3.2', project: project.root, cacheDir: path.join(work, 'cache'), json });

    const human = await run(false);
    expect(human.code).not.toBe(0);
    const text = human.stdout + human.stderr;
    const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(new RegExp(`(${escape(broken.file)}|${escape(broken.sourceFile)}):${broken.line}\\b`));
    expect(text).toContain(broken.reference);
    expect(text).toContain(broken.resolvedTo);

    const machine = await run(true);
    expect(machine.code).not.toBe(0);
    const reported = (JSON.parse(machine.stdout) as { brokenReferences: Array<Record<string, unknown>> }).brokenReferences;
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ line: broken.line, reference: broken.reference, resolvedTo: broken.resolvedTo });
    expect([broken.file, broken.sourceFile]).toContain(reported[0]!.file);

    expect(statTree(out)).toEqual(before.stats);
    expect(diffTrees(readTree(out), before.files)).toEqual(noDifference);
  });
});
