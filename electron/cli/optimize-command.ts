// `porter optimize`: what each asset would weigh optimised, and the optimised files when --out is given.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectSourceRoots, scanSources } from '../core/collect/index';
import { describeError } from '../core/collect/walk-sources';
import type { OptimizeBudget } from '../core/optimize/budget';
import { loadOptimizeBudget } from '../core/optimize/load-budget';
import { OptimizeError, type LosslessEffort, type OptimizeMode, type OutputFormat } from '../core/optimize/index';
import { inputOverwriteCheck } from '../core/optimize/output-guard';
import { createOptimizePool } from '../core/optimize/worker/optimize-pool';
import { bundledWorkerFile } from '../core/optimize/worker/worker-file';
import { openProject } from '../core/project/open-project';

export const optimizeUsage = `Usage: porter optimize [PATHS...] [--project DIR] [--mode lossless|lossy|auto] [--quality N]
                       [--format keep|webp|avif] [--effort fast|balanced|max] [--out DIR] [--json]

Shows what each asset would weigh optimised: images re-encoded (lossless by default), CSS, JS,
HTML, JSON and SVG minified, with gzip/brotli transfer sizes for text. Source files are never
changed; with --out the optimised files are written there. A file over its size or time budget
is kept as it is, with the reason (set the budgets in the "optimize" section of porter.json).

  PATHS              files or folders (default: every static file the project collects)
  --project DIR      the project folder (default: the current folder)
  --mode M           lossless (default), lossy, or auto (lowest quality that still looks the same)
  --quality N        encoder quality 1-100 for lossy
  --format F         keep (default), webp or avif: convert PNG/JPEG images
  --effort E         lossless PNG work: fast (one zlib encode), balanced (default: oxipng's colour,
                     bit-depth and palette reductions) or max (every encoder and row-filter strategy,
                     then zopfli; much slower)
  --out DIR          write the optimised files here, keeping their relative paths
  --json             one record per file: path, originalBytes, outputBytes, format, mode, quality,
                     score, gzipBytes, brotliBytes, kept, overBudget (size or time), notes, error`;

interface Input {
  absolute: string;
  /** Where it goes under --out, and how it is named in reports. */
  relative: string;
  /** Why it is skipped (a pipe, a symlink loop, a dangling link): reported as its error while the rest go on. */
  problem?: string;
}

interface OutputRecord {
  path: string;
  originalBytes: number;
  outputBytes: number | null;
  format: string | null;
  mode: OptimizeMode;
  quality: number | null;
  score: number | null;
  gzipBytes: number | null;
  brotliBytes: number | null;
  /** The original bytes are the output: nothing smaller was found, or the file is over its budget. */
  kept: boolean;
  /** Why a file was kept as it is without being optimised: over its size budget, or stopped at its time budget. */
  overBudget: 'size' | 'time' | null;
  notes: string[];
  error: string | null;
}

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      project: { type: 'string' },
      mode: { type: 'string', default: 'lossless' },
      quality: { type: 'string' },
      format: { type: 'string', default: 'keep' },
      effort: { type: 'string', default: 'balanced' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!['lossless', 'lossy', 'auto'].includes(values.mode)) throw new UsageError(`--mode must be lossless, lossy or auto (got '${values.mode}').`);
  if (!['keep', 'webp', 'avif'].includes(values.format)) throw new UsageError(`--format must be keep, webp or avif (got '${values.format}').`);
  if (!['fast', 'balanced', 'max'].includes(values.effort)) throw new UsageError(`--effort must be fast, balanced or max (got '${values.effort}').`);
  const quality = values.quality === undefined ? undefined : Number(values.quality);
  if (quality !== undefined && !(Number.isInteger(quality) && quality >= 1 && quality <= 100)) {
    throw new UsageError(`--quality must be a whole number from 1 to 100 (got '${values.quality}').`);
  }
  return { ...values, mode: values.mode as OptimizeMode, format: values.format as OutputFormat, effort: values.effort as LosslessEffort, quality, paths: positionals };
}

const notRegular = 'it is not a regular file (a pipe, socket or device), so it was skipped';

