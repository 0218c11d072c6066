// Python's `os.path` and `pathlib.Path` string semantics, as far as settings files use them.
// Exactness matters only for values Django compares as raw strings (STATICFILES_DIRS
// de-duplication); everything becomes an absolute normalised path before use.

import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SEPARATORS = path.sep === '\\' ? /[\\/]+/ : /\/+/;
const isSep = (ch: string | undefined): boolean => ch === '/' || (path.sep === '\\' && ch === '\\');

/** `os.path.join`: no normalisation; an absolute part restarts the path. */
export function osPathJoin(first: string, ...rest: string[]): string {
  let out = first;
  for (const part of rest) {
    if (path.isAbsolute(part)) out = part;
    else if (out === '' || isSep(out[out.length - 1])) out += part;
    else out += path.sep + part;
  }
  return out;
}

/** `os.path.dirname`: everything before the last separator, trailing separators dropped unless it is the root. */
export function osPathDirname(p: string): string {
  let i = p.length;
  while (i > 0 && !isSep(p[i - 1])) i--;
  const head = p.slice(0, i);
  const trimmed = head.replace(path.sep === '\\' ? /[\\/]+$/ : /\/+$/, '');
  return trimmed === '' || /^[A-Za-z]:$/.test(trimmed) ? head : trimmed;
}

export function osPathBasename(p: string): string {
  let i = p.length;
  while (i > 0 && !isSep(p[i - 1])) i--;
  return p.slice(i);
}

export function osPathNormpath(p: string): string {
  if (p === '') return '.';
  const normal = path.normalize(p);
  return normal.length > 1 && isSep(normal[normal.length - 1]) && !/^[A-Za-z]:[\\/]$/.test(normal) ? normal.slice(0, -1) : normal;
}

export function osPathAbspath(p: string, cwd: string): string {
  return path.resolve(cwd, p);
}

/** `os.path.realpath`/`Path.resolve()`: symlinks resolved as far as the path exists. */
export function realPath(p: string, cwd: string): string {
  const absolute = path.resolve(cwd, p);
  let existing = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

export function expandUser(p: string): string {
  if (p !== '~' && !p.startsWith('~/') && !p.startsWith(`~${path.sep}`)) return p;
  return os.homedir() + p.slice(1);
}

/** `str(Path(p))`: separators collapsed, `.` parts and trailing separators removed, `..` kept. */
export function pathlibNormalize(p: string): string {
  const absolute = path.isAbsolute(p);
  const drive = /^[A-Za-z]:/.exec(p)?.[0] ?? '';
  const parts = p.slice(drive.length).split(SEPARATORS).filter((part) => part !== '' && part !== '.');
  const body = parts.join(path.sep);
  if (absolute) return drive + path.sep + body;
  return drive + body || '.';
}

/** `Path(a) / b`. */
export function pathlibJoin(base: string, child: string): string {
  if (path.isAbsolute(child)) return pathlibNormalize(child);
  if (base === '.') return pathlibNormalize(child);
  return pathlibNormalize(base + path.sep + child);
}

/** `Path(p).parent`. */
export function pathlibParent(p: string): string {
  const normal = pathlibNormalize(p);
  const i = Math.max(normal.lastIndexOf('/'), path.sep === '\\' ? normal.lastIndexOf('\\') : -1);
  if (i < 0) return '.';
  const parent = normal.slice(0, i);
  return parent === '' || /^[A-Za-z]:$/.test(parent) ? normal.slice(0, i + 1) : parent;
}

/** `Path(p).absolute()`: joined to the working folder, not normalised further. */
export function pathlibAbsolute(p: string, cwd: string): string {
  return path.isAbsolute(p) ? pathlibNormalize(p) : pathlibJoin(cwd, p);
}
