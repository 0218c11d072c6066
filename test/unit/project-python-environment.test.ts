// Finding the project's Python environment on disk, without running any Python.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findPythonEnvironment } from '../../electron/core/project/python-environment';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'porter-env-'));
  temps.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

/** A base interpreter installed under `<root>/base` (Debian layout) with Django 5.1 in dist-packages. */
function baseInterpreter(root: string): string {
  const base = path.join(root, 'base');
  for (const [name, content] of Object.entries({
    'bin/python3.12': '',
    'lib/python3/dist-packages/django/__init__.py': 'VERSION = (5, 1, 0, "final", 0)\n',
  })) {
    mkdirSync(path.dirname(path.join(base, name)), { recursive: true });
    writeFileSync(path.join(base, name), content);
  }
  return base;
}

function venv(prefix: string, home: string, includeSystem: boolean): void {
  mkdirSync(path.join(prefix, 'bin'), { recursive: true });
  mkdirSync(path.join(prefix, 'lib/python3.12/site-packages'), { recursive: true });
  writeFileSync(path.join(prefix, 'bin/python'), '');
  writeFileSync(path.join(prefix, 'pyvenv.cfg'), `home = ${home}\ninclude-system-site-packages = ${includeSystem}\nversion = 3.12.3\n`);
}

describe('findPythonEnvironment', () => {
  it('reads a .venv that sees the system site-packages, and the Django installed there', async () => {
    const root = folder();
    const base = baseInterpreter(root);
    venv(path.join(root, '.venv'), path.join(base, 'bin'), true);
    const search = await findPythonEnvironment([root], { HOME: root });
    expect(search.environment).toEqual({
      description: `the virtualenv in ${path.join(root, '.venv')}`,
      python: path.join(root, '.venv/bin/python'),
      sitePaths: [path.join(root, '.venv/lib/python3.12/site-packages'), path.join(base, 'lib/python3/dist-packages')],
      django: { version: '5.1', folder: path.join(base, 'lib/python3/dist-packages/django') },
    });
    expect(search.notes).toEqual([]);
  });

  it('prefers VIRTUAL_ENV, and says when the environment has no Django', async () => {
    const root = folder();
    const base = baseInterpreter(root);
    venv(path.join(root, '.venv'), path.join(base, 'bin'), true);
    venv(path.join(root, 'active'), path.join(base, 'bin'), false);
    const search = await findPythonEnvironment([root], { HOME: root, VIRTUAL_ENV: path.join(root, 'active') });
    expect(search.environment?.python).toBe(path.join(root, 'active/bin/python'));
    expect(search.environment?.django).toBeUndefined();
    expect(search.notes).toEqual([`Django is not installed in the virtualenv ${path.join(root, 'active')} (from VIRTUAL_ENV).`]);
  });

  it('says when the project uses Poetry but poetry is not on PATH', async () => {
    const root = folder({ 'pyproject.toml': '[tool.poetry]\nname = "x"\n' });
    const search = await findPythonEnvironment([root], { HOME: root, PATH: '' });
    expect(search.environment).toBeUndefined();
    expect(search.notes[0]).toBe('This project uses Poetry, but poetry is not on PATH.');
  });

  it('falls back to a python3 on PATH whose folders hold Django', async () => {
    const root = folder();
    const base = baseInterpreter(root);
    const bin = path.join(root, 'path-bin');
    mkdirSync(bin);
    chmodSync(path.join(base, 'bin/python3.12'), 0o755);
    symlinkSync(path.join(base, 'bin/python3.12'), path.join(bin, 'python3'));
    const search = await findPythonEnvironment([root], { HOME: root, PATH: bin });
    expect(search.environment?.python).toBe(path.join(bin, 'python3'));
    expect(search.environment?.django?.version).toBe('5.1');
  });
});
