// One watcher per opened project, over the source folders it was opened with; opening it again with other
// sources (after saving porter.json, say) watches those instead.
import type { PorterEvent, Project } from '../contract/porter';
import { watchSources, type SourceWatcher } from '../core/project/watch-sources';

export function createProjectWatchers(emit: (event: PorterEvent) => void) {
  const watchers = new Map<string, { dirs: string; watcher: SourceWatcher }>();
  return {
    watch(project: Project): Project {
      const dirs = project.sources.map((source) => source.dir);
      const key = JSON.stringify(dirs);
      const current = watchers.get(project.root);
      if (current?.dirs === key) return project;
      current?.watcher.close();
      const watcher = watchSources(dirs, (changed) => emit({ type: 'project-changed', root: project.root, changed }));
      watchers.set(project.root, { dirs: key, watcher });
      return project;
    },
    dispose() {
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
