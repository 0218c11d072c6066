import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { FolderListing, PorterBridge } from '../../../../electron/contract/porter';

/** The in-page folder chooser for hosts without an OS dialog (`porter serve`): one project's folders, one level at a time. */
export interface FolderBrowserState {
  /** The project whose folders are shown; undefined while the chooser is closed. */
  root?: string;
  listing?: FolderListing;
  /** The highlighted subfolder (its path), which "Add" adds; undefined adds the folder being shown. */
  selected?: string;
  loading: boolean;
  error?: PorterError;
  show(root: string): Promise<void>;
  go(folder: string): Promise<void>;
  select(folder: string | undefined): void;
  close(): void;
}

export type FolderBrowserStore = StoreApi<FolderBrowserState>;

export function createFolderBrowserStore(client: PorterBridge): FolderBrowserStore {
  // Only the latest listing may land: quick keyboard navigation can overtake a slow answer.
  let sequence = 0;

  return createStore<FolderBrowserState>()((set, get) => {
    const load = async (root: string, folder?: string): Promise<void> => {
      const request = ++sequence;
      set({ loading: true, error: undefined });
      const result = await client.listFolders(folder === undefined ? { root } : { root, folder });
      if (request !== sequence || get().root !== root) return;
      if (result.ok) set({ loading: false, listing: result.value, selected: undefined });
      else set({ loading: false, error: result.error });
    };

    return {
      loading: false,

      async show(root) {
        set({ root, listing: undefined, selected: undefined, error: undefined });
        await load(root);
      },

      async go(folder) {
        const root = get().root;
        if (root) await load(root, folder);
      },

      select(selected) {
        set({ selected });
      },

      close() {
        sequence++;
        set({ root: undefined, listing: undefined, selected: undefined, loading: false, error: undefined });
      },
    };
  });
}
