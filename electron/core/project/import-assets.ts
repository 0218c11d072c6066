// Files dropped on Porter, copied into one of the project's source folders. The plan says where each would go,
// its public path and template tag, and which would replace an existing file; the import copies (never moves),
// through a temporary file and a rename, and replaces an existing file only when the user said so. A file
// byte-identical to the one already there is no clash: nothing is written. A file whose content is not what its
// extension says is refused. Nothing is written through a link: the temporary file is created exclusively under a
// random name, and a destination name that is itself a link is refused (what it points at may be anyone's).
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Project } from '../../contract/porter';
import { effectiveIgnorePatterns } from '../collect/walk-sources';
import { firstMatchingPattern } from '../collect/py-fnmatch';
import { contentProblem, incomingContent, sha256Of, type IncomingContent } from './import-content';

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
  /** The file there has exactly the dropped bytes: nothing to decide, nothing to write. */
  alreadyThere: boolean;
  /** Where "Keep both" would write the dropped file, for a real clash: a free, URL-safe name beside it. */
  keepBoth: { destination: string; publicPath: string } | null;
}

/** One file to plan: its path relative to the drop, and what is known of its content (nothing: name checks only). */
export interface PlanFile {
  relativePath: string;
  incoming?: IncomingContent;
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

/** A link at the destination name is refused rather than replaced or written through: the link may matter to someone. */
function linkProblem(destination: string): string | null {
  let target: string;
  try {
    if (!lstatSync(destination).isSymbolicLink()) return null;
    target = readlinkSync(destination);
  } catch {
    return null;
  }
  return `${path.basename(destination)} there is a link (to ${target}), and Porter does not write through links or replace them: remove the link, or import under another name.`;
}

/** Writes `bytes` to `destination` through a temporary file only this call created (never an existing file or link). */
function writeThroughTemporary(destination: string, bytes: Buffer): void {
  const temporary = `${destination}.porter-${randomBytes(8).toString('hex')}.tmp`;
  writeFileSync(temporary, bytes, { flag: 'wx' });
  try {
    renameSync(temporary, destination);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

async function imageSize(file: string): Promise<{ width: number | null; height: number | null }> {
  try {
    const meta = await sharp(file, { limitInputPixels: 100_000_000 }).metadata();
    return { width: meta.width ?? null, height: meta.height ?? null };
  } catch {
    return { width: null, height: null };
  }
}

/** `hero.jpg` -> `hero-2.jpg`, `hero-2.jpg` -> `hero-3.jpg`, `my hero.jpg` -> `my-hero-2.jpg`: the next number free on disk and in `taken`. */
function keepBothName(file: string, taken: Set<string>): string {
  const extension = path.extname(file);
  const urlSafe = path.basename(file, extension).replace(/[^\p{L}\p{N}._~-]+/gu, '-').replace(/^-+|-+$/g, '') || 'file';
  const numbered = /^(.*)-(\d+)$/.exec(urlSafe);
  const stem = numbered ? numbered[1]! : urlSafe;
  for (let index = numbered ? Number(numbered[2]) + 1 : 2; ; index += 1) {
    const candidate = path.join(path.dirname(file), `${stem}-${index}${extension}`);
    if (!taken.has(candidate) && !existsSync(candidate)) return candidate;
  }
}

export async function planImport(project: Project, target: ImportTarget, files: PlanFile[], ignorePatterns: string[] = []): Promise<ImportPlanEntry[]> {
  const { source, folder, root } = sourceOf(project, target);
  const patterns = effectiveIgnorePatterns(ignorePatterns, true);
  const publicPathOf = (inner: string) => [source.prefix, inner].filter(Boolean).join('/');
  const entries = await Promise.all(
    files.map(async ({ relativePath, incoming }) => {
      const inner = [folder, relativePath].filter(Boolean).join('/');
      const publicPath = publicPathOf(inner);
      const destination = path.join(root, ...inner.split('/'));
      const problem =
        nameProblem(relativePath) ??
        linkProblem(destination) ??
        (insideRoot(root, destination) ? null : `it would land outside ${source.dir}.`) ??
        (incoming ? await contentProblem(path.posix.basename(relativePath), incoming.head) : null);
      const ignoredBy = publicPath.split('/').map((part) => firstMatchingPattern(part, patterns)).find(Boolean) ?? null;
      let existing: ImportPlanEntry['existing'] = null;
      let alreadyThere = false;
      if (!problem && existsSync(destination) && statSync(destination).isFile()) {
        existing = { bytes: statSync(destination).size, ...(await imageSize(destination)) };
        alreadyThere = incoming?.sha256 != null && incoming.bytes === existing.bytes && sha256Of(readFileSync(destination)) === incoming.sha256;
      }
      return { relativePath, publicPath, destination, snippet: `{% static '${publicPath.replace(/'/g, "\\'")}' %}`, ignoredBy, problem, existing, alreadyThere, keepBoth: null };
    }),
  );
  // Named in order, so two clashes of one drop never get the same new name.
  const taken = new Set(entries.map((entry) => entry.destination));
  return entries.map((entry): ImportPlanEntry => {
    if (!entry.existing || entry.alreadyThere) return entry;
    const destination = keepBothName(entry.destination, taken);
    taken.add(destination);
    return { ...entry, keepBoth: { destination, publicPath: publicPathOf(path.relative(root, destination).split(path.sep).join('/')) } };
  });
}

export type ImportItem = { relativePath: string; bytes: Buffer } | { relativePath: string; path: string };

export interface ImportResult {
  written: { relativePath: string; publicPath: string; destination: string }[];
  unchanged: string[];
  skipped: string[];
  problems: { relativePath: string; message: string }[];
}

export async function runImport(project: Project, target: ImportTarget, items: ImportItem[], decisions: Record<string, Decision> = {}): Promise<ImportResult> {
  const result: ImportResult = { written: [], unchanged: [], skipped: [], problems: [] };
  const readable: { relativePath: string; bytes: Buffer }[] = [];
  for (const item of items) {
    try {
      readable.push({ relativePath: item.relativePath, bytes: 'bytes' in item ? item.bytes : readFileSync(item.path) });
    } catch (error) {
      result.problems.push({ relativePath: item.relativePath, message: `${item.relativePath}: cannot read it (${(error as Error).message}).` });
    }
  }
  const plan = await planImport(
    project,
    target,
    readable.map(({ relativePath, bytes }) => ({ relativePath, incoming: incomingContent(bytes) })),
  );
  const { root } = sourceOf(project, target);
  readable.forEach(({ relativePath, bytes }, index) => {
    const entry = plan[index]!;
    if (entry.problem) return result.problems.push({ relativePath, message: `${relativePath}: ${entry.problem}` });
    if (entry.alreadyThere) return result.unchanged.push(relativePath);
    let destination = entry.destination;
    if (entry.existing) {
      const decision = decisions[relativePath];
      if (!decision) return result.problems.push({ relativePath, message: `${entry.publicPath} already exists with other content: choose replace, keep both or skip.` });
      if (decision === 'skip') return result.skipped.push(relativePath);
      if (decision === 'keep-both') destination = entry.keepBoth!.destination;
    }
    try {
      mkdirSync(path.dirname(destination), { recursive: true });
      writeThroughTemporary(destination, bytes);
    } catch (error) {
      return result.problems.push({ relativePath, message: `${relativePath}: could not be written (${(error as Error).message}). Nothing else changed; try the import again.` });
    }
    const inner = path.relative(root, destination).split(path.sep).join('/');
    const source = project.sources[target.sourceIndex]!;
    result.written.push({ relativePath, publicPath: [source.prefix, inner].filter(Boolean).join('/'), destination });
  });
  return result;
}
