// `porter collect`: Django's collectstatic (+ ManifestStaticFilesStorage) computed in memory,
// checked whole, and only then written, so a broken project never touches the previous output.
import fs from 'node:fs';
import path from 'node:path';
import { djangoAtLeast, type BrokenReference, type CollectReport } from '../../contract/porter';
import { HashedStorageModel, md5Hex, postProcessedCount, type PostProcessFile } from './hashed-storage';
import { PlanCache, planKey, type CollectPlan, type PlanInput, type PlannedFile } from './plan-cache';
import { compareCodePoints, pyJsonDumps, pyObject } from './py-json';
import { scanSources, type ScanResult } from './scan';
import { FilePool } from './file-pool';
import { defaultCacheDir, FileSignatureCache } from './signature-cache';
import { applyRecipes, type AppliedRecipes } from '../recipes/apply-recipes';
import { CollectError, collectCancelled, type CollectOptions, type CollectProgress } from './types';
import { OutputFolderError, writeOutput, type OutputFile } from './write-output';
import { outputOverlaps } from './output-overlap';
import { addCompressedSiblings, namesToCompress, SiblingCache } from './compressed-siblings';
import { decideBroken, describeStaleRule, type KeepDecision } from './keep-broken';

export { scanSources } from './scan';
export { projectSourceRoots } from './project-source-roots';
export { loadCollectConfig, rememberKeptReferences, saveCollectConfig, type CollectConfig } from './collect-config';
export type { KeepBrokenPolicy } from './keep-broken';
export type { ScanOptions, ScanResult, Duplicate } from './scan';
export { CollectError } from './types';
export type { CollectOptions, CollectProgress, SourceRoot } from './types';

export const MANIFEST_NAME = 'staticfiles.json';

/** Django's manifest: `{"paths": …, "version": …[, "hash": …]}` with Python's json.dumps bytes. */
export function manifestBytes(hashedFiles: Map<string, string>, djangoVersion: CollectOptions['djangoVersion']): Buffer {
  const pairs = [...hashedFiles];
  const paths = pyObject(pairs);
  if (djangoVersion === '3.2') {
    return Buffer.from(pyJsonDumps(pyObject([['paths', paths], ['version', '1.0']])));
  }
  const sorted = [...pairs].sort(([a], [b]) => compareCodePoints(a, b));
  const hash = md5Hex(pyJsonDumps(sorted.map(([name, hashed]) => [name, hashed]))).slice(0, 12);
  // 6.0 (ticket #35846) writes the paths in the order they are hashed in: sorted by name.
  const written = djangoAtLeast(djangoVersion, '6.0') ? pyObject(sorted) : paths;
  return Buffer.from(pyJsonDumps(pyObject([['paths', written], ['version', '1.1'], ['hash', hash]])));
}

function summaryLine(options: CollectOptions, copied: number, unmodified: number, postProcessed: number): string {
  const files = copied === 1 ? 'static file' : 'static files';
  const verb = options.dryRun ? 'would be copied' : 'copied';
  let line = `${copied} ${files} ${verb} to '${path.resolve(options.outDir)}'`;
  if (unmodified > 0) line += `, ${unmodified} unmodified`;
  if (postProcessed > 0) line += `, ${postProcessed} post-processed`;
  return line + '.';
}

/** What the summary adds when the run went on past broken references, so a kept one is never silent. */
function keptNote(kept: number, dropped: number): string {
  let note = '';
  if (kept) note += ` Kept ${kept} broken reference${kept === 1 ? '' : 's'} as ${kept === 1 ? 'it is' : 'they are'}.`;
  if (dropped) note += ` Dropped ${dropped} sourceMappingURL comment${dropped === 1 ? '' : 's'} whose map is missing.`;
  return note;
}

function brokenError(refused: readonly BrokenReference[], kept: number): CollectError {
  const count = refused.length;
  const alsoKept = kept ? `; ${kept} other${kept === 1 ? ' is' : 's are'} kept by your rules` : '';
  return new CollectError(`Nothing was collected: ${count} broken reference${count === 1 ? '' : 's'}${alsoKept} (the previous output is untouched).`, [...refused], []);
}

function report(progress: CollectOptions['onProgress'], value: CollectProgress): void {
  progress?.(value);
}

