// Containment of one path in another, by path alone (callers resolve real paths first where links matter).
import path from 'node:path';

/** Whether `child` is `parent` or lies below it. A name that merely starts with ".." (`..cache`) is inside. */
export function isPathInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
