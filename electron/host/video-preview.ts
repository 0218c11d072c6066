// previewVideo for the host: one of the project's videos (found by public path, never an arbitrary path) and its
// variant, encoded whole (this is where the full transcode runs: the user chose it), both handed back to play.
import { readFile } from 'node:fs/promises';
import type { Project, VideoPreview } from '../contract/porter';
import { projectSavingsFiles } from '../core/optimize/savings/index';
import { findVideoTools, inspectVideo, measureVideo, SAVINGS_VIDEO_CRF, transcodeVideo, VARIANT_EXTENSIONS, type VideoCodec, type VideoProblem } from '../core/video/index';
import { OperationError } from './operation-error';

/** Past this the answer (both files, as base64) would be too heavy to hand to a window. */
export const VIDEO_PREVIEW_LIMIT_BYTES = 200 * 1024 * 1024;

const MIME_TYPES: Record<string, string> = { mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm' };

export interface VideoPreviewOptions {
  resourcesPath?: string;
  cacheDir: string;
}

export async function previewProjectVideo(project: Project, publicPath: string, codec: VideoCodec, options: VideoPreviewOptions, signal: AbortSignal): Promise<VideoPreview> {
  const file = projectSavingsFiles(project).find((candidate) => candidate.publicPath === publicPath);
  if (!file) {
    throw new OperationError({ kind: 'not-found', message: `${publicPath} is not one of ${project.name}'s static files.`, hint: 'The project may have changed on disk: measure the savings again and pick the video again.' });
  }
  if (file.bytes > VIDEO_PREVIEW_LIMIT_BYTES) {
    throw new OperationError({ kind: 'invalid-input', message: `${publicPath} is too large to compare here (over 200 MB).`, hint: 'The savings row has its bytes and scores; compare a shorter cut of it to see the difference.' });
  }
  const found = await findVideoTools({ projectRoot: project.root, resourcesPath: options.resourcesPath });
  if (!found.ok) throw problem(found);
  const { tools } = found;
  const inspected = await inspectVideo(tools, file.sourcePath, signal);
  if (!inspected.ok) throw problem(inspected);
  const crf = SAVINGS_VIDEO_CRF[codec];
  const made = await transcodeVideo({ tools, source: file.sourcePath, options: { codec, crf }, cacheDir: options.cacheDir, signal });
  if (!made.ok) throw problem(made);
  const measured = await measureVideo({ tools, original: file.sourcePath, variant: made.file, signal });
  if (!measured.ok) throw problem(measured);
  const [original, variant] = await Promise.all([readFile(file.sourcePath), readFile(made.file)]);
  const extension = publicPath.slice(publicPath.lastIndexOf('.') + 1).toLowerCase();
  const [numerator, denominator] = (inspected.info.frameRate ?? '').split('/').map(Number);
  const fps = numerator && denominator ? numerator / denominator : null;
  return {
    publicPath,
    original: { base64: original.toString('base64'), mimeType: MIME_TYPES[extension] ?? 'video/mp4', bytes: original.length },
    variant: { base64: variant.toString('base64'), mimeType: MIME_TYPES[VARIANT_EXTENSIONS[codec]]!, bytes: variant.length, codec, crf },
    seconds: inspected.info.seconds,
    fps,
    ssim: measured.score.ssim,
    psnrDb: measured.score.psnrDb,
    sampleNote: measured.score.sample?.note ?? null,
  };
}

function problem(result: VideoProblem): OperationError {
  const kind = result.code === 'cancelled' ? 'cancelled' : result.code === 'ffmpeg-missing' || result.code === 'encoder-missing' ? 'failed' : 'invalid-input';
  return new OperationError({ kind, message: result.message });
}
