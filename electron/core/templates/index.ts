// Templates against the collected files: `checkProjectTemplates` for a project as it is on disk.
import type { Project, TemplateCheck } from '../../contract/porter';
import { projectSourceRoots, scanSources } from '../collect/index';
import { checkTemplates, type CollectedFile } from './template-check';

export { checkTemplates, type CollectedFile } from './template-check';

export interface ProjectCheckOptions {
  ignorePatterns?: string[];
  useDefaultIgnore?: boolean;
  /** The files a collect just wrote; scanned from the sources when absent. */
  collected?: readonly CollectedFile[];
}

export function checkProjectTemplates(project: Project, options: ProjectCheckOptions = {}): TemplateCheck {
  const collected =
    options.collected ??
    scanSources({
      sources: projectSourceRoots(project),
      djangoVersion: project.djangoVersion,
      ignorePatterns: options.ignorePatterns ?? [],
      useDefaultIgnore: options.useDefaultIgnore ?? true,
    }).files;
  return checkTemplates({ templateFolders: project.detection.templateFolders ?? [], templateNotes: project.detection.templateNotes, collected });
}
