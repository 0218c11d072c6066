import type { PorterBridge } from '../../electron/contract/porter';
import { createAssetsStore, type AssetsStore } from './features/assets/assets-store';
import { createCollectStore, type CollectStore } from './features/collect/collect-store';
import { createProjectStore, type ProjectStore } from './features/project/project-store';
import type { RecentProjects } from './lib/recent-projects';

export interface AppStores {
  project: ProjectStore;
  assets: AssetsStore;
  collect: CollectStore;
}

/** One store per feature; opening a project is what makes the assets and collect stores follow it. */
export function createAppStores(client: PorterBridge, recent: RecentProjects): AppStores {
  const project = createProjectStore(client, recent);
  const assets = createAssetsStore(client);
  const collect = createCollectStore(client);
  project.subscribe((state, previous) => {
    if (!state.project || state.project === previous.project) return;
    void assets.getState().load(state.project.root);
    collect.getState().adoptProject(state.project, previous.project);
  });
  return { project, assets, collect };
}
