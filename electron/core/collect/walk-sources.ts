// Lists source folders the way Django's finders and `staticfiles.utils.get_files` do:
// raw directory order (os.scandir = fs.opendir, never sorted), a directory's files before
// its subdirectories, symlinks followed, ignore patterns on basenames and relative paths.
// Where Django would crash or loop, Porter records a problem the user can act on.
import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import type { DjangoVersion } from '../../contract/porter';
import { firstMatchingPattern } from './py-fnmatch';
import { normpath, pathJoin } from './py-url';
import type { SourceRoot } from './types';

export const DEFAULT_IGNORE_PATTERNS = ['CVS', '.*', '*~'];

export interface FoundFile {
  /** Destination path: the source prefix joined with `relPath`. */
  name: string;
  /** Path relative to its source folder, with '/' separators. */
  relPath: string;
  sourceIndex: number;
  absPath: string;
  size: number;
  /** The walk's stat of `absPath` (through a symlink), reused for the content-hash cache; absent on a recipe's stand-in. */
  stat?: fs.Stats;
}

export interface IgnoredEntry {
  name: string;
  sourceIndex: number;
  absPath: string;
  pattern: string;
  isDirectory: boolean;
}

export interface SourceListing {
  /** Every file not ignored, in Django's found order, duplicates included. */
  files: FoundFile[];
  ignored: IgnoredEntry[];
  /** Conditions that make a correct collect impossible. */
  problems: string[];
  warnings: string[];
  /** Symlinks that lead out of their source folder: followed, as Django follows them. */
  followedSymlinks: FollowedSymlink[];
}

export interface FollowedSymlink {
  link: string;
  target: string;
}

/** Django's final ignore list: `-i` values plus the defaults, each `os.path.normpath`ed. */
export function effectiveIgnorePatterns(extra: readonly string[], useDefaults: boolean): string[] {
  return [...extra, ...(useDefaults ? DEFAULT_IGNORE_PATTERNS : [])].map((pattern) => normpath(pattern));
}

/**
 * FileSystemFinder keeps `(prefix, root)` pairs once each and keys its storages by root,
 * so a root listed with two prefixes uses the last prefix for both listings.
 */
export function finderLocations(sources: readonly SourceRoot[]): Array<SourceRoot & { index: number }> {
  const seen = new Set<string>();
  const lastPrefix = new Map<string, string>();
  const locations: Array<SourceRoot & { index: number }> = [];
  sources.forEach((source, index) => {
    if (source.kind === 'app') {
      locations.push({ ...source, index });
      return;
    }
    const key = JSON.stringify([source.prefix, source.dir]);
    if (seen.has(key)) return;
    seen.add(key);
    lastPrefix.set(source.dir, source.prefix);
    locations.push({ ...source, index });
  });
  return locations.map((location) => (location.kind === 'app' ? location : { ...location, prefix: lastPrefix.get(location.dir)! }));
}

