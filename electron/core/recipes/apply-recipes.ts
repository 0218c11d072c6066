// Applies recipes inside collect. Each matched file is optimised from its SOURCE bytes (never from an earlier
// output, so a lossy recipe never compresses its own result again), and the result stands in for the source
// before hashing: hashed names, rewritten references and staticfiles.json are then exactly what Django writes
// had the optimised file been the source. Results are cached by source content, rule and engine, so an
// unchanged re-collect encodes nothing.
//
// A format change (webp/avif) adds a sibling beside the original (`hero.png` → `hero.webp`), collected as if it
// sat next to it in the source folder; references are not rewritten. Templates name `hero.png` in
// `{% static %}` tags Porter does not render, and rewriting CSS `url()` to another format is only safe where
// every browser the site supports decodes it, which Porter cannot know. The original keeps working; pages opt
// in to the sibling with <picture> or a `{% static 'hero.webp' %}`.
//
// A TTF or OTF font under a lossless recipe gets its WOFF2 the same way (`font.ttf` → `font.woff2`, the font itself
// collected as it is); the stylesheet opts in by listing the WOFF2 first in its @font-face src.
//
// A video under a Lossy recipe gets its variant and a poster frame the same way (video-recipe.ts), made by FFmpeg.
//
// The work runs on the optimize pool's workers, each file within its budget (optimize/budget.ts): a file over it is
// collected as it is, with a warning that says why, and is not remembered as kept, since a later run may have the time.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RecipeOutcome } from '../../contract/porter';
import type { ScanResult } from '../collect/scan';
import { collectCancelled } from '../collect/types';
import type { FoundFile } from '../collect/walk-sources';
import type { OptimizeBudget } from '../optimize/budget';
import type { OptimizeOptions, OptimizeResult } from '../optimize/index';
import { SAVINGS_ENGINE_VERSION } from '../optimize/savings/savings-cache';
import { sniffFormat } from '../optimize/images/sniff-format';
import type { OptimizePool } from '../optimize/worker/optimize-pool';
import { findVideoTools, type FindVideoToolsOptions } from '../video/find-video-tools';
import { checkRecipeRule, fileKind, MODE_LABEL } from './check-rule';
import { recipeFor, type RecipeRule } from './rules';
import { applyVideoRecipe, type MadeFile } from './video-recipe';

export interface ApplyRecipesOptions {
  cacheDir: string;
  signal?: AbortSignal;
  /** `bytes`: what the video being encoded has written so far. */
  onProgress?: (done: number, total: number, bytes?: number) => void;
  /** Where to look for FFmpeg when a recipe matches videos (the project, the app's resources, Settings). */
  video?: FindVideoToolsOptions;
  /** Files optimised at once, each on its own worker thread. */
  concurrency?: number;
  /** Each file's size and time budget; default: DEFAULT_BUDGET. */
  budget?: OptimizeBudget;
  /** The optimize worker bundle; null optimises on this thread. Default: the one next to this bundle, if there is one. */
  workerFile?: string | null;
}

export interface AppliedRecipes {
  scan: ScanResult;
  /** Collected name → the source file it came from, for names whose bytes now come from the recipe cache. */
  sourceOf: Map<string, string>;
  outcomes: RecipeOutcome[];
  warnings: string[];
}

interface Job {
  file: FoundFile;
  rule: RecipeRule;
}

interface Made {
  file: FoundFile;
  /** None for a font: it is collected as it is, only its WOFF2 sibling is made. */
  outcome?: RecipeOutcome;
  /** Copies added beside it; a kept one (nothing made) has the original as its file and is not collected again. */
  siblings: MadeFile[];
}

// The optimisers (sharp, the minifiers) take half a second to load; a collect without recipes never needs them.
type Optimizer = typeof import('../optimize/index');

interface Engines {
  optimizer: Optimizer;
  pool: OptimizePool;
}

