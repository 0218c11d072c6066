import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PorterError } from '../../../../electron/contract/define';
import type { OperationOutput, PorterBridge, Project } from '../../../../electron/contract/porter';
import type { RecentProjects } from '../../lib/recent-projects';

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
  loadHostInfo(): Promise<void>;
  setPathInput(path: string): void;
  open(path?: string): Promise<void>;
  pickAndOpen(): Promise<void>;
  /** Opens the built-in demo project (copied into Porter's data folder the first time; `reset` copies it afresh). */
  openDemo(reset?: boolean): Promise<void>;
  answerConsent(allow: boolean): Promise<void>;
  setConsentDismissed(dismissed: boolean): void;
  saveSources(): Promise<void>;
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
      });
    };

    return {
      pathInput: recent[0] ?? '',
      recent,
      opening: false,
      consentDismissed: false,
      consentSending: false,
      saving: false,

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
        const sequence = ++openSequence;
        set({ opening: true, error: undefined, pathInput: folder });
        const result = await client.openProject({ path: folder });
        if (sequence !== openSequence) return;
        if (result.ok) opened(result.value);
        else set({ opening: false, error: result.error });
      },

      async openDemo(reset = false) {
        const sequence = ++openSequence;
        set({ opening: true, error: undefined });
        const result = await client.openDemoProject({ reset });
        if (sequence !== openSequence) return;
        if (result.ok) opened(result.value);
        else set({ opening: false, error: result.error });
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
        const project = get().project;
        if (!project) return;
        set({ saving: true, saveError: undefined });
        const result = await client.saveSources({ root: project.root });
        if (result.ok) {
          opened(result.value.project);
          set({ saving: false, savedPath: result.value.path });
        } else set({ saving: false, saveError: result.error });
      },
    };
  });
}
