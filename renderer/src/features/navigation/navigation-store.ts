import { createStore, type StoreApi } from 'zustand/vanilla';

export type ViewName = 'project' | 'savings' | 'push' | 'settings';

export interface NavigationState {
  view: ViewName;
  show(view: ViewName): void;
}

export type NavigationStore = StoreApi<NavigationState>;

export function createNavigationStore(): NavigationStore {
  return createStore<NavigationState>()((set) => ({
    view: 'project',
    show: (view) => set({ view }),
  }));
}