function printableName(bytes: Buffer): string {
  return Array.from(bytes, (byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`)).join('');
}

interface WalkContext {
  sourceIndex: number;
  sourceRoot: string;
  realSourceRoot: string;
  prefix: string;
  patterns: string[];
  listing: SourceListing;
}

/** Why a directory entry cannot be read, in words (shared with the optimize walk). */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it points to something that does not exist';
  if (code === 'ELOOP') return 'it is a symlink loop';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

function isOutside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative.startsWith('..') || path.isAbsolute(relative);
}

function walkDirectory(context: WalkContext, relDir: string, ancestors: Set<string>): void {
  const absDir = path.join(context.sourceRoot, relDir);
  const files: Array<{ name: string; stat: fs.Stats }> = [];
  const directories: Array<{ name: string; identity: string; real: string }> = [];
  let dir: fs.Dir;
  try {
    dir = fs.opendirSync(absDir, { encoding: 'buffer' } as unknown as fs.OpenDirOptions);
  } catch (error) {
    context.listing.problems.push(`Cannot read the folder ${absDir}: ${describeError(error)}.`);
    return;
  }
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      const rawName = entry.name as unknown as Buffer;
      const relPathOf = (name: string) => (relDir ? `${relDir}/${name}` : name);
      if (!isUtf8(rawName)) {
        const shown = printableName(rawName);
        if (!firstMatchingPattern(shown, context.patterns)) {
          context.listing.problems.push(
            `The file name ${path.join(absDir, shown)} is not valid UTF-8, so it cannot be named in a URL or in staticfiles.json. Rename it.`,
          );
        }
        continue;
      }
      const name = rawName.toString('utf8');
      const absPath = path.join(absDir, name);
      let stat: fs.Stats;
      try {
        // Django's DirEntry.is_dir() follows symlinks.
        stat = entry.isSymbolicLink() ? fs.statSync(absPath) : fs.lstatSync(absPath);
      } catch (error) {
        if (!firstMatchingPattern(name, context.patterns) && !firstMatchingPattern(relPathOf(name), context.patterns)) {
          context.listing.problems.push(`Cannot read ${absPath}: ${describeError(error)}. Fix or remove it, or add it to the ignore patterns.`);
        }
        continue;
      }
      if (entry.isSymbolicLink()) {
        const real = safeRealpath(absPath);
        if (real && isOutside(context.realSourceRoot, real)) {
          context.listing.followedSymlinks.push({ link: absPath, target: real });
        }
      }
      if (stat.isDirectory()) {
        directories.push({ name, identity: `${stat.dev}:${stat.ino}`, real: safeRealpath(absPath) ?? absPath });
      } else {
        files.push({ name, stat });
      }
    }
  } catch (error) {
    // Some folders open but refuse a listing (/proc/1/map_files): the folder is skipped, named, and the walk goes on.
    context.listing.problems.push(`Cannot list the files in the folder ${absDir}: ${describeError(error)}.`);
    return;
  } finally {
    dir.closeSync();
  }

  for (const { name, stat } of files) {
    const relPath = relDir ? `${relDir}/${name}` : name;
    const pattern = firstMatchingPattern(name, context.patterns) ?? (relDir ? firstMatchingPattern(relPath, context.patterns) : undefined);
    const destination = context.prefix ? pathJoin(context.prefix, relPath) : relPath;
    const absPath = path.join(absDir, name);
    if (pattern !== undefined) {
      context.listing.ignored.push({ name: destination, sourceIndex: context.sourceIndex, absPath, pattern, isDirectory: false });
      continue;
    }
    if (!stat.isFile()) {
      context.listing.problems.push(`${absPath} is not a regular file (a pipe, socket or device). Remove it from the static folder or add it to the ignore patterns.`);
      continue;
    }
    context.listing.files.push({ name: destination, relPath, sourceIndex: context.sourceIndex, absPath, size: stat.size, stat });
  }

  for (const { name, identity, real } of directories) {
    const relPath = relDir ? `${relDir}/${name}` : name;
    const absPath = path.join(absDir, name);
    const pattern = firstMatchingPattern(name, context.patterns);
    if (pattern !== undefined) {
      const destination = context.prefix ? pathJoin(context.prefix, relPath) : relPath;
      context.listing.ignored.push({ name: destination, sourceIndex: context.sourceIndex, absPath, pattern, isDirectory: true });
      continue;
    }
    if (ancestors.has(identity)) {
      context.listing.problems.push(
        `${absPath} leads back to ${real}, a folder that contains it (a symlink loop). Remove the link or add "${name}" to the ignore patterns.`,
      );
      continue;
    }
    ancestors.add(identity);
    walkDirectory(context, relPath, ancestors);
    ancestors.delete(identity);
  }
}

function safeRealpath(target: string): string | undefined {
  try {
    return fs.realpathSync(target);
  } catch {
    return undefined;
  }
}

/** Lists every source in finder order, as `collectstatic` would find the files. */
export function listSources(
  sources: readonly SourceRoot[],
  patterns: string[],
  djangoVersion: DjangoVersion,
): SourceListing {
  const listing: SourceListing = { files: [], ignored: [], problems: [], warnings: [], followedSymlinks: [] };
  for (const location of finderLocations(sources)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(location.dir);
    } catch {
      stat = undefined;
    }
    if (!stat?.isDirectory()) {
      if (location.kind === 'app') continue;
      if (djangoVersion === '3.2') {
        listing.problems.push(
          `The source folder ${location.dir} does not exist (Django 3.2 stops here). Create it, fix the path, or remove it from the sources.`,
        );
      } else {
        listing.warnings.push(`The directory '${location.dir}' in the STATICFILES_DIRS setting does not exist. It was skipped.`);
      }
      continue;
    }
    const realSourceRoot = safeRealpath(location.dir) ?? location.dir;
    const context: WalkContext = {
      sourceIndex: location.index,
      sourceRoot: location.dir,
      realSourceRoot,
      prefix: location.prefix,
      patterns,
      listing,
    };
    walkDirectory(context, '', new Set([`${stat.dev}:${stat.ino}`]));
  }
  return listing;
}
