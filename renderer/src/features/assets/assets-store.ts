import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { Asset, PorterBridge, VideoRowDetails } from '../../../../electron/contract/porter';

export type StatusFilter = 'all' | Asset['status'];
export type AssetSortKey = 'path' | 'source' | 'size' | 'status';
export type SortDirection = 'ascending' | 'descending';
export interface AssetSortOrder {
  key: AssetSortKey;
  direction: SortDirection;
}
/** The order the core lists files in: by source, as Django searches them. */
export const defaultAssetSort: AssetSortOrder = { key: 'source', direction: 'ascending' };

export interface AssetsState {
  root?: string;
  loading: boolean;
  assets: Asset[];
  warnings: string[];
  error?: PorterError;
  filter: string;
  statusFilter: StatusFilter;
  sort: AssetSortOrder;
  /** Previews by source path; null where the file is no readable image. */
  thumbnails: Record<string, string | null>;
  /** Video and sound files as FFmpeg reads them (or why it cannot), by source path. */
  videos: Record<string, VideoRowDetails>;
  load(root: string): Promise<void>;
  /** Fetches previews for these source paths, once each. */
  requestThumbnails(paths: string[]): void;
  /** Fetches video details and posters for these source paths, once each. */
  requestVideoDetails(paths: string[]): void;
  setFilter(filter: string): void;
  setStatusFilter(statusFilter: StatusFilter): void;
  setSort(sort: AssetSortOrder): void;
  /** Stops following changes on disk. */
  dispose(): void;
}

export type AssetsStore = StoreApi<AssetsState>;

export function createAssetsStore(client: PorterBridge): AssetsStore {
  let loadSequence = 0;
  const pending = new Set<string>();
  const pendingVideos = new Set<string>();
  const store = createStore<AssetsState>()((set, get) => ({
    loading: false,
    thumbnails: {},
    videos: {},
    assets: [],
    warnings: [],
    filter: '',
    statusFilter: 'all',
    sort: defaultAssetSort,

    async load(root) {
      const sequence = ++loadSequence;
      set((state) => ({
        root,
        loading: true,
        error: undefined,
        // A different project starts from an empty table; a refresh keeps the old rows until the new ones arrive.
        ...(state.root === root ? {} : { assets: [], warnings: [], filter: '', statusFilter: 'all' as const, sort: defaultAssetSort, thumbnails: {}, videos: {} }),
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

    requestVideoDetails(paths) {
      const { root, videos } = get();
      const wanted = paths.filter((file) => !(file in videos) && !pendingVideos.has(file)).slice(0, 50);
      if (!root || wanted.length === 0) return;
      for (const file of wanted) pendingVideos.add(file);
      void client.getVideoDetails({ root, files: wanted }).then((result) => {
        for (const file of wanted) pendingVideos.delete(file);
        if (result.ok && get().root === root) set({ videos: { ...get().videos, ...result.value.details } });
      });
    },

    setFilter(filter) {
      set({ filter });
    },

    setStatusFilter(statusFilter) {
      set({ statusFilter });
    },

    setSort(sort) {
      set({ sort });
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

const statusRank: Record<Asset['status'], number> = { collected: 0, duplicate: 1, ignored: 2 };

const sortValue: Record<AssetSortKey, (asset: Asset) => number | string> = {
  path: (asset) => asset.publicPath,
  source: (asset) => asset.sourceIndex,
  // Ignored files are never read, so their size is unknown: they sort after every sized file, whichever the direction.
  size: (asset) => (asset.status === 'ignored' ? Number.NaN : asset.bytes),
  status: (asset) => statusRank[asset.status],
};

/**
 * The list in the order asked for; ties keep the core's order (source, then walk order), so sorting by source
 * ascending is the order the files were listed in.
 */
export function sortAssets(assets: readonly Asset[], order: AssetSortOrder): Asset[] {
  const value = sortValue[order.key];
  const sign = order.direction === 'ascending' ? 1 : -1;
  return assets
    .map((asset, index) => ({ asset, index }))
    .sort((a, b) => {
      const left = value(a.asset);
      const right = value(b.asset);
      if (typeof left === 'string' || typeof right === 'string') return sign * String(left).localeCompare(String(right)) || a.index - b.index;
      if (Number.isNaN(left) || Number.isNaN(right)) return Number.isNaN(left) ? (Number.isNaN(right) ? a.index - b.index : 1) : -1;
      return sign * (left - right) || a.index - b.index;
    })
    .map(({ asset }) => asset);
}

/** As in the Savings table: clicking the sorted column flips it; another column starts A–Z, sizes biggest first. */
export function nextAssetSort(current: AssetSortOrder, key: AssetSortKey): AssetSortOrder {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'size' ? 'descending' : 'ascending' };
}
