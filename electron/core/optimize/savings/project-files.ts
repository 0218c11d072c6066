// The assets a savings report covers for a project: the files collect would take, in Django's found order.
import type { Project } from '../../../contract/porter';
import { scanSources } from '../../collect/index';
import type { SavingsFile } from './price-asset';

export function projectSavingsFiles(project: Project): SavingsFile[] {
  const scan = scanSources({
    sources: project.sources.map(({ dir, prefix, origin }) => ({ dir, prefix, kind: origin === 'app' ? 'app' : 'dirs' })),
    djangoVersion: project.djangoVersion,
    ignorePatterns: [],
    useDefaultIgnore: true,
  });
  return scan.files.map((file) => ({ publicPath: file.name, sourcePath: file.absPath, bytes: file.size }));
}
