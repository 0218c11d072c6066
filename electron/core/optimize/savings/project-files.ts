// The assets a savings report covers for a project: the files collect would take, in Django's found order.
import type { Project } from '../../../contract/porter';
import { projectSourceRoots, scanSources } from '../../collect/index';
import type { SavingsFile } from './price-asset';

export function projectSavingsFiles(project: Project): SavingsFile[] {
  const scan = scanSources({
    sources: projectSourceRoots(project),
    djangoVersion: project.djangoVersion,
    ignorePatterns: [],
    useDefaultIgnore: true,
  });
  return scan.files.map((file) => ({ publicPath: file.name, sourcePath: file.absPath, bytes: file.size }));
}
