// Watches a project's source folders so the views follow the disk: a burst of changes (an editor saving, a
// folder copied in) becomes one notice, within a second of the last change.
import { existsSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { effectiveIgnorePatterns } from '../collect/walk-sources';
import { firstMatchingPattern } from '../collect/py-fnmatch';

/** Long enough to gather one save's several events, short enough for the views to feel live. */
export const SETTLE_MS = 150;

export interface SourceWatcher {
  close(): void;
}

export function watchSources(dirs: string[], onChange: (changed: string[]) => void, settleMs = SETTLE_MS): SourceWatcher {
  const ignore = effectiveIgnorePatterns([], true);
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    const changed = [...pending].sort();
    pending.clear();
    if (changed.length) onChange(changed);
  };
  const watchers: FSWatcher[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const watcher = watch(dir, { recursive: true }, (_event, name) => {
      const file = name ? path.join(dir, name.toString()) : dir;
      // Editor backups and dot-files are what collect ignores by default; changes to them change nothing.
      if (name && name.toString().split(path.sep).some((part) => firstMatchingPattern(part, ignore))) return;
      pending.add(file);
      clearTimeout(timer);
      timer = setTimeout(flush, settleMs);
    });
    // A source folder deleted while watched ends its watcher; the next open of the project watches again.
    watcher.on('error', () => watcher.close());
    watchers.push(watcher);
  }
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
