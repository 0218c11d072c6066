// Which files a collect would take: Django's found order with "first found wins".
import type { DjangoVersion } from '../../contract/porter';
import { effectiveIgnorePatterns, listSources, type FollowedSymlink, type FoundFile, type IgnoredEntry } from './walk-sources';
import type { SourceRoot } from './types';

export interface ScanOptions {
  sources: SourceRoot[];
  ignorePatterns: string[];
  useDefaultIgnore: boolean;
  djangoVersion: DjangoVersion;
}

export interface Duplicate {
  /** The file that is not collected. */
  file: FoundFile;
  /** The earlier file with the same destination path, which wins. */
  keptFrom: FoundFile;
}

export interface ScanResult {
  /** Collected files, one per destination path, in found order. */
  files: FoundFile[];
  duplicates: Duplicate[];
  ignored: IgnoredEntry[];
  problems: string[];
  /** Followed symlinks count as one warning: a virtualenv or Debian install has dozens, all expected. */
  warnings: string[];
  followedSymlinks: FollowedSymlink[];
}

export function scanSources(options: ScanOptions): ScanResult {
  const patterns = effectiveIgnorePatterns(options.ignorePatterns, options.useDefaultIgnore);
  const listing = listSources(options.sources, patterns, options.djangoVersion);
  const firstByName = new Map<string, FoundFile>();
  const duplicates: Duplicate[] = [];
  for (const file of listing.files) {
    const kept = firstByName.get(file.name);
    if (kept) duplicates.push({ file, keptFrom: kept });
    else firstByName.set(file.name, file);
  }
  return {
    files: [...firstByName.values()],
    duplicates,
    ignored: listing.ignored,
    problems: listing.problems,
    warnings: [...listing.warnings, ...followedSymlinksWarning(listing.followedSymlinks)],
    followedSymlinks: listing.followedSymlinks,
  };
}

function followedSymlinksWarning(links: readonly FollowedSymlink[]): string[] {
  if (!links.length) return [];
  if (links.length === 1) return [`${links[0]!.link} is a symlink to ${links[0]!.target}, outside its source folder; Porter follows it, as Django does.`];
  return [`${links.length} symlinks lead outside their source folders; Porter follows them, as Django does.`];
}