/** Every collected file's content hash: from the signature cache when the file is unchanged, else read on the pool. */
async function hashSources(scan: ScanResult, options: CollectOptions, cache: FileSignatureCache, pool: FilePool) {
  const files: PlanInput[] = [];
  const problems: string[] = [];
  const misses: Array<{ input: PlanInput; stat: fs.Stats }> = [];
  for (const found of scan.files) {
    const input: PlanInput = { name: found.name, relPath: found.relPath, sourcePath: found.absPath, md5: '' };
    let stat: fs.Stats;
    try {
      stat = found.stat ?? fs.statSync(found.absPath);
    } catch (error) {
      problems.push(`Cannot read ${found.absPath}: ${(error as Error).message}. Fix its permissions or remove it.`);
      continue;
    }
    const md5 = cache.cached(found.absPath, stat);
    if (md5) input.md5 = md5;
    else misses.push({ input, stat });
    files.push(input);
  }
  const total = scan.files.length;
  const bytes = scan.files.reduce((sum, file) => sum + file.size, 0);
  const outcomes = await pool.hash(
    misses.map((miss) => miss.input.sourcePath),
    (done) => {
      report(options.onProgress, { phase: 'hash', done: total - misses.length + done, total, bytes: Math.round((bytes * (total - misses.length + done)) / Math.max(total, 1)) });
      if (options.signal?.aborted) throw collectCancelled();
    },
  );
  outcomes.forEach((outcome, index) => {
    const { input, stat } = misses[index]!;
    if (outcome.md5) input.md5 = cache.store(input.sourcePath, stat, outcome.md5);
    else problems.push(`Cannot read ${input.sourcePath}: ${outcome.error}. Fix its permissions or remove it.`);
  });
  if (options.signal?.aborted) throw collectCancelled();
  report(options.onProgress, { phase: 'hash', done: total, total, bytes });
  return { files, problems };
}

/** Runs Django's post-processing in memory; throws CollectError when it would fail. */
async function postProcess(
  inputs: PlanInput[],
  scan: ScanResult,
  options: CollectOptions,
  staticUrl: string,
  pool: FilePool,
): Promise<{ plan: CollectPlan; contents: Map<string, Buffer> }> {
  const sizes = new Map(scan.files.map((file) => [file.name, file.size]));
  const adjustable = (name: string) => name.endsWith('.css') || (options.djangoVersion !== '3.2' && name.endsWith('.js'));
  // The files whose text is rewritten are read (and hashed again, as read) on the pool, off this thread.
  const toRead = inputs.filter((input) => adjustable(input.name));
  const reads = new Map<string, { md5: string; bytes: Buffer }>();
  const unreadable: string[] = [];
  (await pool.read(toRead.map((input) => input.sourcePath))).forEach((outcome, index) => {
    const input = toRead[index]!;
    if ('bytes' in outcome) reads.set(input.name, outcome);
    else unreadable.push(`Cannot read ${input.sourcePath}: ${outcome.error}. Fix its permissions or remove it.`);
  });
  if (unreadable.length) throw new CollectError('Nothing was collected: some source files cannot be read.', [], unreadable);
  const files: PostProcessFile[] = inputs.map((input) => {
    const read = reads.get(input.name);
    return { ...input, size: read?.bytes.length ?? sizes.get(input.name)!, md5: read?.md5 ?? input.md5, content: read?.bytes };
  });
  const result = new HashedStorageModel(options.djangoVersion, staticUrl, { dropMissingSourceMaps: options.dropMissingSourceMaps }).run(files);
  if (result.problems.length) {
    const { refused } = decideBroken(result.brokenReferences, options.keepBroken);
    const message = refused.length
      ? `Nothing was collected: ${refused.length} broken reference${refused.length === 1 ? '' : 's'} (the previous output is untouched).`
      : 'Nothing was collected: post-processing failed (the previous output is untouched).';
    throw new CollectError(message, refused, result.problems);
  }
  const contents = new Map<string, Buffer>();
  const outputs: PlannedFile[] = [];
  for (const [name, stored] of result.destination) {
    if (typeof stored.data !== 'string') contents.set(name, stored.data);
    outputs.push({ name, size: stored.size, md5: stored.md5, source: typeof stored.data === 'string' ? stored.data : null });
  }
  return {
    plan: {
      outputs,
      hashedFiles: [...result.hashedFiles],
      adjustableYields: result.adjustableYields,
      hashedCopies: result.hashedCopies,
      brokenReferences: result.brokenReferences,
      droppedSourceMaps: result.droppedSourceMaps,
    },
    contents,
  };
}

