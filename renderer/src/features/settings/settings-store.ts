import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { OperationOutput, PorterBridge } from '../../../../electron/contract/porter';
import { formatBytes } from '../../lib/format';

export type MachineSettings = OperationOutput<'getSettings'>;

export interface SettingsState {
  settings?: MachineSettings;
  error?: PorterError;
  notice?: string;
  /** Why the FFmpeg path just typed was refused; cleared by the next save. */
  ffmpegError?: PorterError;
  load(): Promise<void>;
  clearCache(): Promise<void>;
  /** null forgets the chosen FFmpeg, so Porter looks for one by itself again. */
  saveFfmpeg(path: string | null): Promise<boolean>;
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
    async saveFfmpeg(path) {
      const result = await client.setFfmpegPath({ path });
      if (!result.ok) {
        set({ ffmpegError: result.error });
        return false;
      }
      set({ ffmpegError: undefined, notice: result.value.path ? `Porter uses ${result.value.version} for video from now on.` : 'Porter looks for FFmpeg by itself again.' });
      await get().load();
      return true;
    },
  }));
}
