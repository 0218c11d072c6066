import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { ImportDecision, ImportPlanEntry, ImportResult, PorterBridge, Project } from '../../../../electron/contract/porter';
import { base64Of, type DroppedFile } from './dropped-file';

export interface ImportState {
  project?: Project;
  dropped: DroppedFile[];
  sourceIndex: number;
  folder: string;
  entries: ImportPlanEntry[];
  decisions: Record<string, ImportDecision>;
  planning: boolean;
  importing: boolean;
  result?: ImportResult;
  error?: PorterError;
  adoptProject(project: Project): void;
  receive(files: DroppedFile[]): Promise<void>;
  setTarget(change: { sourceIndex?: number; folder?: string }): Promise<void>;
  decide(relativePath: string, decision: ImportDecision): void;
  confirm(): Promise<void>;
  close(): void;
}

export type ImportStore = StoreApi<ImportState>;

export function createImportStore(client: PorterBridge, onImported: (root: string) => void): ImportStore {
  let sequence = 0;
  const store = createStore<ImportState>()((set, get) => ({
    dropped: [],
    sourceIndex: 0,
    folder: '',
    entries: [],
    decisions: {},
    planning: false,
    importing: false,

    adoptProject(project) {
      const first = project.sources.findIndex((source) => source.exists);
      set({ project, sourceIndex: first === -1 ? 0 : first, folder: '', dropped: [], entries: [], result: undefined, error: undefined });
    },

    async receive(files) {
      if (!get().project || files.length === 0) return;
      set({ dropped: files, decisions: {}, result: undefined, error: undefined });
      await plan();
    },

    async setTarget(change) {
      set(change);
      await plan();
    },

    decide(relativePath, decision) {
      set({ decisions: { ...get().decisions, [relativePath]: decision } });
    },

    async confirm() {
      const { project, dropped, sourceIndex, folder, decisions, entries } = get();
      if (!project || dropped.length === 0) return;
      const undecided = entries.filter((entry) => entry.existing && !decisions[entry.relativePath]);
      if (undecided.length) {
        set({ error: { kind: 'invalid-input', message: `Choose what to do with ${undecided.length === 1 ? undecided[0]!.publicPath : `${undecided.length} files that already exist`} first.` } });
        return;
      }
      set({ importing: true, error: undefined });
      const files = await Promise.all(
        dropped.map(async ({ file, relativePath }) => {
          const path = client.pathForFile?.(file);
          return path ? { relativePath, path } : { relativePath, contentBase64: await base64Of(file) };
        }),
      );
      const imported = await client.importFiles({ root: project.root, sourceIndex, folder, files, decisions });
      if (!imported.ok) return set({ importing: false, error: imported.error });
      set({ importing: false, result: imported.value, dropped: imported.value.problems.length ? get().dropped : [] });
      onImported(project.root);
    },

    close() {
      sequence += 1;
      set({ dropped: [], entries: [], decisions: {}, result: undefined, error: undefined, planning: false });
    },
  }));

  const plan = async (): Promise<void> => {
    const { project, dropped, sourceIndex, folder } = store.getState();
    if (!project || dropped.length === 0) return;
    const ticket = ++sequence;
    store.setState({ planning: true });
    const planned = await client.planImport({ root: project.root, sourceIndex, folder, relativePaths: dropped.map((file) => file.relativePath) });
    if (ticket !== sequence) return;
    store.setState(planned.ok ? { entries: planned.value.entries, planning: false, error: undefined } : { entries: [], planning: false, error: planned.error });
  };

  return store;
}