export async function applyRecipes(scan: ScanResult, rules: readonly RecipeRule[], options: ApplyRecipesOptions): Promise<AppliedRecipes> {
  if (!rules.some((rule) => rule.mode !== 'none')) return { scan, sourceOf: new Map(), outcomes: [], warnings: [] };
  const optimizer: Optimizer = await import('../optimize/index');
  const warnings: string[] = [];
  const names = new Set(scan.files.map((file) => file.name));
  const jobs: Job[] = [];
  const videoJobs: Job[] = [];
  const unfit = new Map<RecipeRule, string[]>();
  for (const file of scan.files) {
    const rule = recipeFor(file.name, rules);
    if (!rule || rule.mode === 'none') continue;
    const kind = fileKind(file.name);
    const fits =
      kind === 'text' ? rule.mode === 'minify' : kind === 'font' ? rule.mode === 'lossless' : kind === 'video' ? rule.mode === 'lossy' : kind === 'image' && rule.mode !== 'minify';
    if (fits && kind === 'video') videoJobs.push({ file, rule });
    else if (fits) jobs.push({ file, rule });
    else if (unfit.has(rule)) unfit.get(rule)!.push(file.name);
    else unfit.set(rule, [file.name]);
  }
  for (const [rule, left] of unfit) warnings.push(unfitWarning(rule, left));

  const made = new Map<string, Made>();
  let done = 0;
  const total = jobs.length + videoJobs.length;
  const queue = [...jobs];
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, jobs.length));
  const { createOptimizePool } = await import('../optimize/worker/optimize-pool');
  const { bundledWorkerFile } = await import('../optimize/worker/worker-file');
  const pool = createOptimizePool({
    size: concurrency,
    workerFile: options.workerFile === undefined ? bundledWorkerFile() : options.workerFile,
    ...(options.budget ? { budget: options.budget } : {}),
  });
  const engines: Engines = { optimizer, pool };
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      if (options.signal?.aborted) throw collectCancelled();
      const result = await applyOne(engines, job, names, options.cacheDir, warnings);
      if (result) made.set(job.file.name, result);
      done += 1;
      options.onProgress?.(done, total);
    }
  };
  // Cancelling stops the workers at once: an encoder under way cannot be interrupted any other way.
  const stopPool = (): void => void pool.close();
  options.signal?.addEventListener('abort', stopPool, { once: true });
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } catch (error) {
    if (options.signal?.aborted) throw collectCancelled();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', stopPool);
    await pool.close();
  }
  if (options.signal?.aborted) throw collectCancelled();
  await applyVideoJobs(videoJobs, names, options, warnings, made, () => {
    done += 1;
    options.onProgress?.(done, total);
  }, (bytes) => options.onProgress?.(done, total, bytes));

  const files: FoundFile[] = [];
  const sourceOf = new Map<string, string>();
  const outcomes: RecipeOutcome[] = [];
  for (const file of scan.files) {
    const result = made.get(file.name);
    if (!result) {
      files.push(file);
      continue;
    }
    files.push(result.file);
    if (result.outcome) outcomes.push(result.outcome);
    if (result.file.absPath !== file.absPath) sourceOf.set(file.name, file.absPath);
    for (const sibling of result.siblings) {
      outcomes.push(sibling.outcome);
      if (sibling.outcome.kept) continue;
      files.push(sibling.file);
      sourceOf.set(sibling.file.name, file.absPath);
    }
  }
  return { scan: { ...scan, files }, sourceOf, outcomes, warnings };
}

/** Videos one after another: FFmpeg already uses every core for one encode. */
async function applyVideoJobs(
  jobs: Job[],
  names: Set<string>,
  options: ApplyRecipesOptions,
  warnings: string[],
  made: Map<string, Made>,
  onDone: () => void,
  onBytes: (bytes: number) => void,
): Promise<void> {
  if (jobs.length === 0) return;
  const found = await findVideoTools(options.video);
  if (!found.ok) {
    const which = jobs.length === 1 ? `${jobs[0]!.file.name} is collected as it is` : `${jobs[0]!.file.name} and ${jobs.length - 1} more videos are collected as they are`;
    warnings.push(`Recipes for video: ${found.message} ${which}.`);
    return;
  }
  for (const { file, rule } of jobs) {
    if (options.signal?.aborted) throw collectCancelled();
    const result = await applyVideoRecipe(file, rule, { tools: found.tools, cacheDir: options.cacheDir, names, warnings, signal: options.signal, onBytes });
    made.set(file.name, result);
    onDone();
  }
}

/** One warning per rule that meets files its treatment cannot change, in the words the recipe editor uses. */
function unfitWarning(rule: RecipeRule, left: string[]): string {
  const reason = checkRecipeRule({ match: rule.match, mode: rule.mode }, left).modes.find((each) => each.mode === rule.mode)?.reason;
  const example = left.length === 1 ? `${left[0]} as it is` : `${left[0]} and ${left.length - 1} more as they are`;
  return `Recipe "${rule.match}" (${MODE_LABEL[rule.mode]}) leaves ${example}: ${reason}`;
}

