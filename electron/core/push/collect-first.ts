// Publishing collects first, so what goes out is what the sources hold now: the project's sources and recipes,
// hashed names and staticfiles.json, into the folder the push then reads. The desktop app and `porter push` share it.
import type { CollectReport, Project } from '../../contract/porter';
import type { KeptReference } from './records';
import { CollectError, loadCollectConfig, projectSourceRoots, runCollect, type CollectProgress } from '../collect/index';
import { loadOptimizeBudget } from '../optimize/load-budget';
import { loadRecipes } from '../recipes/index';
import { videoToolsOptions } from '../video/ffmpeg-setting';
import { PushError } from './remote-errors';

export interface CollectFirstOptions {
  signal?: AbortSignal;
  onProgress?: (progress: CollectProgress) => void;
}

/** porter.json's collect settings: the siblings, and the broken vendor references the project accepts. */
async function collectSettings(root: string) {
  const config = await loadCollectConfig(root);
  return { compress: config.compress, keepBroken: { rules: config.keepBrokenReferences }, dropMissingSourceMaps: config.dropMissingSourceMaps };
}

/** What a release record says the collect kept broken or dropped. */
export function keptForRecord(report: Pick<CollectReport, 'keptReferences' | 'droppedSourceMaps'>): KeptReference[] {
  return [
    ...report.keptReferences.map(({ name, line, reference }) => ({ name, line, reference })),
    ...report.droppedSourceMaps.map(({ name, line, reference }) => ({ name, line, reference, dropped: true as const })),
  ];
}

export async function collectForPush(project: Project, outDir: string, options: CollectFirstOptions = {}): Promise<CollectReport> {
  if (project.sources.length === 0) throw new PushError(`There is nothing to publish: ${project.root} has no static sources yet. Add a source folder to the project first.`);
  try {
    return await runCollect({
      sources: projectSourceRoots(project),
      outDir,
      djangoVersion: project.djangoVersion,
      hashing: true,
      ignorePatterns: [],
      useDefaultIgnore: true,
      dryRun: false,
      staticUrl: project.detection.staticUrl,
      recipes: await loadRecipes(project.root),
      video: await videoToolsOptions(project.root),
      optimizeBudget: await loadOptimizeBudget(project.root),
      ...(await collectSettings(project.root)),
      signal: options.signal,
      onProgress: options.onProgress,
    });
  } catch (error) {
    if (!(error instanceof CollectError)) throw error;
    // One message that says what is wrong, since a push reports a single line.
    const details = [...error.problems, ...error.brokenReferences.map((reference) => `${reference.file}:${reference.line} refers to ${reference.reference}, ${reference.reason}`)];
    const shown = details.slice(0, 3).join('; ');
    const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
    throw new PushError(`Nothing was published: the collect before it stopped. ${error.message}${shown ? ` ${shown}${more}.` : ''}`, { cause: error });
  }
}