/** A remembered plan is usable only while the output still holds the rewritten files it cannot recreate. */
function rewrittenFilesIntact(plan: CollectPlan, outDir: string, cache: FileSignatureCache): boolean {
  return plan.outputs.every((output) => {
    if (output.source !== null) return true;
    const absolute = path.join(outDir, output.name);
    try {
      const stat = fs.lstatSync(absolute);
      return stat.isFile() && stat.size === output.size && cache.md5(absolute, stat) === output.md5;
    } catch {
      return false;
    }
  });
}

export async function runCollect(options: CollectOptions): Promise<CollectReport> {
  const staticUrl = options.staticUrl ?? '/static/';
  const outDir = path.resolve(options.outDir);
  const overlaps = outputOverlaps(outDir, options.sources);
  if (overlaps.length) throw new CollectError('Nothing was collected: the output folder overlaps your sources.', [], overlaps);
  report(options.onProgress, { phase: 'scan', done: 0, total: 0, bytes: 0 });
  const scan = scanSources(options);
  if (scan.problems.length) {
    throw new CollectError('Nothing was collected: some sources cannot be read as they are.', [], scan.problems);
  }

  const applied = options.recipes?.length
    ? await applyRecipes(scan, options.recipes, {
        cacheDir: defaultCacheDir(),
        budget: options.optimizeBudget,
        signal: options.signal,
        video: options.video,
        onProgress: (done, total, bytes = 0) => report(options.onProgress, { phase: 'optimize', done, total, bytes }),
      })
    : undefined;
  const cache = FileSignatureCache.forOutput(outDir);
  const pool = new FilePool();
  try {
    const collected = await collectWith(options, applied?.scan ?? scan, cache, pool, staticUrl, outDir);
    return applied ? withRecipes(collected, applied) : collected;
  } finally {
    await pool.close();
  }
}

/** The report names each file's real source, not its optimised stand-in in the cache, and says what recipes did. */
function withRecipes(collected: CollectReport, applied: AppliedRecipes): CollectReport {
  const changed = applied.outcomes.filter((outcome) => !outcome.kept);
  const saved = changed.filter((outcome) => !outcome.sibling).reduce((sum, outcome) => sum + outcome.originalBytes - outcome.outputBytes, 0);
  const siblings = changed.filter((outcome) => outcome.sibling).length;
  let note = '';
  // Only copies (a font's WOFF2): nothing was changed, so say only what was added.
  if (changed.length && changed.length === siblings) note = ` Recipes added ${siblings} converted cop${siblings === 1 ? 'y' : 'ies'}.`;
  else if (changed.length) {
    note = ` Recipes changed ${changed.length - siblings} file${changed.length - siblings === 1 ? '' : 's'} (${saved} bytes saved)`;
    note += siblings ? ` and added ${siblings} converted cop${siblings === 1 ? 'y' : 'ies'}.` : '.';
  }
  return {
    ...collected,
    files: collected.files.map((file) => ({ ...file, source: applied.sourceOf.get(file.name) ?? file.source })),
    warnings: [...collected.warnings, ...applied.warnings],
    recipes: applied.outcomes,
    summary: collected.summary + note,
  };
}

