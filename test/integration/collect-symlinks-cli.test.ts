// Issue 15 §2: sources on a Debian or virtualenv install reach their files through symlinks, dozens of them. Porter
// follows them as Django does and says so in one line; --verbose and --json list them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensurePorterBuilt, repoRoot, runCommand } from '../support/run-porter';

function porter(args: string[], cwd: string) {
  return runCommand({ command: process.execPath, args: [path.join(repoRoot, 'bin/porter.js'), ...args], cwd, env: { ...process.env, PORTER_CACHE_DIR: path.join(cwd, '.cache') } });
}

/** A project whose assets/ links three packages kept outside it, as /usr/share/javascript links are. */
function linkedProject() {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'porter-symlinks-')));
  const root = path.join(base, 'site');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'assets/site.css'), 'a{}');
  const links = ['jquery', 'select2', 'xregexp'].map((name) => {
    const target = path.join(base, 'share', name);
    fs.mkdirSync(target, { recursive: true });
    fs.writeFileSync(path.join(target, `${name}.js`), `// ${name}`);
    fs.symlinkSync(target, path.join(root, 'assets', name));
    return { link: path.join(root, 'assets', name), target };
  });
  return { root, links };
}

describe('collect through symlinks', () => {
  beforeAll(() => ensurePorterBuilt(), 120_000);

  it('says once how many symlinks it followed, and lists them with --verbose and in --json', async () => {
    const { root, links } = linkedProject();
    const args = ['collect', '--source', 'assets', '--out', 'staticfiles', '--django-version', '6.1'];

    const plain = await porter(args, root);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).toContain('warning: 3 symlinks lead outside their source folders; Porter follows them, as Django does.\n  (--verbose lists them)');
    for (const { link } of links) expect(plain.stderr).not.toContain(link);

    const verbose = await porter([...args, '--verbose'], root);
    for (const { link, target } of links) expect(verbose.stderr).toContain(`  ${link} -> ${target}\n`);

    const json = JSON.parse((await porter([...args, '--json'], root)).stdout) as { followedSymlinks: unknown[]; warnings: string[] };
    expect(json.followedSymlinks).toEqual(expect.arrayContaining(links));
    expect(json.followedSymlinks).toHaveLength(3);
    expect(json.warnings).toEqual(['3 symlinks lead outside their source folders; Porter follows them, as Django does.']);
  });
});