/** `ancestors` holds the dev:ino of every folder above, so a link back up is named instead of walked forever. */
function listFolder(folder: string, base: string, into: Input[], ancestors: Set<string>): void {
  const relativeOf = (absolute: string) => path.relative(base, absolute).split(path.sep).join('/');
  let names: string[];
  try {
    names = fs.readdirSync(folder).sort();
  } catch (error) {
    into.push({ absolute: folder, relative: relativeOf(folder), problem: `The folder cannot be read: ${describeError(error)}.` });
    return;
  }
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const absolute = path.join(folder, name);
    const relative = relativeOf(absolute);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      into.push({ absolute, relative, problem: `Skipped: ${describeError(error)}.` });
      continue;
    }
    if (stat.isDirectory()) {
      const identity = `${stat.dev}:${stat.ino}`;
      if (ancestors.has(identity)) {
        into.push({ absolute, relative, problem: 'Skipped: it is a symlink loop (it leads back to a folder that contains it).' });
        continue;
      }
      ancestors.add(identity);
      listFolder(absolute, base, into, ancestors);
      ancestors.delete(identity);
    } else if (stat.isFile()) {
      into.push({ absolute, relative });
    } else {
      into.push({ absolute, relative, problem: `Skipped: ${notRegular}.` });
    }
  }
}

/**
 * Opened without blocking and checked after opening, so a pipe swapped in after the walk cannot hang the batch
 * (a FIFO opened for reading waits for a writer; O_NONBLOCK makes it return at once).
 */