async function applyOne(engines: Engines, { file, rule }: Job, names: Set<string>, cacheDir: string, warnings: string[]): Promise<Made | undefined> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file.absPath);
  } catch (error) {
    warnings.push(`Recipe "${rule.match}": cannot read ${file.absPath} (${(error as Error).message}); it is collected as it is.`);
    return undefined;
  }
  const base: OptimizeOptions = {
    mode: rule.mode === 'minify' || rule.mode === 'none' ? 'lossless' : rule.mode,
    quality: rule.quality,
    keepCopyright: rule.keepCopyright,
    effort: rule.effort,
  };
  try {
    if (fileKind(file.name) === 'font') return await woff2Sibling(engines, file, bytes, base, rule, names, cacheDir, warnings);
    const main = await optimizedFile(engines, file, file.name, bytes, { ...base, format: 'keep' }, rule, cacheDir, warnings);
    const made: Made = { file: main.file, outcome: main.outcome, siblings: [] };
    const format = rule.format && rule.format !== 'keep' ? rule.format : undefined;
    if (format && sniffFormat(bytes) !== null) {
      const siblingName = file.name.replace(/\.[^./]+$/, '') + `.${format}`;
      if (names.has(siblingName)) {
        warnings.push(`Recipe "${rule.match}": ${siblingName} already exists in the sources, so the ${format.toUpperCase()} copy of ${file.name} is not made. Rename one of them.`);
      } else {
        made.siblings.push(await optimizedFile(engines, file, siblingName, bytes, { ...base, format }, rule, cacheDir, warnings, true));
      }
    }
    return made;
  } catch (error) {
    if (error instanceof engines.optimizer.OptimizeError) {
      warnings.push(`Recipe "${rule.match}": ${error.message} ${file.name} is collected as it is.`);
      return undefined;
    }
    throw error;
  }
}

async function woff2Sibling(
  engines: Engines,
  file: FoundFile,
  bytes: Buffer,
  base: OptimizeOptions,
  rule: RecipeRule,
  names: Set<string>,
  cacheDir: string,
  warnings: string[],
): Promise<Made> {
  const siblingName = file.name.replace(/\.[^./]+$/, '') + '.woff2';
  if (names.has(siblingName)) {
    warnings.push(`Recipe "${rule.match}": ${siblingName} already exists in the sources, so the WOFF2 copy of ${file.name} is not made. Rename one of them.`);
    return { file, siblings: [] };
  }
  const convert = (source: Buffer) => engines.pool.convertFont(source, file.name);
  return { file, siblings: [await optimizedFile(engines, file, siblingName, bytes, { ...base, format: 'keep' }, rule, cacheDir, warnings, true, convert)] };
}

async function optimizedFile(
  engines: Engines,
  file: FoundFile,
  name: string,
  bytes: Buffer,
  options: OptimizeOptions,
  rule: RecipeRule,
  cacheDir: string,
  warnings: string[],
  sibling = false,
  /** Makes the bytes instead of optimizeAsset (the WOFF2 of a font). */
  convert?: (bytes: Buffer) => Promise<OptimizeResult>,
): Promise<{ file: FoundFile; outcome: RecipeOutcome }> {
  const key = createHash('sha256')
    .update(JSON.stringify([SAVINGS_ENGINE_VERSION, options, path.extname(name).toLowerCase()]))
    .update(bytes)
    .digest('hex');
  const cached = path.join(cacheDir, 'recipes', `${key}${path.extname(name).toLowerCase()}`);
  // An empty `.kept` marker remembers that nothing smaller was found, so that is not searched for again either.
  const keptMarker = `${cached}.kept`;
  let output: Buffer | undefined;
  if (existsSync(cached)) {
    output = readFileSync(cached);
  } else if (!existsSync(keptMarker)) {
    // Outside the cache key: what `measure` adds to the report never changes the bytes.
    const result = convert ? await convert(bytes) : await engines.pool.optimize(bytes, name, { ...options, measure: false });
    if (result.report.overBudget) {
      warnings.push(`Recipe "${rule.match}": ${file.name}: ${result.report.notes.join(' ')}`);
      return { file, outcome: { name, match: rule.match, mode: rule.mode, originalBytes: bytes.length, outputBytes: bytes.length, kept: true, sibling } };
    }
    // A sibling in another format exists to be converted, even when not smaller; the original is never made larger.
    // A GIF under a lossless rule stays GIF (its WebP is a lossy choice): no sibling rather than GIF bytes named .webp.
    const kept = sibling ? result.report.format !== path.extname(name).slice(1).toLowerCase() : result.report.kept || result.bytes.length >= bytes.length;
    mkdirSync(path.dirname(cached), { recursive: true });
    if (kept) writeFileSync(keptMarker, '');
    else {
      output = result.bytes;
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, output);
      renameSync(temporary, cached);
    }
  }
  const outcome: RecipeOutcome = {
    name,
    match: rule.match,
    mode: rule.mode,
    originalBytes: bytes.length,
    outputBytes: output?.length ?? bytes.length,
    kept: output === undefined,
    sibling,
  };
  if (!output) return { file, outcome };
  const siblingRel = sibling ? file.relPath.replace(/\.[^./]+$/, '') + path.extname(name) : file.relPath;
  return { file: { name, relPath: siblingRel, sourceIndex: file.sourceIndex, absPath: cached, size: output.length }, outcome };
}
