import type { PorterBridge } from '../../electron/contract/porter';
import { createAssetsStore, type AssetsStore } from './features/assets/assets-store';
import { createCollectStore, type CollectStore } from './features/collect/collect-store';
import { createImportStore, type ImportStore } from './features/import/import-store';
import { createNavigationStore, type NavigationStore } from './features/navigation/navigation-store';
import { createProjectStore, type ProjectStore } from './features/project/project-store';
import { createFolderBrowserStore, type FolderBrowserStore } from './features/project/folder-browser-store';
import { createPushStore, type PushStore } from './features/push/push-store';
import { createCompareStore, type CompareStore } from './features/savings/compare-store';
import { createVideoCompareStore, type VideoCompareStore } from './features/savings/video-compare-store';
import { createSettingsStore, type SettingsStore } from './features/settings/settings-store';
import { createSavingsStore, type SavingsStore } from './features/savings/savings-store';
import { createTemplatesStore, type TemplatesStore } from './features/templates/templates-store';
import type { RecentProjects } from './lib/recent-projects';

export interface AppStores {
  project: ProjectStore;
  assets: AssetsStore;
  collect: CollectStore;
  navigation: NavigationStore;
  savings: SavingsStore;
  compare: CompareStore;
  videoCompare: VideoCompareStore;
  push: PushStore;
  importer: ImportStore;
  settings: SettingsStore;
  folderBrowser: FolderBrowserStore;
  templates: TemplatesStore;
}

/** One store per feature; opening a project is what makes the assets, collect, savings and push stores follow it. */
export function createAppStores(client: PorterBridge, recent: RecentProjects): AppStores {
  const project = createProjectStore(client, recent);
  const assets = createAssetsStore(client);
  const collect = createCollectStore(client);
  const navigation = createNavigationStore();
  const savings = createSavingsStore(client);
  const compare = createCompareStore(client);
  const videoCompare = createVideoCompareStore(client);
  const push = createPushStore(client);
  const importer = createImportStore(client, (root) => void assets.getState().load(root));
  const folderBrowser = createFolderBrowserStore(client);
  const templates = createTemplatesStore(client);
  project.subscribe((state, previous) => {
    if (!state.project || state.project === previous.project) return;
    void assets.getState().load(state.project.root);
    void templates.getState().load(state.project.root);
    collect.getState().adoptProject(state.project, previous.project);
    savings.getState().adoptProject(state.project);
    push.getState().adoptProject(state.project);
    importer.getState().adoptProject(state.project);
    if (state.project.root !== previous.project?.root) {
      compare.getState().close();
      videoCompare.getState().close();
    }
  });
  project.subscribe((state, previous) => {
    if (state.project?.root !== previous.project?.root) folderBrowser.getState().close();
  });
  return { project, assets, collect, navigation, savings, compare, videoCompare, push, importer, settings: createSettingsStore(client), folderBrowser, templates };
}
