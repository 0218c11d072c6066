// The subfolders of a folder inside a project, for choosing source folders where there is no OS dialog
// (`porter serve` in a browser). Only folder names leave this module, and never anything outside the project.

import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FolderListing } from '../../contract/porter';
import { isPathInside } from '../path-inside';

/** A folder with more subfolders than this lists the first ones by name; nobody scrolls through more. */
export const MAX_LISTED_FOLDERS = 500;

export class FolderOutsideProjectError extends Error {
  constructor(readonly folder: string, readonly root: string) {
    super(`${folder} is not inside the project ${root}.`);
    this.name = 'FolderOutsideProjectError';
  }
}

/**
 * Lists `folder` (default: the project root). Links are followed only to folders that are still inside
 * the project, so neither `..` nor a symlink can widen what is shown.
 */
export async function listProjectFolders(root: string, folder: string = root): Promise<FolderListing> {
  const realRoot = await realpath(root);
  const requested = path.resolve(root, folder);
  const realFolder = await realpath(requested).catch((error: NodeJS.ErrnoException) => {
    if (!isPathInside(path.resolve(root), requested)) throw new FolderOutsideProjectError(requested, root);
    if (error.code === 'ENOENT') error.message = `There is no folder at ${requested} any more.`;
    throw error;
  });
  if (!isPathInside(realRoot, realFolder)) throw new FolderOutsideProjectError(requested, root);
  if (!(await stat(realFolder)).isDirectory()) throw new Error(`${requested} is a file, not a folder.`);

  // Paths are shown under the root as the user opened it, even where it is reached through a link.
  const relative = path.relative(realRoot, realFolder);
  const shownFolder = path.join(path.resolve(root), relative);
  const entries = await readdir(realFolder, { withFileTypes: true });
  const candidates = entries.filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()));
  const folders: FolderListing['folders'] = [];
  for (const entry of candidates.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }))) {
    if (entry.isSymbolicLink() && !(await linksToFolderInside(realRoot, path.join(realFolder, entry.name)))) continue;
    folders.push({ name: entry.name, path: path.join(shownFolder, entry.name) });
  }
  return {
    folder: shownFolder,
    relative: relative.split(path.sep).join('/'),
    parent: relative === '' ? null : path.dirname(shownFolder),
    folders: folders.slice(0, MAX_LISTED_FOLDERS),
    truncated: folders.length > MAX_LISTED_FOLDERS,
  };
}

async function linksToFolderInside(realRoot: string, link: string): Promise<boolean> {
  try {
    const target = await realpath(link);
    return isPathInside(realRoot, target) && (await stat(target)).isDirectory();
  } catch {
    return false;
  }
}
