// The image compare: one image, one treatment, two requests. A screen-size preview answers quickly and is
// replaced by the full-size encode, whose bytes and score are the real ones. Each change of treatment is
// debounced and numbered, so a slow answer to an old setting never overwrites a newer one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { ImageMode, ImagePreview, PorterBridge } from '../../../../electron/contract/porter';

export type CompareLayout = 'split' | 'side-by-side';
export type ImageFormatChoice = 'keep' | 'webp' | 'avif';

export interface CompareTreatment {
  mode: ImageMode;
  quality: number;
  format: ImageFormatChoice;
}

export interface CompareState {
  root?: string;
  publicPath?: string;
  treatment: CompareTreatment;
  layout: CompareLayout;
  /** 0–100: where the split line sits, from the left. */
  split: number;
  /** 1 = fit the window; `actual` = one image pixel per screen pixel, times `zoom`. */
  zoom: number;
  fit: boolean;
  preview?: ImagePreview;
  full?: ImagePreview;
  loadingPreview: boolean;
  loadingFull: boolean;
  error?: PorterError;
  open(root: string, publicPath: string, treatment?: Partial<CompareTreatment>): void;
  close(): void;
  setTreatment(change: Partial<CompareTreatment>): void;
  setLayout(layout: CompareLayout): void;
  setSplit(split: number): void;
  setZoom(zoom: number, fit?: boolean): void;
}

export type CompareStore = StoreApi<CompareState>;

/** Long enough to let a dragged slider settle, short enough to feel live. */
export const reencodeDebounceMs = 250;
/** About a laptop screen's width: the first look is at screen size. */
export const previewMaxSide = 1200;

const defaultTreatment: CompareTreatment = { mode: 'lossy', quality: 75, format: 'keep' };

export function createCompareStore(client: PorterBridge): CompareStore {
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const store = createStore<CompareState>()((set, get) => ({
    treatment: defaultTreatment,
    layout: 'split',
    split: 50,
    zoom: 1,
    fit: true,
    loadingPreview: false,
    loadingFull: false,

    open(root, publicPath, treatment) {
      set({ root, publicPath, treatment: { ...get().treatment, ...treatment }, preview: undefined, full: undefined, error: undefined, zoom: 1, fit: true });
      encodeNow();
    },

    close() {
      clearTimeout(timer);
      sequence += 1;
      set({ publicPath: undefined, preview: undefined, full: undefined, loadingPreview: false, loadingFull: false, error: undefined });
    },

    setTreatment(change) {
      set({ treatment: { ...get().treatment, ...change } });
      clearTimeout(timer);
      timer = setTimeout(encodeNow, reencodeDebounceMs);
    },

    setLayout: (layout) => set({ layout }),
    setSplit: (split) => set({ split: Math.min(100, Math.max(0, split)) }),
    setZoom: (zoom, fit = false) => set({ zoom: Math.min(8, Math.max(0.1, zoom)), fit }),
  }));

  const encodeNow = (): void => {
    const { root, publicPath, treatment } = store.getState();
    if (!root || !publicPath) return;
    const ticket = (sequence += 1);
    const request = { root, publicPath, mode: treatment.mode, quality: treatment.mode === 'lossy' ? treatment.quality : undefined, format: treatment.format };
    store.setState({ loadingPreview: true, loadingFull: true, full: undefined, error: undefined });
    void client.previewImage({ ...request, maxSide: previewMaxSide }).then((result) => {
      if (ticket !== sequence) return;
      store.setState(result.ok ? { preview: result.value, loadingPreview: false } : { error: result.error, loadingPreview: false });
    });
    void client.previewImage(request).then((result) => {
      if (ticket !== sequence) return;
      store.setState(result.ok ? { full: result.value, loadingFull: false } : { error: result.error, loadingFull: false });
    });
  };

  return store;
}
