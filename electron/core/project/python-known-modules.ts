// The standard-library names settings files use to build paths, modelled by the evaluator.
// Anything else imported from outside the project is `external`: named, never run.

import path from 'node:path';
import type { PyValue } from './python-values';

const builtin = (name: string): PyValue => ({ kind: 'builtin', name });

const MODULES: Record<string, Record<string, PyValue>> = {
  os: {
    path: builtin('os.path'),
    environ: builtin('os.environ'),
    getenv: builtin('os.getenv'),
    getcwd: builtin('os.getcwd'),
    fspath: builtin('os.fspath'),
    sep: { kind: 'str', value: path.sep },
  },
  'os.path': {
    join: builtin('os.path.join'),
    dirname: builtin('os.path.dirname'),
    basename: builtin('os.path.basename'),
    abspath: builtin('os.path.abspath'),
    realpath: builtin('os.path.realpath'),
    normpath: builtin('os.path.normpath'),
    expanduser: builtin('os.path.expanduser'),
    sep: { kind: 'str', value: path.sep },
  },
  pathlib: {
    Path: builtin('pathlib.Path'),
    PurePath: builtin('pathlib.Path'),
    PosixPath: builtin('pathlib.Path'),
    PurePosixPath: builtin('pathlib.Path'),
    WindowsPath: builtin('pathlib.Path'),
    PureWindowsPath: builtin('pathlib.Path'),
  },
  sys: {},
};

/** Python builtins the evaluator models. */
export const BUILTINS: Record<string, PyValue> = {
  str: builtin('str'),
  list: builtin('list'),
  tuple: builtin('tuple'),
};

export function isKnownModule(name: string): boolean {
  return name in MODULES;
}

/** `module.attr` for a modelled module; undefined when Porter does not model that attribute. */
export function knownAttribute(module: string, attr: string): PyValue | undefined {
  const members = MODULES[module];
  if (!members) return undefined;
  if (`${module}.${attr}` in MODULES) return builtin(`${module}.${attr}`);
  return members[attr];
}

/** Names of `from <module> import *` for a modelled module. */
export function knownMembers(module: string): Array<[string, PyValue]> {
  return Object.entries(MODULES[module] ?? {});
}
