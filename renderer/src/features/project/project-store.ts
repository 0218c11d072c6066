import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { OperationOutput, PorterBridge, Project } from '../../../../electron/contract/porter';
import { isAbsoluteUserPath, relativePathProblem } from '../../../../electron/contract/user-paths';
import type { RecentProjects } from '../../lib/recent-projects';
import { addFolder, draftBlocker, draftFromSources, draftToFolders, moveSource, removeSource, updateSource, type DraftSource } from './source-draft';

export type HostInfo = OperationOutput<'getHostInfo'>;

export interface ProjectState {
  hostInfo?: HostInfo;
  hostError?: PorterError;
  pathInput: string;
  recent: string[];
  opening: boolean;
  project?: Project;
  error?: PorterError;
  /** The user closed the Python question without answering; it stays available from the project header. */
  consentDismissed: boolean;
  consentSending: boolean;
  consentError?: PorterError;
  saving: boolean;
  savedPath?: string;
  saveError?: PorterError;
  /** The open project's card is showing the form to open another one. */
  changingProject: boolean;
  /** The source folders being edited, before they are saved to porter.json; undefined when not editing. */
  sourceDraft?: DraftSource[];
  pickError?: PorterError;
  loadHostInfo(): Promise<void>;
  setPathInput(path: string): void;
  open(path?: string): Promise<void>;
  pickAndOpen(): Promise<void>;
  /** Opens the built-in demo project (copied into Porter's data folder the first time; `reset` copies it afresh). */
  openDemo(reset?: boolean): Promise<void>;
  answerConsent(allow: boolean): Promise<void>;
  setConsentDismissed(dismissed: boolean): void;
  /** Saves the edited source folders when there is a draft, else the detected order. */
  saveSources(): Promise<void>;
  setChangingProject(changing: boolean): void;
  editSources(): void;
  cancelSourceEdit(): void;
  addSourceFolder(dir: string): void;
  moveSource(index: number, by: -1 | 1): void;
  removeSource(index: number): void;
  updateSource(index: number, change: Partial<Pick<DraftSource, 'dir' | 'prefix'>>): void;
  /** The OS folder dialog (desktop app), opening at the project root; the chosen folder becomes the last source. */
  pickSourceFolder(): Promise<void>;
}

export type ProjectStore = StoreApi<ProjectState>;

export function createProjectStore(client: PorterBridge, recentProjects: RecentProjects): ProjectStore {
  // Only the latest open request may land; an older one finishing late must not replace it.
  let openSequence = 0;
  const recent = recentProjects.list();

  return createStore<ProjectState>()((set, get) => {
    const opened = (project: Project): void => {
      recentProjects.add(project.root);
      set({
        project,
        opening: false,
        error: undefined,
        pathInput: project.root,
        recent: recentProjects.list(),
        consentDismissed: false,
        consentError: undefined,
        savedPath: undefined,
        saveError: undefined,
        changingProject: false,
        // A project without sources can do nothing until it has some, so it opens ready to list them.
        sourceDraft: project.sources.length === 0 ? [] : undefined,
        pickError: undefined,
      });
    };
    // A failed open leaves no project behind: the path in the form and the error are about the folder just tried.
    const failed = (error: PorterError): void => set({ opening: false, error, project: undefined, sourceDraft: undefined, changingProject: false });
    const editDraft = (change: (draft: DraftSource[]) => DraftSource[]): void => {
      const draft = get().sourceDraft;
      if (draft) set({ sourceDraft: change(draft), saveError: undefined });
    };

    return {
      pathInput: recent[0] ?? '',
      recent,
      opening: false,
      consentDismissed: false,
      consentSending: false,
      saving: false,
      changingProject: false,

      async loadHostInfo() {
        const result = await client.getHostInfo({});
        if (result.ok) set({ hostInfo: result.value, hostError: undefined });
        else set({ hostError: result.error });
      },

      setPathInput(pathInput) {
        set({ pathInput });
      },

      async open(path = get().pathInput) {
        const folder = path.trim();
        if (!folder) {
          set({ error: { kind: 'invalid-input', message: 'Type the path of your project folder first.' } });
          return;
        }
        if (!isAbsoluteUserPath(folder)) {
          set({ error: { kind: 'invalid-input', message: relativePathProblem(folder) }, pathInput: folder });
          return;
        }
        const sequence = ++openSequence;
        set({ opening: true, error: undefined, pathInput: folder });
        const result = await client.openProject({ path: folder });
        if (sequence !== openSequence) return;
        if (result.ok) opened(result.value);
        else failed(result.error);
      },

      async openDemo(reset = false) {
        const sequence = ++openSequence;
        set({ opening: true, error: undefined });
        const result = await client.openDemoProject({ reset });
        if (sequence !== openSequence) return;
        if (result.ok) opened(result.value);
        else failed(result.error);
      },

      async pickAndOpen() {
        const result = await client.pickFolder({ title: 'Choose your project folder' });
        if (!result.ok) set({ error: result.error });
        else if (result.value.path) await get().open(result.value.path);
      },

      async answerConsent(allow) {
        const project = get().project;
        if (!project) return;
        set({ consentSending: true, consentError: undefined });
        const result = await client.answerPythonConsent({ root: project.root, allow });
        if (result.ok) {
          set({ consentSending: false });
          opened(result.value);
        } else set({ consentSending: false, consentError: result.error });
      },

      setConsentDismissed(consentDismissed) {
        set({ consentDismissed });
      },

      async saveSources() {
        const { project, sourceDraft } = get();
        if (!project) return;
        const blocker = sourceDraft && draftBlocker(sourceDraft);
        if (blocker) {
          set({ saveError: { kind: 'invalid-input', message: blocker } });
          return;
        }
        set({ saving: true, saveError: undefined });
        const result = await client.saveSources(sourceDraft ? { root: project.root, sources: draftToFolders(sourceDraft) } : { root: project.root });
        if (result.ok) {
          opened(result.value.project);
          set({ saving: false, savedPath: result.value.path });
        } else set({ saving: false, saveError: result.error });
      },

      setChangingProject(changingProject) {
        const root = get().project?.root;
        // Putting the form away again shows the open project's own path, not what was typed and dropped.
        set({ changingProject, error: undefined, ...(!changingProject && root ? { pathInput: root } : {}) });
      },

      editSources() {
        const project = get().project;
        if (project) set({ sourceDraft: draftFromSources(project.sources), savedPath: undefined, saveError: undefined });
      },

      cancelSourceEdit() {
        if (get().project?.sources.length) set({ sourceDraft: undefined, saveError: undefined });
      },

      addSourceFolder(dir) {
        editDraft((draft) => addFolder(draft, dir));
      },

      moveSource(index, by) {
        editDraft((draft) => moveSource(draft, index, by));
      },

      removeSource(index) {
        editDraft((draft) => removeSource(draft, index));
      },

      updateSource(index, change) {
        editDraft((draft) => updateSource(draft, index, change));
      },

      async pickSourceFolder() {
        const project = get().project;
        if (!project) return;
        set({ pickError: undefined });
        const result = await client.pickFolder({ title: 'Choose a folder with static files', startIn: project.root });
        if (!result.ok) set({ pickError: result.error });
        else if (result.value.path && get().project?.root === project.root) get().addSourceFolder(result.value.path);
      },
    };
  });
}