function readRegularFile(absolute: string): Buffer {
  const fd = fs.openSync(absolute, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new OptimizeError(`Skipped: ${notRegular}.`);
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function explicitInputs(paths: string[]): Input[] {
  const inputs: Input[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    if (!fs.existsSync(absolute)) throw new UsageError(`${given} does not exist.`);
    const base = path.dirname(absolute);
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) listFolder(absolute, base, inputs, new Set([`${stat.dev}:${stat.ino}`]));
    else inputs.push({ absolute, relative: path.basename(absolute) });
  }
  return inputs;
}

async function projectInputs(projectDir: string | undefined): Promise<Input[]> {
  const project = await openProject({ root: path.resolve(projectDir ?? '.'), pythonConsent: 'ask' });
  if (project.sources.length === 0) throw new UsageError(`No static sources found in ${project.root}. Name files or folders, or see 'porter sources'.`);
  const scan = scanSources({
    sources: projectSourceRoots(project),
    ignorePatterns: [],
    useDefaultIgnore: true,
    djangoVersion: project.djangoVersion,
  });
  return scan.files.map((file) => ({ absolute: file.absPath, relative: file.name }));
}

function withExtension(relative: string, format: string): string {
  const extension = path.extname(relative);
  const wanted = `.${format === 'jpeg' ? 'jpg' : format}`;
  if (!extension || extension.toLowerCase() === wanted || (wanted === '.jpg' && extension.toLowerCase() === '.jpeg')) return relative;
  return relative.slice(0, -extension.length) + wanted;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

/** A file's record before anything is known of its output. */
function blankRecord(input: Input, mode: OptimizeMode, originalBytes: number, error: string | null): OutputRecord {
  return {
    path: input.relative,
    originalBytes,
    outputBytes: null,
    format: null,
    mode,
    quality: null,
    score: null,
    gzipBytes: null,
    brotliBytes: null,
    kept: false,
    overBudget: null,
    notes: [],
    error,
  };
}

function unreadableRecord(input: Input, mode: OptimizeMode, error: unknown): OutputRecord {
  const message = error instanceof OptimizeError ? error.message : `Cannot read it: ${describeError(error)}.`;
  return blankRecord(input, mode, 0, message);
}


export async function optimizeCommand(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    process.stderr.write(`porter optimize: ${(error as Error).message}\n\n${optimizeUsage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(optimizeUsage + '\n');
    return 0;
  }
  let inputs: Input[];
  try {
    inputs = options.paths.length ? explicitInputs(options.paths) : await projectInputs(options.project);
  } catch (error) {
    process.stderr.write(`porter optimize: ${(error as Error).message}\n`);
    return 2;
  }

  const overwrites = inputOverwriteCheck(inputs.map((input) => input.absolute));
  if (options.out) {
    const out = path.resolve(options.out);
    // Where each input lands in its own format, and in the one asked for.
    const clashes = inputs.flatMap((input) => {
      const names = new Set([input.relative, options.format === 'keep' ? input.relative : withExtension(input.relative, options.format)]);
      return [...names].flatMap((name) => overwrites(input.absolute, path.join(out, name)) ?? []);
    });
    if (clashes.length) {
      for (const clash of clashes) process.stderr.write(`porter optimize: ${clash}\n`);
      process.stderr.write('porter optimize: nothing was optimised: give --out a folder that holds none of the inputs.\n');
      return 2;
    }
  }

  let budget: OptimizeBudget;
  try {
    // The "optimize" section of the project's porter.json: the --project folder, else the current one.
    budget = await loadOptimizeBudget(path.resolve(options.project ?? '.'));
  } catch (error) {
    process.stderr.write(`porter optimize: ${(error as Error).message}\n`);
    return 2;
  }
  // One file per core, each on a worker that is stopped and replaced when a file runs over its time budget.
  const concurrency = Math.max(1, Math.min(os.availableParallelism(), inputs.length));
  const pool = createOptimizePool({ size: concurrency, workerFile: bundledWorkerFile(), budget });
  const records: OutputRecord[] = new Array(inputs.length);
  const showProgress = !options.json && process.stderr.isTTY;
  let done = 0;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      records[index] = await optimizeOne(inputs[index]!);
      done += 1;
      if (showProgress) process.stderr.write(`\r${done}/${inputs.length} ${inputs[index]!.relative.slice(-60).padEnd(60)}`);
    }
  };
  const optimizeOne = async (input: Input): Promise<OutputRecord> => {
    let original: Buffer;
    try {
      if (input.problem) throw new OptimizeError(input.problem);
      original = readRegularFile(input.absolute);
    } catch (error) {
      return unreadableRecord(input, options.mode, error);
    }
    const record = blankRecord(input, options.mode, original.length, null);
    try {
      const result = await pool.optimize(original, input.absolute, {
        mode: options.mode,
        quality: options.quality,
        format: options.format,
        effort: options.effort,
      });
      Object.assign(record, {
        outputBytes: result.report.outputBytes,
        format: result.report.format,
        quality: result.report.quality,
        score: result.report.score,
        gzipBytes: result.transfer?.gzipBytes ?? null,
        brotliBytes: result.transfer?.brotliBytes ?? null,
        kept: result.report.kept,
        overBudget: result.report.overBudget ?? null,
        notes: result.report.notes,
      });
      if (options.out) {
        const target = path.join(path.resolve(options.out), withExtension(input.relative, result.report.format));
        // The check above covers the formats asked for; an encoder that picked another is checked here too.
        const clash = overwrites(input.absolute, target);
        if (clash) throw new OptimizeError(clash);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, result.bytes);
      }
    } catch (error) {
      if (!(error instanceof OptimizeError)) throw error;
      record.error = error.message;
    }
    return record;
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await pool.close();
  }
  if (showProgress) process.stderr.write('\r\x1b[K');

  if (options.json) {
    process.stdout.write(JSON.stringify(records, null, 2) + '\n');
  } else {
    for (const record of records) {
      if (record.error) {
        process.stdout.write(`${record.path}: ${record.error}\n`);
        continue;
      }
      if (record.overBudget) {
        process.stdout.write(`${record.path} (${formatBytes(record.originalBytes)}): ${record.notes.join(' ')}\n`);
        continue;
      }
      const saved = record.originalBytes - record.outputBytes!;
      const percent = record.originalBytes ? ((saved / record.originalBytes) * 100).toFixed(1) : '0.0';
      const transfer = record.gzipBytes === null ? '' : `  (gzip ${formatBytes(record.gzipBytes)}, brotli ${formatBytes(record.brotliBytes!)})`;
      const encoding = [record.quality === null ? '' : `q${record.quality}`, record.score === null || record.score === 1 ? '' : `SSIM ${record.score.toFixed(4)}`].filter(Boolean).join(', ');
      process.stdout.write(
        `${record.path}: ${formatBytes(record.originalBytes)} -> ${formatBytes(record.outputBytes!)} ${record.format}${encoding ? ` ${encoding}` : ''} (-${percent}%)${transfer}\n`,
      );
    }
    const ok = records.filter((record) => !record.error);
    const before = ok.reduce((sum, record) => sum + record.originalBytes, 0);
    const after = ok.reduce((sum, record) => sum + record.outputBytes!, 0);
    const failed = records.length - ok.length;
    const overBudget = records.filter((record) => record.overBudget).length;
    process.stdout.write(
      `\n${ok.length} files: ${formatBytes(before)} -> ${formatBytes(after)}, ${formatBytes(before - after)} saved` +
        `${overBudget ? `; ${overBudget} kept as ${overBudget === 1 ? 'it is, over its' : 'they are, over their'} budget (listed above)` : ''}` +
        `${failed ? `; ${failed} could not be optimised (listed above)` : ''}.${options.out ? ` Written to ${path.resolve(options.out)}.` : ' Nothing was written (use --out DIR).'}\n`,
    );
  }
  return records.some((record) => record.error) ? 1 : 0;
}
