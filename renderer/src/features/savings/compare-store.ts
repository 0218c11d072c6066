// The image compare: one image, one treatment, two requests. A screen-size preview answers quickly and is
// then replaced by the full-size encode, whose bytes and score are the real ones. Each change of treatment is
// debounced and numbered, so a slow answer to an old setting never overwrites a newer one; each request is named,
// so a new treatment, Cancel or closing stops the old encode in the core instead of letting it run on.
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
  /** 0–100: where the divider sits across the part of the image in view, from its left edge. */
  split: number;
  /** One image pixel per `zoom` screen pixels, unless `fit`. */
  zoom: number;
  /** The whole image in view: scaled down to fit both the width and the height, never up. */
  fit: boolean;
  preview?: ImagePreview;
  /** The treatment `preview` shows: an earlier one until the new preview arrives. */
  previewTreatment?: CompareTreatment;
  full?: ImagePreview;
  loadingPreview: boolean;
  loadingFull: boolean;
  /** `Date.now()` when the current encode was asked for, for the elapsed time while it runs. */
  encodeStartedAt?: number;
  /** The user stopped the encode; what had arrived (the screen-size preview, perhaps) stays. */
  cancelled: boolean;
  error?: PorterError;
  open(root: string, publicPath: string, treatment?: Partial<CompareTreatment>): void;
  close(): void;
  setTreatment(change: Partial<CompareTreatment>): void;
  /** Stops the encode under way, in the core too. */
  cancel(): void;
  /** Encodes the current treatment again (after Cancel). */
  retry(): void;
  setLayout(layout: CompareLayout): void;
  setSplit(split: number): void;
  setZoom(zoom: number, fit?: boolean): void;
}

export type CompareStore = StoreApi<CompareState>;

/** Long enough to let a dragged slider settle, short enough to feel live. */
export const reencodeDebounceMs = 250;
/** About a laptop screen's width: the first look is at screen size. */
export const previewMaxSide = 1200;
export const zoomLimits = { min: 0.1, max: 8 } as const;

const defaultTreatment: CompareTreatment = { mode: 'lossy', quality: 75, format: 'keep' };

const requestName = (): string => `compare-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function createCompareStore(client: PorterBridge): CompareStore {
  let sequence = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The named requests still waiting for an answer. */
  const pending = new Set<string>();

  const stopPending = (): void => {
    for (const requestId of pending) void client.cancelPreview({ requestId });
    pending.clear();
  };

  const store = createStore<CompareState>()((set, get) => ({
    treatment: defaultTreatment,
    layout: 'split',
    split: 50,
    zoom: 1,
    fit: true,
    loadingPreview: false,
    loadingFull: false,
    cancelled: false,

    open(root, publicPath, treatment) {
      set({ root, publicPath, treatment: { ...get().treatment, ...treatment }, preview: undefined, previewTreatment: undefined, full: undefined, error: undefined, zoom: 1, fit: true, split: 50 });
      encodeNow();
    },

    close() {
      clearTimeout(timer);
      sequence += 1;
      stopPending();
      set({ publicPath: undefined, preview: undefined, previewTreatment: undefined, full: undefined, loadingPreview: false, loadingFull: false, encodeStartedAt: undefined, cancelled: false, error: undefined });
    },

    setTreatment(change) {
      set({ treatment: { ...get().treatment, ...change } });
      clearTimeout(timer);
      timer = setTimeout(encodeNow, reencodeDebounceMs);
    },

    cancel() {
      const { loadingPreview, loadingFull } = get();
      if (!loadingPreview && !loadingFull) return;
      clearTimeout(timer);
      sequence += 1;
      stopPending();
      set({ loadingPreview: false, loadingFull: false, encodeStartedAt: undefined, cancelled: true });
    },

    retry() {
      clearTimeout(timer);
      encodeNow();
    },

    setLayout: (layout) => set({ layout }),
    setSplit: (split) => set({ split: Math.min(100, Math.max(0, split)) }),
    setZoom: (zoom, fit = false) => set({ zoom: Math.min(zoomLimits.max, Math.max(zoomLimits.min, zoom)), fit }),
  }));

  /** Resolves true when the answer arrived for the current ticket and was not an error. */
  const request = async (ticket: number, input: Parameters<PorterBridge['previewImage']>[0], onAnswer: (preview: ImagePreview) => Partial<CompareState>, loading: 'loadingPreview' | 'loadingFull'): Promise<boolean> => {
    const requestId = requestName();
    pending.add(requestId);
    const result = await client.previewImage({ ...input, requestId });
    pending.delete(requestId);
    if (ticket !== sequence) return false;
    const still = { ...store.getState(), [loading]: false };
    const done = !still.loadingPreview && !still.loadingFull;
    store.setState({ ...(result.ok ? onAnswer(result.value) : { error: result.error, loadingPreview: false, loadingFull: false }), [loading]: false, ...(done || !result.ok ? { encodeStartedAt: undefined } : {}) });
    return result.ok;
  };

  // The full size waits for the preview: run together they share the CPU, and a slow encode's first look comes later.
  const encodeNow = (): void => {
    const { root, publicPath, treatment } = store.getState();
    if (!root || !publicPath) return;
    stopPending();
    const ticket = (sequence += 1);
    const input = { root, publicPath, mode: treatment.mode, quality: treatment.mode === 'lossy' ? treatment.quality : undefined, format: treatment.format };
    store.setState({ loadingPreview: true, loadingFull: true, full: undefined, error: undefined, cancelled: false, encodeStartedAt: Date.now() });
    void request(ticket, { ...input, maxSide: previewMaxSide }, (preview) => ({ preview, previewTreatment: treatment }), 'loadingPreview').then((previewed) => {
      if (previewed) void request(ticket, input, (full) => ({ full }), 'loadingFull');
    });
  };

  return store;
}
