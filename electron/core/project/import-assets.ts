// Files dropped on Porter, copied into one of the project's source folders. The plan says where each would go,
// its public path and template tag, and which would replace an existing file; the import copies (never moves),
// through a temporary file and a rename, and replaces an existing file only when the user said so.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Project } from '../../contract/porter';
import { effectiveIgnorePatterns } from '../collect/walk-sources';
import { firstMatchingPattern } from '../collect/py-fnmatch';

export interface ImportTarget {
  sourceIndex: number;
  /** A folder inside the source, '/'-separated; '' for its top. */
  folder: string;
}

export type Decision = 'replace' | 'keep-both' | 'skip';

export interface ImportPlanEntry {
  relativePath: string;
  publicPath: string;
  destination: string;
  /** `{% static '…' %}` for templates. */
  snippet: string;
  /** Set when collect would skip the file (an ignore pattern matches), so the user knows before copying. */
  ignoredBy: string | null;
  /** Why this file cannot be imported under this name; null when it can. */
  problem: string | null;
  /** The file already there, to show beside the dropped one. */
  existing: { bytes: number; width: number | null; height: number | null } | null;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function nameProblem(relativePath: string): string | null {
  if (!relativePath) return 'the file has no name.';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (/[\u0000-\u001f\u007f]/.test(relativePath)) return 'its name holds control characters; rename it.';
  for (const part of relativePath.split('/')) {
    if (part === '' || part === '.' || part === '..') return `"${relativePath}" is not a plain relative path; rename it.`;
    if (WINDOWS_RESERVED.test(part) || /[ .]$/.test(part) || /[<>:"\\|?*]/.test(part)) return `"${part}" cannot be a file name on Windows, so teammates there could not check it out; rename it.`;
  }
  return null;
}

function sourceOf(project: Project, target: ImportTarget) {
  const source = project.sources[target.sourceIndex];
  if (!source) throw new Error(`The project has no source #${target.sourceIndex + 1}. Open the project again and choose one of its sources.`);
  const folder = target.folder.replace(/^\/+|\/+$/g, '');
  const problem = folder ? nameProblem(folder) : null;
  if (problem) throw new Error(`The folder ${problem}`);
  mkdirSync(source.dir, { recursive: true });
  const root = realpathSync(source.dir);
  return { source, folder, root };
}

function insideRoot(root: string, candidate: string): boolean {
  // The nearest existing ancestor must resolve inside the source, so a symlinked folder cannot lead out of it.
  let existing = candidate;
  while (!existsSync(existing)) existing = path.dirname(existing);
  const real = realpathSync(existing);
  return real === root || real.startsWith(root + path.sep);
}

async function imageSize(file: string): Promise<{ width: number | null; height: number | null }> {
  try {
    const meta = await sharp(file, { limitInputPixels: 100_000_000 }).metadata();
    return { width: meta.width ?? null, height: meta.height ?? null };
  } catch {
    return { width: null, height: null };
  }
}

export async function planImport(project: Project, target: ImportTarget, relativePaths: string[], ignorePatterns: string[] = []): Promise<ImportPlanEntry[]> {
  const { source, folder, root } = sourceOf(project, target);
  const patterns = effectiveIgnorePatterns(ignorePatterns, true);
  return Promise.all(
    relativePaths.map(async (relativePath) => {
      const inner = [folder, relativePath].filter(Boolean).join('/');
      const publicPath = [source.prefix, inner].filter(Boolean).join('/');
      const destination = path.join(root, ...inner.split('/'));
      const problem = nameProblem(relativePath) ?? (insideRoot(root, destination) ? null : `it would land outside ${source.dir}.`);
      const ignoredBy = publicPath.split('/').map((part) => firstMatchingPattern(part, patterns)).find(Boolean) ?? null;
      let existing: ImportPlanEntry['existing'] = null;
      if (!problem && existsSync(destination) && statSync(destination).isFile()) existing = { bytes: statSync(destination).size, ...(await imageSize(destination)) };
      return { relativePath, publicPath, destination, snippet: `{% static '${publicPath.replace(/'/g, "\\'")}' %}`, ignoredBy, problem, existing };
    }),
  );
}

export type ImportItem = { relativePath: string; bytes: Buffer } | { relativePath: string; path: string };

export interface ImportResult {
  written: { relativePath: string; publicPath: string; destination: string }[];
  unchanged: string[];
  skipped: string[];
  problems: { relativePath: string; message: string }[];
}

/** A free name beside `file`: `hero (2).png`, `hero (3).png`, … */
function keepBothName(file: string): string {
  const extension = path.extname(file);
  const base = file.slice(0, file.length - extension.length);
  for (let index = 2; ; index += 1) {
    const candidate = `${base} (${index})${extension}`;
    if (!existsSync(candidate)) return candidate;
  }
}

export async function runImport(project: Project, target: ImportTarget, items: ImportItem[], decisions: Record<string, Decision> = {}): Promise<ImportResult> {
  const plan = await planImport(project, target, items.map((item) => item.relativePath));
  const result: ImportResult = { written: [], unchanged: [], skipped: [], problems: [] };
  const { root } = sourceOf(project, target);
  items.forEach((item, index) => {
    const entry = plan[index]!;
    if (entry.problem) return result.problems.push({ relativePath: item.relativePath, message: `${item.relativePath}: ${entry.problem}` });
    let bytes: Buffer;
    try {
      bytes = 'bytes' in item ? item.bytes : readFileSync(item.path);
    } catch (error) {
      return result.problems.push({ relativePath: item.relativePath, message: `${item.relativePath}: cannot read it (${(error as Error).message}).` });
    }
    let destination = entry.destination;
    if (entry.existing) {
      const same = createHash('sha256').update(readFileSync(destination)).digest('hex') === createHash('sha256').update(bytes).digest('hex');
      if (same) return result.unchanged.push(item.relativePath);
      const decision = decisions[item.relativePath];
      if (!decision) return result.problems.push({ relativePath: item.relativePath, message: `${entry.publicPath} already exists with other content: choose replace, keep both or skip.` });
      if (decision === 'skip') return result.skipped.push(item.relativePath);
      if (decision === 'keep-both') destination = keepBothName(destination);
    }
    mkdirSync(path.dirname(destination), { recursive: true });
    const temporary = `${destination}.porter-${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, destination);
    const inner = path.relative(root, destination).split(path.sep).join('/');
    const source = project.sources[target.sourceIndex]!;
    result.written.push({ relativePath: item.relativePath, publicPath: [source.prefix, inner].filter(Boolean).join('/'), destination });
  });
  return result;
}
