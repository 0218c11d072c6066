import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isAbsoluteUserPath, relativePathProblem } from '../contract/user-paths';
import { OperationError } from './operation-error';

/**
 * People type `~/site` into the serve UI; expand it the way their shell would. A relative path is refused:
 * resolving it against the folder Porter happened to start in would open or write somewhere nobody chose.
 */
export function resolveUserPath(input: string): string {
  const trimmed = input.trim();
  if (!isAbsoluteUserPath(trimmed)) throw new OperationError({ kind: 'invalid-input', message: relativePathProblem(trimmed) });
  if (trimmed === '~') return os.homedir();
  if (trimmed.startsWith('~/') || trimmed.startsWith('~\\')) return path.join(os.homedir(), trimmed.slice(2));
  return path.resolve(trimmed);
}

/** A clear "no such folder" beats whatever the detection code would trip over first. */
export async function requireFolder(folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (!info) {
    throw new OperationError({
      kind: 'not-found',
      message: `There is no folder at ${folder}.`,
      hint: 'Check the path: it should be the folder that holds your Django project (where manage.py or porter.json is).',
    });
  }
  if (!info.isDirectory()) {
    throw new OperationError({
      kind: 'invalid-input',
      message: `${folder} is a file, not a folder.`,
      hint: 'Give the folder that holds your Django project.',
    });
  }
}
