// A project's sources as collect reads them: an app's static/ folder, or a STATICFILES_DIRS-style folder.
import type { Project } from '../../contract/porter';
import type { SourceRoot } from './types';

export function projectSourceRoots(project: Pick<Project, 'sources'>): SourceRoot[] {
  return project.sources.map(({ dir, prefix, origin }) => ({ dir, prefix, kind: origin === 'app' ? 'app' : 'dirs' }));
}
