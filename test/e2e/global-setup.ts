import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The tests run the built `porter` command and UI, so build them first: a stale bundle would test old code. */
export default function globalSetup(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), 'cli', 'renderer'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`node scripts/build.mjs cli renderer failed:\n${build.stdout}${build.stderr}`);
}
