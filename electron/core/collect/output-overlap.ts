// An output folder must not overlap a source or the project: collecting into one overwrites sources with
// other sources' files of the same name and re-collects its own output (`*.hash.hash.css`) on every run.
// Real paths are compared, so a symlink that leads into a source is seen for what it is.
import fs from 'node:fs';
import path from 'node:path';
import { isPathInside } from '../path-inside';
import type { SourceRoot } from './types';

/** Files that mark a project's own folder: collecting over them would replace them. */
const PROJECT_FILES = ['manage.py', 'porter.json'];

/** The real path of `target`; for a path not made yet, its nearest existing ancestor's real path plus the rest. */
export function realPathOf(target: string): string {
  const absolute = path.resolve(target);
  const rest: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(fs.realpathSync(current), ...rest);
    } catch {
      if (current === path.dirname(current)) return absolute;
      rest.unshift(path.basename(current));
    }
  }
}

/** One message per overlap between the output folder and a source (or the project's own files); none when clear. */
export function outputOverlaps(outDir: string, sources: readonly SourceRoot[]): string[] {
  const absolute = path.resolve(outDir);
  const real = realPathOf(absolute);
  const named = real === absolute ? absolute : `${absolute} (really ${real})`;
  const advice = 'choose an output folder outside your sources.';
  const problems: string[] = [];
  for (const source of sources) {
    const sourceReal = realPathOf(source.dir);
    if (real === sourceReal) problems.push(`The output folder ${named} is the source folder ${sourceReal}: ${advice}`);
    else if (isPathInside(sourceReal, real)) problems.push(`The output folder ${named} is inside the source folder ${sourceReal}: ${advice}`);
    else if (isPathInside(real, sourceReal)) problems.push(`The output folder ${named} contains the source folder ${sourceReal}: ${advice}`);
  }
  for (const name of PROJECT_FILES) {
    if (fs.existsSync(path.join(real, name))) {
      problems.push(`The output folder ${named} holds the project's own ${name}, which collect would overwrite: choose an output folder of its own, such as a staticfiles folder.`);
    }
  }
  return problems;
}
