// previewImage for the host: only a file the project collects can be previewed, found by its public path, so the
// UI can never make Porter read an arbitrary path.
import { readFile } from 'node:fs/promises';
import type { ImagePreview, Project } from '../contract/porter';
import { OptimizeError } from '../core/optimize/index';
import { previewImage } from '../core/optimize/preview/image-preview';
import { projectSavingsFiles } from '../core/optimize/savings/index';
import { OperationError } from './operation-error';

export interface PreviewRequest {
  publicPath: string;
  mode: 'lossless' | 'lossy' | 'auto';
  quality?: number;
  format: 'keep' | 'webp' | 'avif';
  maxSide?: number;
}

export async function previewProjectImage(project: Project, { publicPath, maxSide, ...options }: PreviewRequest, signal?: AbortSignal): Promise<ImagePreview> {
  const file = projectSavingsFiles(project).find((candidate) => candidate.publicPath === publicPath);
  if (!file) {
    throw new OperationError({
      kind: 'not-found',
      message: `${publicPath} is not one of ${project.name}'s static files.`,
      hint: 'The project may have changed on disk: refresh the savings report and pick the image again.',
    });
  }
  try {
    return await previewImage(await readFile(file.sourcePath), file.publicPath, { ...options, signal }, maxSide);
  } catch (error) {
    if (error instanceof OptimizeError) throw new OperationError({ kind: 'invalid-input', message: error.message });
    throw error;
  }
}
