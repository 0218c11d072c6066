// Finds the project's Python environment and the folders its `import` searches, read from disk:
// finding an environment never runs its Python (that needs the user's consent).

import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findInstalledDjango, type InstalledDjango } from './django-version';
import { isDirectory, isFile } from './fs-checks';

export interface PythonEnvironment {
  /** Plain-language description for notes, e.g. `the virtualenv in .venv`. */
  description: string;
  /** The interpreter, when the environment has one. */
  python: string | undefined;
  /** Folders `import` searches after the project, in order (site-packages, then the base interpreter's). */
  sitePaths: string[];
  django: InstalledDjango | undefined;
}

export interface EnvironmentSearch {
  environment: PythonEnvironment | undefined;
  /** Folders to look for installed apps in when no environment was found. */
  fallbackSitePaths: string[];
  notes: string[];
}

const TOOL_TIMEOUT_MS = 15_000;
const WINDOWS = process.platform === 'win32';

/**
 * `folders`: the Django project folder and the project root (where `.venv`, Poetry and Pipenv
 * files live), deduplicated, nearest first.
 */
export async function findPythonEnvironment(folders: string[], env: NodeJS.ProcessEnv): Promise<EnvironmentSearch> {
  const notes: string[] = [];
  const candidates: Array<() => Promise<PythonEnvironment | undefined>> = [
    async () => (env.VIRTUAL_ENV ? environmentAt(env.VIRTUAL_ENV, `the virtualenv ${env.VIRTUAL_ENV} (from VIRTUAL_ENV)`) : undefined),
    async () => (env.CONDA_PREFIX ? environmentAt(env.CONDA_PREFIX, `the conda environment ${env.CONDA_PREFIX} (from CONDA_PREFIX)`) : undefined),
    ...folders.flatMap((folder) =>
      ['.venv', 'venv'].map((name) => async () => environmentAt(path.join(folder, name), `the virtualenv in ${path.join(folder, name)}`)),
    ),
    ...folders.map((folder) => async () => fromTool(folder, 'poetry', ['env', 'info', '-p'], usesPoetry(folder), env, notes)),
    ...folders.map((folder) => async () => fromTool(folder, 'pipenv', ['--venv'], isFile(path.join(folder, 'Pipfile')), env, notes)),
  ];
  for (const candidate of candidates) {
    const environment = await candidate();
    if (!environment) continue;
    if (!environment.django) notes.push(`Django is not installed in ${environment.description}.`);
    return { environment, fallbackSitePaths: [], notes };
  }
  const onPath = interpretersOnPath(env);
  const withDjango = onPath.find((candidate) => candidate.django);
  if (withDjango) return { environment: withDjango, fallbackSitePaths: [], notes };
  const fallbackSitePaths = [...new Set(onPath.flatMap((candidate) => candidate.sitePaths).concat(systemSitePaths('/usr')))];
  notes.push(
    'Porter found no Python environment for this project (VIRTUAL_ENV, .venv, venv, Poetry or Pipenv) and no Python with Django on PATH' +
      (fallbackSitePaths.length > 0 ? `; it looked for installed apps in ${fallbackSitePaths.join(', ')}.` : '.'),
  );
  return { environment: undefined, fallbackSitePaths, notes };
}

function environmentAt(prefix: string, description: string): PythonEnvironment | undefined {
  if (!isDirectory(prefix)) return undefined;
  const python = ['bin/python', 'bin/python3', 'Scripts/python.exe', 'python.exe'].map((name) => path.join(prefix, name)).find(isFile);
  const config = readPyvenvConfig(prefix);
  const versions = config.version ? [config.version] : libVersions(prefix);
  const own = [
    ...versions.map((version) => path.join(prefix, 'lib', `python${version}`, 'site-packages')),
    path.join(prefix, 'Lib', 'site-packages'),
  ].filter(isDirectory);
  const base = config.includeSystem && config.home ? versions.flatMap((version) => systemSitePaths(path.dirname(config.home!), version)) : [];
  const sitePaths = [...new Set([...own, ...base])];
  return { description, python, sitePaths, django: findInstalledDjango(sitePaths) };
}

interface PyvenvConfig {
  home?: string;
  includeSystem: boolean;
  /** `major.minor`. */
  version?: string;
}

