// Issue 15 §2: vendor apps ship CSS and JS whose references point at files they do not ship. `porter collect` refuses
// like Django by default, and collects with them left as they are when the project says so.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CollectReport } from '../../electron/contract/porter';
import { openProject } from '../../electron/core/project/open-project';
import { collectForPush, keptForRecord, openEnvironment, planPush, runPush } from '../../electron/core/push/index';
import { readRelease } from '../../electron/core/push/records';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';
import { writeTree } from '../support/temp-project';

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

function vendorProject(porterJson?: object) {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-keep-broken-')));
  writeTree(path.join(root, 'assets'), {
    'site.css': 'a{b:url(vendor/logo.png)}',
    'vendor/logo.png': 'png',
    'vendor/select2.css': '.x{background:url(spinner.gif)}\n/*# sourceMappingURL=select2.css.map */',
    'vendor/select2.js': 'init();\n//# sourceMappingURL=select2.js.map',
  });
  if (porterJson) fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify(porterJson));
  return root;
}

const args = ['collect', '--source', 'assets', '--out', 'staticfiles', '--django-version', '5.2'];

describe('porter collect with broken vendor references', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it('refuses by default, lists all three, says how to go on, and writes nothing', async () => {
    const root = vendorProject();
    const run = await porter(args, root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Nothing was collected: 3 broken references');
    expect(run.stderr).toContain("vendor/select2.css:1: 'spinner.gif' -> 'vendor/spinner.gif'");
    expect(run.stderr).toContain('pass --keep-broken-references');
    expect(run.stderr).toContain('--drop-missing-source-maps');
    expect(fs.existsSync(path.join(root, 'staticfiles'))).toBe(false);
  });

  it('--keep-broken-references collects, leaves them unrewritten and says which, in the summary and in --json', async () => {
    const root = vendorProject();
    const run = await porter([...args, '--keep-broken-references'], root);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/post-processed\. Kept 3 broken references as they are\.\n/);
    expect(run.stderr).toContain('Kept as they are (broken references, file:line: reference -> resolved path):');
    expect(run.stderr).toContain("select2.js:2: 'select2.js.map' -> 'vendor/select2.js.map'");
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'staticfiles/staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    expect(fs.readFileSync(path.join(root, 'staticfiles', manifest.paths['vendor/select2.css']!), 'utf8')).toBe(
      '.x{background:url(spinner.gif)}\n/*# sourceMappingURL=select2.css.map */',
    );
    expect(fs.readFileSync(path.join(root, 'staticfiles', manifest.paths['site.css']!), 'utf8')).toMatch(/^a\{b:url\("vendor\/logo\.[0-9a-f]{12}\.png"\)\}$/);

    const json = JSON.parse((await porter([...args, '--keep-broken-references', '--json'], root)).stdout) as CollectReport & { ok: boolean };
    expect(json.ok).toBe(true);
    expect(json.keptReferences.map((kept) => [kept.name, kept.reference.trim()]).sort()).toEqual([
      ['vendor/select2.css', 'select2.css.map'],
      ['vendor/select2.css', 'spinner.gif'],
      ['vendor/select2.js', 'select2.js.map'],
    ]);
  });

  it('porter.json rules keep what they name, report the stale one, and can drop missing maps instead', async () => {
    const root = vendorProject({
      sources: ['assets'],
      collect: { keepBrokenReferences: [{ file: 'vendor/select2.css', reference: 'spinner.gif' }, { file: 'vendor/gone.css' }, { file: 'vendor/*.js', reference: 'select2.js.map' }], dropMissingSourceMaps: true },
    });
    const run = await porter([...args, '--json'], root);
    expect(run.code, run.stdout).toBe(0);
    const report = JSON.parse(run.stdout) as CollectReport;
    expect(report.keptReferences.map((kept) => kept.reference)).toEqual(['spinner.gif']);
    expect(report.droppedSourceMaps.map((dropped) => dropped.name).sort()).toEqual(['vendor/select2.css', 'vendor/select2.js']);
    // Dropped, the source map is no longer a broken reference, so the rule that kept it matches nothing now.
    expect(report.staleKeepRules).toEqual([{ file: 'vendor/gone.css' }, { file: 'vendor/*.js', reference: 'select2.js.map' }]);
    expect(report.summary).toMatch(/Kept 1 broken reference as it is\. Dropped 2 sourceMappingURL comments whose map is missing\.$/);
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'staticfiles/staticfiles.json'), 'utf8')) as { paths: Record<string, string> };
    expect(fs.readFileSync(path.join(root, 'staticfiles', manifest.paths['vendor/select2.js']!), 'utf8')).toBe('init();\n');

    const human = await porter(args, root);
    expect(human.stderr).toContain('warning: porter.json collect.keepBrokenReferences: the rule for "vendor/gone.css" matched no broken reference');
  });

  it('a bad rule in porter.json is a clear usage error', async () => {
    const root = vendorProject({ collect: { keepBrokenReferences: [{ file: '' }] } });
    const run = await porter(args, root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('porter.json: collect.keepBrokenReferences.0.file must name a file or a glob.');
  });
});

describe("Publish's collect follows porter.json's keep rules", () => {
  it('collects past the accepted references and the release record says which were kept or dropped', async () => {
    const root = vendorProject({
      sources: ['assets'],
      collect: { keepBrokenReferences: [{ file: 'vendor/*.css', reference: 'spinner.gif' }], dropMissingSourceMaps: true },
      environments: { local: { type: 'folder', path: 'public' } },
    });
    const project = await openProject({ root, pythonConsent: 'deny' });
    const out = path.join(root, 'staticfiles');
    const report = await collectForPush(project, out);
    const context = await openEnvironment(root, 'local');
    const { release } = await runPush(context, await planPush(context, out), { keptReferences: keptForRecord(report) });
    const expected = [
      { name: 'vendor/select2.css', line: 1, reference: 'spinner.gif' },
      { name: 'vendor/select2.css', line: 2, reference: expect.stringMatching(/^select2\.css\.map\s*$/), dropped: true },
      { name: 'vendor/select2.js', line: 2, reference: 'select2.js.map', dropped: true },
    ];
    expect(release.keptReferences).toEqual(expected);
    // The stored record, read back in full, says the same.
    const stored = await readRelease(context.remote, release.id);
    expect('release' in stored && stored.release.keptReferences).toEqual(expected);
  });
});
