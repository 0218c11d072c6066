import type { Project } from '../contract/porter';
import { openProject, rememberPythonConsent, saveSources } from '../core/project/open-project';
import { requireFolder, resolveUserPath } from './resolve-user-path';

/**
 * The projects this host has opened, by root. Operations after openProject name the project by
 * its root; a root seen for the first time (a reloaded page, a second window) is opened on demand.
 */
export interface ProjectSession {
  open(folder: string): Promise<Project>;
  get(root: string): Promise<Project>;
  answerPythonConsent(root: string, allow: boolean): Promise<Project>;
  /** Writes `sources` (default: the detected ones) to porter.json, then detects the project again. */
  saveSources(root: string, sources?: Array<{ dir: string; prefix: string }>): Promise<{ path: string; project: Project }>;
}

/** `configDir` undefined means the core's default, the folder the CLI uses too. */
export function createProjectSession(configDir: string | undefined): ProjectSession {
  const projects = new Map<string, Project>();

  const load = async (root: string, pythonConsent: 'allow' | 'deny' | 'ask'): Promise<Project> => {
    await requireFolder(root);
    const project = await openProject({ root, configDir, pythonConsent });
    projects.set(root, project);
    projects.set(project.root, project);
    return project;
  };

  const get = async (root: string): Promise<Project> => {
    const resolved = resolveUserPath(root);
    return projects.get(resolved) ?? load(resolved, 'ask');
  };

  return {
    open: (folder) => load(resolveUserPath(folder), 'ask'),
    get,

    async answerPythonConsent(root, allow) {
      const project = await get(root);
      const python = project.detection.pythonConsentNeeded?.python;
      if (!python) return project;
      await rememberPythonConsent(configDir, project.root, python, allow);
      return load(project.root, allow ? 'allow' : 'deny');
    },

    async saveSources(root, sources) {
      const project = await get(root);
      const path = await saveSources(project, sources);
      return { path, project: await load(project.root, 'ask') };
    },
  };
}
