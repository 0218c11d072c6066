// Issue 17.14 as a user runs it: a source holding a folder that opens but cannot be listed (/proc/1/map_files on
// Linux) gets a message naming that folder, not a stack trace; a porter.json source outside the project is flagged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';

const UNLISTABLE = '/proc/1/map_files';
function unlistable(): boolean {
  try {
    fs.readdirSync(UNLISTABLE);
    return false;
  } catch {
    return fs.existsSync(UNLISTABLE);
  }
}

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

function project(sources: string[]): string {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-unlistable-')));
  const root = path.join(base, 'site');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'assets/site.css'), 'a{}');
  fs.mkdirSync(path.join(base, 'shared'));
  fs.writeFileSync(path.join(base, 'shared/shared.css'), 'b{}');
  fs.writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources }));
  return root;
}

describe('collect and folders it cannot list', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it.runIf(unlistable())('names the folder it cannot list instead of crashing', async () => {
    const root = project(['assets']);
    fs.symlinkSync(UNLISTABLE, path.join(root, 'assets/maps'));
    const result = await porter(['collect', '--out', 'staticfiles'], root);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot list the files in the folder ${path.join(root, 'assets/maps')}: permission denied.`);
  }, 120_000);

  it('warns when porter.json names a source outside the project, and still collects it', async () => {
    const root = project(['assets', '../shared']);
    const result = await porter(['collect', '--out', 'staticfiles'], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: ${path.join(path.dirname(root), 'shared')}: This folder is outside the project (${root}): porter.json names it as "../shared".`);
    expect(fs.existsSync(path.join(root, 'staticfiles/shared.css'))).toBe(true);
  }, 120_000);
});
