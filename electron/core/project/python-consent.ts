// Remembers, per project folder and interpreter, whether the user lets Porter run the project's
// Python (which executes its settings). Shared by the CLI and the desktop app through configDir.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const STORE_FILE = 'python-consent.json';

const StoreSchema = z.object({
  answers: z.array(z.object({ root: z.string(), python: z.string(), allow: z.boolean() })),
});
type Store = z.infer<typeof StoreSchema>;

/** `configDir` if given, else $PORTER_CONFIG_DIR, else $XDG_CONFIG_HOME/porter, else ~/.config/porter. */
export function resolveConfigDir(configDir: string | undefined, env: NodeJS.ProcessEnv): string {
  if (configDir) return path.resolve(configDir);
  if (env.PORTER_CONFIG_DIR) return path.resolve(env.PORTER_CONFIG_DIR);
  if (env.XDG_CONFIG_HOME) return path.join(path.resolve(env.XDG_CONFIG_HOME), 'porter');
  return path.join(os.homedir(), '.config', 'porter');
}

export async function storedConsent(configDir: string, root: string, python: string): Promise<boolean | undefined> {
  const key = keyOf(root, python);
  const store = await readStore(configDir);
  return store.answers.find((answer) => answer.root === key.root && answer.python === key.python)?.allow;
}

export async function storeConsent(configDir: string, root: string, python: string, allow: boolean): Promise<void> {
  const key = keyOf(root, python);
  const store = await readStore(configDir);
  const answers = store.answers.filter((answer) => answer.root !== key.root || answer.python !== key.python);
  answers.push({ ...key, allow });
  await mkdir(configDir, { recursive: true });
  const file = path.join(configDir, STORE_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify({ answers } satisfies Store, null, 2) + '\n');
  await rename(temporary, file);
}

/** A store that is missing or unreadable holds no answers: the user is asked again, and the next answer rewrites it. */
async function readStore(configDir: string): Promise<Store> {
  try {
    const parsed = StoreSchema.safeParse(JSON.parse(await readFile(path.join(configDir, STORE_FILE), 'utf8')));
    return parsed.success ? parsed.data : { answers: [] };
  } catch {
    return { answers: [] };
  }
}

/** The same folder reached through a symlink or a relative path is the same project. */
function keyOf(root: string, python: string): { root: string; python: string } {
  return { root: canonical(root), python: path.resolve(python) };
}

function canonical(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return path.resolve(folder);
  }
}
