import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { Asset, PorterBridge } from '../../../../electron/contract/porter';

export type StatusFilter = 'all' | Asset['status'];

export interface AssetsState {
  root?: string;
  loading: boolean;
  assets: Asset[];
  warnings: string[];
  error?: PorterError;
  filter: string;
  statusFilter: StatusFilter;
  /** Previews by source path; null where the file is no readable image. */
  thumbnails: Record<string, string | null>;
  load(root: string): Promise<void>;
  /** Fetches previews for these source paths, once each. */
  requestThumbnails(paths: string[]): void;
  setFilter(filter: string): void;
  setStatusFilter(statusFilter: StatusFilter): void;
  /** Stops following changes on disk. */
  dispose(): void;
}

export type AssetsStore = StoreApi<AssetsState>;

export function createAssetsStore(client: PorterBridge): AssetsStore {
  let loadSequence = 0;
  const pending = new Set<string>();
  const store = createStore<AssetsState>()((set, get) => ({
    loading: false,
    thumbnails: {},
    assets: [],
    warnings: [],
    filter: '',
    statusFilter: 'all',

    async load(root) {
      const sequence = ++loadSequence;
      set((state) => ({
        root,
        loading: true,
        error: undefined,
        // A different project starts from an empty table; a refresh keeps the old rows until the new ones arrive.
        ...(state.root === root ? {} : { assets: [], warnings: [], filter: '', statusFilter: 'all' as const, thumbnails: {} }),
      }));
      const result = await client.listAssets({ root });
      if (sequence !== loadSequence) return;
      if (result.ok) set({ loading: false, assets: result.value.assets, warnings: result.value.warnings });
      else set({ loading: false, error: result.error });
    },

    requestThumbnails(paths) {
      const { root, thumbnails } = get();
      const wanted = paths.filter((file) => !(file in thumbnails) && !pending.has(file)).slice(0, 200);
      if (!root || wanted.length === 0) return;
      for (const file of wanted) pending.add(file);
      void client.getThumbnails({ root, files: wanted }).then((result) => {
        for (const file of wanted) pending.delete(file);
        if (result.ok && get().root === root) set({ thumbnails: { ...get().thumbnails, ...result.value.thumbnails } });
      });
    },

    setFilter(filter) {
      set({ filter });
    },

    setStatusFilter(statusFilter) {
      set({ statusFilter });
    },
    dispose() {
      unsubscribe();
    },
  }));
  // The host watches the project's sources: a change on disk reloads the list (keeping the filter).
  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'project-changed' && event.root === store.getState().root) void store.getState().load(event.root);
  });
  return store;
}

export interface AssetCounts {
  all: number;
  collected: number;
  duplicate: number;
  ignored: number;
  collectedBytes: number;
}

export function countAssets(assets: readonly Asset[]): AssetCounts {
  const counts: AssetCounts = { all: assets.length, collected: 0, duplicate: 0, ignored: 0, collectedBytes: 0 };
  for (const asset of assets) {
    counts[asset.status] += 1;
    if (asset.status === 'collected') counts.collectedBytes += asset.bytes;
  }
  return counts;
}

/** Case-insensitive match on the public path, the source file and the reason, so "dup.txt" or "*~" both find rows. */
export function filterAssets(assets: readonly Asset[], filter: string, statusFilter: StatusFilter): Asset[] {
  const needle = filter.trim().toLowerCase();
  return assets.filter(
    (asset) =>
      (statusFilter === 'all' || asset.status === statusFilter) &&
      (!needle ||
        asset.publicPath.toLowerCase().includes(needle) ||
        asset.sourcePath.toLowerCase().includes(needle) ||
        (asset.reason?.toLowerCase().includes(needle) ?? false)),
  );
}
