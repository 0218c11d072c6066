import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStores } from './create-app-stores';
import type { AssetsState } from './features/assets/assets-store';
import type { CollectState } from './features/collect/collect-store';
import type { ImportState } from './features/import/import-store';
import type { NavigationState } from './features/navigation/navigation-store';
import type { CompareState } from './features/savings/compare-store';
import type { VideoCompareState } from './features/savings/video-compare-store';
import type { SavingsState } from './features/savings/savings-store';
import type { ProjectState } from './features/project/project-store';
import type { PushState } from './features/push/push-store';
import type { SettingsState } from './features/settings/settings-store';
import type { FolderBrowserState } from './features/project/folder-browser-store';
import type { TemplatesState } from './features/templates/templates-store';

const StoresContext = createContext<AppStores | undefined>(undefined);

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('Porter components must be rendered inside <StoresProvider>.');
  return stores;
}

export const useProject = <T,>(select: (state: ProjectState) => T): T => useStore(useStores().project, select);
export const useAssets = <T,>(select: (state: AssetsState) => T): T => useStore(useStores().assets, select);
export const useCollect = <T,>(select: (state: CollectState) => T): T => useStore(useStores().collect, select);
export const useNavigation = <T,>(select: (state: NavigationState) => T): T => useStore(useStores().navigation, select);
export const useSavings = <T,>(select: (state: SavingsState) => T): T => useStore(useStores().savings, select);
export const useCompare = <T,>(select: (state: CompareState) => T): T => useStore(useStores().compare, select);
export const useVideoCompare = <T,>(select: (state: VideoCompareState) => T): T => useStore(useStores().videoCompare, select);
export const usePush = <T,>(select: (state: PushState) => T): T => useStore(useStores().push, select);
export const useImport = <T,>(select: (state: ImportState) => T): T => useStore(useStores().importer, select);
export const useSettings = <T,>(select: (state: SettingsState) => T): T => useStore(useStores().settings, select);
export const useFolderBrowser = <T,>(select: (state: FolderBrowserState) => T): T => useStore(useStores().folderBrowser, select);
export const useTemplates = <T,>(select: (state: TemplatesState) => T): T => useStore(useStores().templates, select);
