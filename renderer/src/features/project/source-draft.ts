// The list of source folders the user is editing before it is saved to porter.json: pure, so the store
// stays thin and every rule is testable without a UI.
import type { Source, SourceFolder } from '../../../../electron/contract/porter';
import { isAbsoluteUserPath, relativePathProblem, validatePrefix } from '../../../../electron/contract/user-paths';

export interface DraftSource {
  /** Stable across moves, so React keeps each row's fields (and focus) with the row. */
  key: number;
  dir: string;
  prefix: string;
}

export interface DraftProblems {
  dir?: string;
  prefix?: string;
}

let nextKey = 1;
const row = (dir: string, prefix: string): DraftSource => ({ key: nextKey++, dir, prefix });

export function draftFromSources(sources: readonly Source[]): DraftSource[] {
  return sources.map((source) => row(source.dir, source.prefix));
}

export function addFolder(draft: readonly DraftSource[], dir: string): DraftSource[] {
  return [...draft, row(dir, '')];
}

/** Moves the row at `index` by `by` places (−1 up, +1 down); a move past either end changes nothing. */
export function moveSource(draft: readonly DraftSource[], index: number, by: -1 | 1): DraftSource[] {
  const target = index + by;
  if (index < 0 || index >= draft.length || target < 0 || target >= draft.length) return [...draft];
  const next = [...draft];
  [next[index], next[target]] = [next[target]!, next[index]!];
  return next;
}

export function removeSource(draft: readonly DraftSource[], index: number): DraftSource[] {
  return draft.filter((_, at) => at !== index);
}

export function updateSource(draft: readonly DraftSource[], index: number, change: Partial<Pick<DraftSource, 'dir' | 'prefix'>>): DraftSource[] {
  return draft.map((source, at) => (at === index ? { ...source, ...change } : source));
}

/** What is wrong with each row, in the words shown beside its field; empty objects for good rows. */
export function draftProblems(draft: readonly DraftSource[]): DraftProblems[] {
  return draft.map((source, index) => {
    const problems: DraftProblems = {};
    const dir = source.dir.trim();
    if (!dir) problems.dir = 'Type the folder’s full path, or remove this row.';
    else if (!isAbsoluteUserPath(dir)) problems.dir = relativePathProblem(dir);
    else if (draft.slice(0, index).some((earlier) => earlier.dir.trim() === dir)) problems.dir = 'This folder is already listed above.';
    if (validatePrefix(source.prefix.trim())) problems.prefix = 'A prefix must not start or end with a slash: write “vendor”, not “/vendor/”.';
    return problems;
  });
}

/** Why the draft cannot be saved yet, or undefined when it can. */
export function draftBlocker(draft: readonly DraftSource[]): string | undefined {
  if (draft.length === 0) return 'Add at least one folder first.';
  const problems = draftProblems(draft);
  const bad = problems.filter((problem) => problem.dir || problem.prefix).length;
  if (bad > 0) return bad === 1 ? 'Fix the folder marked above first.' : `Fix the ${bad} folders marked above first.`;
  return undefined;
}

export function draftToFolders(draft: readonly DraftSource[]): SourceFolder[] {
  return draft.map((source) => ({ dir: source.dir.trim(), prefix: source.prefix.trim() }));
}
