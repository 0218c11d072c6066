import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { OperationOutput, PorterBridge } from '../../../../electron/contract/porter';
import { formatBytes } from '../../lib/format';

export type MachineSettings = OperationOutput<'getSettings'>;

export interface SettingsState {
  settings?: MachineSettings;
  error?: PorterError;
  notice?: string;
  load(): Promise<void>;
  clearCache(): Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(client: PorterBridge): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    async load() {
      const result = await client.getSettings({});
      set(result.ok ? { settings: result.value, error: undefined } : { error: result.error });
    },
    async clearCache() {
      const result = await client.clearCache({});
      if (!result.ok) return set({ error: result.error });
      set({ notice: `Cleared ${formatBytes(result.value.freedBytes)} of cache. The next collect and savings report rebuild it.` });
      await get().load();
    },
  }));
}