function readPyvenvConfig(prefix: string): PyvenvConfig {
  let text: string;
  try {
    text = readFileSync(path.join(prefix, 'pyvenv.cfg'), 'utf8');
  } catch {
    return { includeSystem: false };
  }
  const values = new Map(
    text.split(/\r?\n/).flatMap((line) => {
      const at = line.indexOf('=');
      return at < 0 ? [] : [[line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()] as [string, string]];
    }),
  );
  const version = /^(\d+\.\d+)/.exec(values.get('version_info') ?? values.get('version') ?? '')?.[1];
  return { home: values.get('home'), includeSystem: values.get('include-system-site-packages')?.toLowerCase() === 'true', version };
}

function libVersions(prefix: string): string[] {
  try {
    return readdirSync(path.join(prefix, 'lib'))
      .flatMap((name) => /^python(\d+\.\d+)$/.exec(name)?.[1] ?? [])
      .sort()
      .reverse();
  } catch {
    return [];
  }
}

/** The site folders of a base interpreter installed under `prefix`, in Debian's and CPython's sys.path order. */
function systemSitePaths(prefix: string, version?: string): string[] {
  const versions = version ? [version] : libVersions(prefix);
  return [
    ...versions.map((v) => path.join(prefix, 'local', 'lib', `python${v}`, 'dist-packages')),
    path.join(prefix, 'lib', 'python3', 'dist-packages'),
    ...versions.flatMap((v) => [path.join(prefix, 'lib', `python${v}`, 'dist-packages'), path.join(prefix, 'lib', `python${v}`, 'site-packages')]),
    path.join(prefix, 'Lib', 'site-packages'),
  ].filter(isDirectory);
}

function usesPoetry(folder: string): boolean {
  if (isFile(path.join(folder, 'poetry.lock'))) return true;
  try {
    return /^\[tool\.poetry[\].]/m.test(readFileSync(path.join(folder, 'pyproject.toml'), 'utf8'));
  } catch {
    return false;
  }
}

/** Asks Poetry or Pipenv for the project's environment; they are not the project's Python. */
async function fromTool(folder: string, tool: string, args: string[], used: boolean, env: NodeJS.ProcessEnv, notes: string[]): Promise<PythonEnvironment | undefined> {
  if (!used) return undefined;
  const result = await new Promise<{ ok: true; out: string } | { ok: false; why: string }>((resolve) => {
    execFile(tool, args, { cwd: folder, env, timeout: TOOL_TIMEOUT_MS, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) resolve({ ok: true, out: stdout.trim() });
      else if ((error as NodeJS.ErrnoException).code === 'ENOENT') resolve({ ok: false, why: `${tool} is not on PATH` });
      else resolve({ ok: false, why: `\`${tool} ${args.join(' ')}\` failed: ${stderr.trim().split(/\r?\n/).pop() || error.message}` });
    });
  });
  if (!result.ok) {
    notes.push(`This project uses ${tool === 'poetry' ? 'Poetry' : 'Pipenv'}, but ${result.why}.`);
    return undefined;
  }
  const prefix = result.out.split(/\r?\n/).pop() ?? '';
  return prefix ? environmentAt(prefix, `the ${tool === 'poetry' ? 'Poetry' : 'Pipenv'} environment ${prefix}`) : undefined;
}

/** `python3`/`python` on PATH whose real executable names its version, so its folders can be found on disk. */
function interpretersOnPath(env: NodeJS.ProcessEnv): PythonEnvironment[] {
  const found: PythonEnvironment[] = [];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of WINDOWS ? ['python.exe'] : ['python3', 'python']) {
      const candidate = path.join(dir, name);
      if (!isFile(candidate)) continue;
      let real: string;
      try {
        real = realpathSync(candidate);
      } catch {
        continue;
      }
      const version = /^python(\d+\.\d+)(?:\.exe)?$/.exec(path.basename(real))?.[1];
      const prefix = path.dirname(path.dirname(real));
      const userSite = version ? [path.join(os.homedir(), '.local', 'lib', `python${version}`, 'site-packages')].filter(isDirectory) : [];
      const sitePaths = [...userSite, ...(WINDOWS ? systemSitePaths(path.dirname(real)) : version ? systemSitePaths(prefix, version) : [])];
      if (sitePaths.length === 0) continue;
      found.push({ description: `the Python at ${candidate}`, python: candidate, sitePaths, django: findInstalledDjango(sitePaths) });
    }
  }
  return found;
}
