// The video compare: one video and one variant, encoded whole by the core (cached, so opening it again is quick).
// The request is named so Cancel or closing stops the encode in the core instead of letting it run on.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { PorterBridge, VideoPreview } from '../../../../electron/contract/porter';

export type VideoCodecChoice = VideoPreview['variant']['codec'];

export interface VideoCompareState {
  root?: string;
  publicPath?: string;
  codec?: VideoCodecChoice;
  preview?: VideoPreview;
  loading: boolean;
  cancelled: boolean;
  error?: PorterError;
  open(root: string, publicPath: string, codec: VideoCodecChoice): void;
  close(): void;
  cancel(): void;
}

export type VideoCompareStore = StoreApi<VideoCompareState>;

export function createVideoCompareStore(client: PorterBridge): VideoCompareStore {
  let requestId: string | undefined;
  const stop = (): void => {
    if (requestId) void client.cancelPreview({ requestId });
    requestId = undefined;
  };
  const store = createStore<VideoCompareState>()((set) => ({
    loading: false,
    cancelled: false,
    open(root, publicPath, codec) {
      stop();
      const name = `video-compare-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      requestId = name;
      set({ root, publicPath, codec, preview: undefined, error: undefined, loading: true, cancelled: false });
      void client.previewVideo({ root, publicPath, codec, requestId: name }).then((result) => {
        if (requestId !== name) return;
        requestId = undefined;
        set(result.ok ? { preview: result.value, loading: false } : { error: result.error, loading: false });
      });
    },
    close() {
      stop();
      set({ root: undefined, publicPath: undefined, codec: undefined, preview: undefined, error: undefined, loading: false, cancelled: false });
    },
    cancel() {
      stop();
      set({ loading: false, cancelled: true });
    },
  }));
  return store;
}
