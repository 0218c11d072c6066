// A Lossy recipe on a video: its variant (VP9 or AV1 WebM, or H.264 MP4) and a poster JPEG, both collected beside the
// original like an image's WebP copy, so hashing and the manifest treat them as source files; no reference is
// rewritten (pages opt in with the `<video>` snippet the collect report shows). When the variant has the original's
// own extension (an MP4 made smaller as MP4) it stands in for the original instead, as a lossy image does, and only
// when it is smaller. Transcodes live in transcode-video's cache, keyed by source content and options, so an
// unchanged re-collect encodes nothing; FFmpeg runs one file at a time, since it uses every core itself.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RecipeOutcome, RecipeRule, VideoRecipe } from '../../contract/porter';
import { collectCancelled } from '../collect/types';
import type { FoundFile } from '../collect/walk-sources';
import { posterFrame } from '../video/poster-frame';
import { VARIANT_EXTENSIONS, VIDEO_ENGINE_VERSION, transcodeVideo } from '../video/transcode-video';
import type { VideoTools } from '../video/video-types';

/** Each codec's CRF when the recipe names none: about what a hero video on the web is encoded at. */
export const DEFAULT_VIDEO_CRF: Record<VideoRecipe['codec'], number> = { h264: 28, vp9: 34, av1: 36 };

export interface VideoRecipeContext {
  tools: VideoTools;
  cacheDir: string;
  names: Set<string>;
  warnings: string[];
  signal?: AbortSignal;
  /** Bytes of the variant written so far, while FFmpeg encodes. */
  onBytes?: (bytes: number) => void;
}

export interface MadeFile {
  file: FoundFile;
  outcome: RecipeOutcome;
}

export interface VideoMade {
  /** The original, or the smaller MP4 standing in for it. */
  file: FoundFile;
  outcome?: RecipeOutcome;
  siblings: MadeFile[];
}

const stemOf = (name: string): string => name.replace(/\.[^./]+$/, '');

export async function applyVideoRecipe(file: FoundFile, rule: RecipeRule, context: VideoRecipeContext): Promise<VideoMade> {
  const { tools, cacheDir, names, warnings, signal } = context;
  const video = rule.video ?? { codec: 'vp9' };
  const crf = video.crf ?? DEFAULT_VIDEO_CRF[video.codec];
  const extension = VARIANT_EXTENSIONS[video.codec];
  const made: VideoMade = { file, siblings: [] };
  const stop = (message: string): VideoMade => {
    if (signal?.aborted) throw collectCancelled();
    warnings.push(`Recipe "${rule.match}": ${message} ${file.name} is collected as it is.`);
    return made;
  };

  const replaces = path.extname(file.name).slice(1).toLowerCase() === extension;
  const variantName = replaces ? file.name : `${stemOf(file.name)}.${extension}`;
  if (!replaces && names.has(variantName)) {
    warnings.push(`Recipe "${rule.match}": ${variantName} already exists in the sources, so the ${video.codec.toUpperCase()} copy of ${file.name} is not made. Rename one of them.`);
  } else {
    const variant = await transcodeVideo({
      tools,
      source: file.absPath,
      options: { codec: video.codec, crf },
      cacheDir: path.join(cacheDir, 'recipes'),
      signal,
      onProgress: context.onBytes && ((progress) => context.onBytes!(progress.bytes)),
    });
    if (!variant.ok) return stop(variant.message);
    const outcome: RecipeOutcome = {
      name: variantName,
      match: rule.match,
      mode: rule.mode,
      originalBytes: file.size,
      outputBytes: variant.bytes,
      kept: false,
      sibling: !replaces,
      videoOf: file.name,
      videoRole: 'variant',
    };
    if (replaces) {
      const smaller = variant.bytes < file.size;
      made.outcome = smaller ? outcome : { ...outcome, outputBytes: file.size, kept: true };
      if (smaller) made.file = standIn(file, variantName, variant.file, variant.bytes);
    } else {
      made.siblings.push({ file: standIn(file, variantName, variant.file, variant.bytes), outcome });
    }
  }

  const posterName = `${stemOf(file.name)}.poster.jpg`;
  if (names.has(posterName)) {
    warnings.push(`Recipe "${rule.match}": ${posterName} already exists in the sources, so Porter keeps it as the poster of ${file.name}.`);
    return made;
  }
  const poster = await cachedPoster(tools, file, cacheDir, signal);
  if (!poster.ok) return stop(poster.message);
  made.siblings.push({
    file: standIn(file, posterName, poster.file, poster.bytes),
    outcome: { name: posterName, match: rule.match, mode: rule.mode, originalBytes: file.size, outputBytes: poster.bytes, kept: false, sibling: true, videoOf: file.name, videoRole: 'poster' },
  });
  return made;
}

/** A collected file whose bytes come from the cache, named as if it sat beside the original in its source folder. */
function standIn(original: FoundFile, name: string, absPath: string, size: number): FoundFile {
  const relPath = name === original.name ? original.relPath : stemOf(original.relPath) + name.slice(stemOf(original.name).length);
  return { name, relPath, sourceIndex: original.sourceIndex, absPath, size };
}

async function cachedPoster(tools: VideoTools, file: FoundFile, cacheDir: string, signal?: AbortSignal): Promise<{ ok: true; file: string; bytes: number } | { ok: false; message: string }> {
  const content = createHash('sha256');
  for await (const chunk of createReadStream(file.absPath)) content.update(chunk as Buffer);
  const key = createHash('sha256').update(`${VIDEO_ENGINE_VERSION}\0poster\0${content.digest('hex')}`).digest('hex');
  const folder = path.join(cacheDir, 'recipes', `video-v${VIDEO_ENGINE_VERSION}`, key.slice(0, 2));
  const output = path.join(folder, `${key}.poster.jpg`);
  if (existsSync(output)) return { ok: true, file: output, bytes: statSync(output).size };
  mkdirSync(folder, { recursive: true });
  const made = await posterFrame({ tools, source: file.absPath, output, signal });
  return made.ok ? { ok: true, file: made.file, bytes: made.bytes } : made;
}
