// porter.json at the project root: the user's list of sources (and pinned Django version). Other
// top-level keys belong to other features and are kept untouched.

import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DjangoVersionSchema } from '../../contract/porter';
import { parseSourceSpec, validatePrefix } from './source-spec';

export const PORTER_JSON = 'porter.json';

const SourceEntrySchema = z.union([
  z.string().min(1, 'must be a folder, or "folder=prefix"'),
  z.object({
    dir: z.string({ error: 'must be a folder path (text)' }).min(1, 'must be a folder path'),
    prefix: z.string({ error: 'must be text' }).optional(),
  }),
], { error: 'must be a folder ("assets"), "folder=prefix", or {"dir": "…", "prefix": "…"}' });

const PorterJsonSchema = z.looseObject({
  sources: z.array(SourceEntrySchema, { error: 'must be a list of sources' }).optional(),
  django: z.looseObject({ version: DjangoVersionSchema.optional() }, { error: 'must be an object like {"version": "6.1"}' }).optional(),
});

export interface PorterJson {
  file: string;
  /** Sources in order, folders as written (relative to the project root or absolute). */
  sources: Array<{ dir: string; prefix: string }> | undefined;
  djangoVersion: z.infer<typeof DjangoVersionSchema> | undefined;
}

/** Reads porter.json, or undefined when the project has none. Throws with a fixable message when it is invalid. */
export async function readPorterJson(root: string): Promise<PorterJson | undefined> {
  const file = path.join(root, PORTER_JSON);
  const data = await readJsonObject(file);
  if (data === undefined) return undefined;
  const result = PorterJsonSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath(issue.path)} ${issue.message}`);
    throw new Error(`${file} is not valid: ${problems.join('; ')}. Fix it or delete it to detect sources again.`);
  }
  const sources = result.data.sources?.map((entry, index) => {
    const source = typeof entry === 'string' ? parseSourceSpec(entry) : { dir: entry.dir, prefix: entry.prefix ?? '' };
    const problem = validatePrefix(source.prefix);
    if (problem) throw new Error(`${file} is not valid: sources[${index}] ${problem}.`);
    return source;
  });
  return { file, sources, djangoVersion: result.data.django?.version };
}

/**
 * Replaces `sources` in porter.json (creating it if needed), in the order given, and keeps every other key.
 * Folders must be absolute (inside the root they are written relative to it); a prefix Django would reject is refused.
 */
export async function writePorterJsonSources(root: string, sources: Array<{ dir: string; prefix: string }>): Promise<string> {
  sources.forEach(({ dir, prefix }, index) => {
    if (!path.isAbsolute(dir)) throw new Error(`Source ${index + 1} (${dir}) is not a full path; Porter does not guess which folder it is relative to.`);
    const problem = validatePrefix(prefix);
    if (problem) throw new Error(`Source ${index + 1} (${dir}) ${problem}.`);
  });
  const entries = sources.map(({ dir, prefix }) => {
    const relative = path.relative(root, dir);
    const inside = relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
    const shown = inside ? relative.split(path.sep).join('/') || '.' : dir;
    return prefix ? { dir: shown, prefix } : { dir: shown };
  });
  return writePorterJsonKey(root, 'sources', entries);
}

/** porter.json as a plain object (undefined when there is none), for features that own one top-level key. */
export function readPorterJsonObject(root: string): Promise<Record<string, unknown> | undefined> {
  return readJsonObject(path.join(root, PORTER_JSON));
}

/** Replaces one top-level key (undefined removes it), creating porter.json if needed; every other key is kept. */
export async function writePorterJsonKey(root: string, key: string, value: unknown): Promise<string> {
  const file = path.join(root, PORTER_JSON);
  const next = { ...((await readJsonObject(file)) ?? {}), [key]: value };
  if (value === undefined) delete next[key];
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(next, null, 2) + '\n');
  await rename(temporary, file);
  return file;
}

async function readJsonObject(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Porter cannot read ${file}: ${(error as Error).message}.`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}). Fix it or delete it to detect sources again.`, { cause: error });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error(`${file} must hold a JSON object like {"sources": [{"dir": "assets"}]}.`);
  }
  return data as Record<string, unknown>;
}

function formatPath(parts: PropertyKey[]): string {
  if (parts.length === 0) return 'porter.json';
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? String(part) : `.${String(part)}`)).join('');
}
