import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { PorterBridge, TemplateCheck } from '../../../../electron/contract/porter';

export interface TemplatesState {
  root?: string;
  checking: boolean;
  check?: TemplateCheck;
  error?: PorterError;
  /** Checks the project's templates against the files it collects; the last answer stays on screen meanwhile. */
  load(root: string): Promise<void>;
  dispose(): void;
}

export type TemplatesStore = StoreApi<TemplatesState>;

export function createTemplatesStore(client: PorterBridge): TemplatesStore {
  let sequence = 0;
  const store = createStore<TemplatesState>()((set) => ({
    checking: false,

    async load(root) {
      const current = ++sequence;
      set((state) => ({ root, checking: true, error: undefined, ...(state.root === root ? {} : { check: undefined }) }));
      const result = await client.checkTemplates({ root });
      if (current !== sequence) return;
      if (result.ok) set({ checking: false, check: result.value });
      else set({ checking: false, error: result.error });
    },

    dispose() {
      unsubscribe();
    },
  }));
  // A source file added or removed changes what is collected, so what the templates name may now be there.
  const unsubscribe = client.onEvent((event) => {
    if (event.type === 'project-changed' && event.root === store.getState().root) void store.getState().load(event.root);
  });
  return store;
}
