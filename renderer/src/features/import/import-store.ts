import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { ImportDecision, ImportPlanEntry, ImportResult, OperationInput, PorterBridge, Project } from '../../../../electron/contract/porter';
import { base64Of, digestOf, type DroppedFile } from './dropped-file';

type PlannedFile = OperationInput<'planImport'>['files'][number];

/** A clash the user has not answered yet: the file there differs and no choice was made. */
export const isUndecided = (entry: ImportPlanEntry, decisions: Record<string, ImportDecision>): boolean => entry.existing !== null && !entry.alreadyThere && !decisions[entry.relativePath];

/** Files the import would write, given the choices so far. */
export const toCopy = (entries: ImportPlanEntry[], decisions: Record<string, ImportDecision>): number =>
  entries.filter((entry) => !entry.problem && !entry.alreadyThere && decisions[entry.relativePath] !== 'skip').length;

export interface ImportState {
  project?: Project;
  dropped: DroppedFile[];
  /** What the plan is told of each dropped file, worked out once per drop rather than once per plan. */
  planned: PlannedFile[];
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
    planned: [],
    sourceIndex: 0,
    folder: '',
    entries: [],
    decisions: {},
    planning: false,
    importing: false,

    adoptProject(project) {
      const first = project.sources.findIndex((source) => source.exists);
      set({ project, sourceIndex: first === -1 ? 0 : first, folder: '', dropped: [], planned: [], entries: [], result: undefined, error: undefined });
    },

    async receive(files) {
      if (!get().project || files.length === 0) return;
      const ticket = ++sequence;
      set({ dropped: files, planned: [], entries: [], decisions: {}, result: undefined, error: undefined, planning: true });
      let planned: PlannedFile[];
      try {
        planned = await Promise.all(
          files.map(async ({ file, relativePath }): Promise<PlannedFile> => {
            const path = client.pathForFile?.(file);
            return path ? { relativePath, path } : { relativePath, ...(await digestOf(file)) };
          }),
        );
      } catch (error) {
        if (ticket === sequence) set({ planning: false, error: { kind: 'failed', message: `Porter could not read the dropped files (${(error as Error).message}).`, hint: 'Check that they are still there, then add them again.' } });
        return;
      }
      if (ticket !== sequence) return;
      set({ planned });
      await plan();
    },

    async setTarget(change) {
      // A choice answered a clash with one file there; another target has other files, so the choices start over.
      set({ ...change, decisions: {} });
      await plan();
    },

    decide(relativePath, decision) {
      set({ decisions: { ...get().decisions, [relativePath]: decision } });
    },

    async confirm() {
      const { project, dropped, sourceIndex, folder, decisions, entries } = get();
      if (!project || dropped.length === 0) return;
      // The confirm button stays disabled until then; this guards a call from elsewhere.
      if (entries.some((entry) => isUndecided(entry, decisions))) return;
      set({ importing: true, error: undefined });
      const files = await Promise.all(
        dropped.map(async ({ file, relativePath }) => {
          const path = client.pathForFile?.(file);
          return path ? { relativePath, path } : { relativePath, contentBase64: await base64Of(file) };
        }),
      );
      const imported = await client.importFiles({ root: project.root, sourceIndex, folder, files, decisions });
      if (!imported.ok) return set({ importing: false, error: imported.error });
      set({ importing: false, result: imported.value, ...(imported.value.problems.length ? {} : { dropped: [], planned: [] }) });
      onImported(project.root);
    },

    close() {
      sequence += 1;
      set({ dropped: [], planned: [], entries: [], decisions: {}, result: undefined, error: undefined, planning: false });
    },
  }));

  const plan = async (): Promise<void> => {
    const { project, planned: files, sourceIndex, folder } = store.getState();
    if (!project || files.length === 0) return;
    const ticket = ++sequence;
    store.setState({ planning: true });
    const planned = await client.planImport({ root: project.root, sourceIndex, folder, files });
    if (ticket !== sequence) return;
    store.setState(planned.ok ? { entries: planned.value.entries, planning: false, error: undefined } : { entries: [], planning: false, error: planned.error });
  };

  return store;
}
