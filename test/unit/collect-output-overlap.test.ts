// Issue 17 point 2: an output folder that overlaps a source (or the project itself) is refused before anything is written.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectError, runCollect, type CollectOptions } from '../../electron/core/collect/index';
import { openProject } from '../../electron/core/project/open-project';
import { collectForPush } from '../../electron/core/push/collect-first';
import { PushError } from '../../electron/core/push/remote-errors';
import { listFiles, makeTempDir, writeTree } from '../support/temp-project';

function options(dirs: string[], outDir: string): CollectOptions {
  return { sources: dirs.map((dir) => ({ dir, prefix: '' })), outDir, djangoVersion: '5.2', hashing: true, ignorePatterns: [], useDefaultIgnore: true, dryRun: false };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), 'base64')]));
}

async function refusal(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof CollectError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected collect to refuse the output folder');
}

function project() {
  process.env.PORTER_CACHE_DIR = makeTempDir('porter-cache-');
  const root = writeTree(makeTempDir(), {
    'manage.py': 'print("manage")',
    'porter.json': '{}',
    'assets/css/site.css': 'a{b:url(../img/x.png)}',
    'assets/img/x.png': 'x',
    'app/static/manage.py': 'not the project one',
  });
  return { root, css: path.join(root, 'assets/css'), assets: path.join(root, 'assets'), app: path.join(root, 'app/static') };
}

describe('collect refuses an output folder that overlaps a source', () => {
  it('the project root (it holds manage.py, porter.json and every source)', async () => {
    const { root, assets, app } = project();
    const before = snapshot(root);
    const message = await refusal(runCollect(options([assets, app], root)));
    expect(message).toContain(`The output folder ${fs.realpathSync(root)} contains the source folder ${fs.realpathSync(assets)}`);
    expect(message).toContain('choose an output folder outside your sources');
    expect(snapshot(root)).toEqual(before);
  });

  it('a folder that is itself a source', async () => {
    const { root, assets } = project();
    const before = snapshot(root);
    const message = await refusal(runCollect(options([assets], assets)));
    expect(message).toContain(`The output folder ${fs.realpathSync(assets)} is the source folder ${fs.realpathSync(assets)}`);
    expect(snapshot(root)).toEqual(before);
  });

  it('a folder not yet made inside a source', async () => {
    const { root, assets } = project();
    const before = snapshot(root);
    const message = await refusal(runCollect(options([assets], path.join(assets, 'new/out'))));
    expect(message).toContain(`The output folder ${path.join(fs.realpathSync(assets), 'new/out')} is inside the source folder ${fs.realpathSync(assets)}`);
    expect(snapshot(root)).toEqual(before);
  });

  it('a symlink that leads into a source', async () => {
    const { root, assets, css } = project();
    const link = path.join(root, 'link');
    fs.symlinkSync(css, link);
    const before = snapshot(assets);
    const message = await refusal(runCollect(options([assets], link)));
    expect(message).toContain(`The output folder ${link} (really ${fs.realpathSync(css)}) is inside the source folder ${fs.realpathSync(assets)}`);
    expect(snapshot(assets)).toEqual(before);
  });

  it("a folder holding the project's own files", async () => {
    const { root, css } = project();
    const before = snapshot(root);
    const message = await refusal(runCollect(options([css], root)));
    expect(message).toContain(`The output folder ${fs.realpathSync(root)} holds the project's own manage.py`);
    expect(snapshot(root)).toEqual(before);
  });

  it('still collects into a sibling folder', async () => {
    const { root, assets } = project();
    const report = await runCollect(options([assets], path.join(root, 'staticfiles')));
    expect(report.written).toBeGreaterThan(0);
  });
});

describe("the Publish flow's collect", () => {
  it('refuses an environment output folder inside a source, with a message that names no CLI flag', async () => {
    process.env.PORTER_CACHE_DIR = makeTempDir('porter-cache-');
    const root = writeTree(makeTempDir('porter-publish-'), { 'porter.json': JSON.stringify({ sources: ['assets'] }), 'assets/css/site.css': 'a{}' });
    const project = await openProject({ root, pythonConsent: 'deny' });
    const before = snapshot(root);
    const run = collectForPush(project, path.join(root, 'assets/public'));
    await expect(run).rejects.toBeInstanceOf(PushError);
    const message = await run.catch((error: Error) => error.message);
    expect(message).toContain(`is inside the source folder ${fs.realpathSync(path.join(root, 'assets'))}: choose an output folder outside your sources`);
    expect(message).not.toMatch(/--\w/);
    expect(snapshot(root)).toEqual(before);
  });
});