async function collectWith(options: CollectOptions, scan: ScanResult, cache: FileSignatureCache, pool: FilePool, staticUrl: string, outDir: string): Promise<CollectReport> {
  const { files: inputs, problems } = await hashSources(scan, options, cache, pool);
  if (problems.length) throw new CollectError('Nothing was collected: some source files cannot be read.', [], problems);

  const outExisted = fs.existsSync(outDir);
  const outputs: OutputFile[] = [];
  const hashedNames = new Map<string, string>();
  let postProcessed = 0;
  const plans = PlanCache.forOutput(outDir);
  let key: string | undefined;
  let fresh: CollectPlan | undefined;
  let decision: KeepDecision = { kept: [], refused: [], staleRules: [] };
  let droppedSourceMaps: BrokenReference[] = [];
  if (options.hashing) {
    key = planKey(inputs, { djangoVersion: options.djangoVersion, staticUrl, dropMissingSourceMaps: options.dropMissingSourceMaps === true });
    const remembered = outExisted ? plans.load(key) : undefined;
    let plan: CollectPlan;
    let contents = new Map<string, Buffer>();
    if (remembered && rewrittenFilesIntact(remembered, outDir, cache)) {
      plan = remembered;
    } else {
      ({ plan, contents } = await postProcess(inputs, scan, options, staticUrl, pool));
      fresh = plan;
    }
    decision = decideBroken(plan.brokenReferences, options.keepBroken);
    if (decision.refused.length) throw brokenError(decision.refused, decision.kept.length);
    droppedSourceMaps = plan.droppedSourceMaps;
    for (const output of plan.outputs) {
      outputs.push({ name: output.name, size: output.size, md5: output.md5, data: output.source ?? contents.get(output.name) ?? path.join(outDir, output.name) });
    }
    for (const [name, hashed] of plan.hashedFiles) hashedNames.set(name, hashed);
    const manifest = manifestBytes(new Map(plan.hashedFiles), options.djangoVersion);
    outputs.push({ name: MANIFEST_NAME, size: manifest.length, md5: md5Hex(manifest), data: manifest });
    postProcessed = postProcessedCount(plan, (name) => outExisted && fs.existsSync(path.join(outDir, name)));
  } else {
    const sizes = new Map(scan.files.map((file) => [file.name, file.size]));
    for (const input of inputs) outputs.push({ name: input.name, size: sizes.get(input.name)!, md5: input.md5, data: input.sourcePath });
  }
  let files = outputs;
  let siblingsOf = new Map<string, string[]>();
  // WhiteNoise compresses after post-processing and, like Django's post_process, not in a dry run.
  if (options.compress && !options.dryRun) {
    const compressed = await addCompressedSiblings(outputs, namesToCompress(outputs, options.hashing ? hashedNames : null), {
      cache: new SiblingCache(path.join(defaultCacheDir(), 'siblings')),
      manifest: options.hashing ? MANIFEST_NAME : undefined,
      signal: options.signal,
      onProgress: (done, total) => report(options.onProgress, { phase: 'compress', done, total, bytes: 0 }),
    });
    files = compressed.files;
    siblingsOf = compressed.siblingsOf;
    // Every sibling is yielded as post-processed (`Post-processed 'css/app.css' as 'css/app.css.gz'`).
    postProcessed += compressed.count;
  }
  let written: Set<string>;
  try {
    ({ changed: written } = await writeOutput({
      outDir,
      files,
      dryRun: options.dryRun,
      signal: options.signal,
      cache,
      pool,
      onProgress: (progress) => report(options.onProgress, { phase: 'write', ...progress }),
    }));
  } catch (error) {
    if (error instanceof OutputFolderError) throw new CollectError(error.message, [], [error.message]);
    throw error;
  } finally {
    if (!options.dryRun) cache.save();
  }
  if (fresh && key && !options.dryRun) plans.save(key, fresh);

  const copied = scan.files.filter((file) => written.has(file.name)).length;
  const unmodified = scan.files.length - copied;
  const summary = summaryLine(options, copied, unmodified, postProcessed) + keptNote(decision.kept.length, droppedSourceMaps.length);
  return {
    outDir,
    djangoVersion: options.djangoVersion,
    dryRun: options.dryRun,
    counts: {
      copied,
      unmodified,
      postProcessed,
      duplicates: scan.duplicates.length,
      ignored: scan.ignored.length,
    },
    files: scan.files.map((file) => {
      const hashedName = hashedNames.get(file.name) ?? null;
      const collected = { name: file.name, hashedName, source: file.absPath, bytes: file.size };
      if (!options.compress || options.dryRun) return collected;
      return { ...collected, compressedSiblings: [...(siblingsOf.get(file.name) ?? []), ...((hashedName && siblingsOf.get(hashedName)) || [])] };
    }),
    duplicates: scan.duplicates.map((duplicate) => ({ name: duplicate.file.name, kept: duplicate.keptFrom.absPath, ignored: duplicate.file.absPath })),
    warnings: [...scan.warnings, ...decision.staleRules.map(describeStaleRule)],
    followedSymlinks: scan.followedSymlinks,
    written: written.size,
    recipes: [],
    keptReferences: decision.kept,
    droppedSourceMaps,
    staleKeepRules: decision.staleRules,
    summary,
  };
}
