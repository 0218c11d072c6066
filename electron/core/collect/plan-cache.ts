// The last post-processing result per output folder, keyed by everything it was computed from,
// so an unchanged project is not rewritten in memory again: Django's passes re-read and
// re-substitute every CSS/JS file each run, which is most of a no-change run's cost.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { BrokenReference } from '../../contract/porter';
import { defaultCacheDir } from './signature-cache';

/** Bumped whenever the engine could produce different output for the same input. */
const ENGINE_VERSION = 2;

export interface PlannedFile {
  name: string;
  size: number;
  md5: string;
  /** The source file this output is a copy of; null for rewritten CSS/JS, whose bytes only the output holds. */
  source: string | null;
}

export interface CollectPlan {
  outputs: PlannedFile[];
  hashedFiles: Array<[string, string]>;
  adjustableYields: number;
  hashedCopies: string[];
  /** Left as they are in the outputs; whether a run may keep them is decided again each run, from its own rules. */
  brokenReferences: BrokenReference[];
  droppedSourceMaps: BrokenReference[];
}

export interface PlanInput {
  name: string;
  relPath: string;
  sourcePath: string;
  md5: string;
}

export function planKey(inputs: readonly PlanInput[], settings: { djangoVersion: string; staticUrl: string; dropMissingSourceMaps: boolean }): string {
  const hash = createHash('sha256').update(JSON.stringify([ENGINE_VERSION, settings.djangoVersion, settings.staticUrl, settings.dropMissingSourceMaps]));
  for (const input of inputs) hash.update(`\n${input.name}\0${input.relPath}\0${input.sourcePath}\0${input.md5}`);
  return hash.digest('hex');
}

export class PlanCache {
  constructor(private readonly file: string) {}

  static forOutput(outDir: string, cacheDir = defaultCacheDir()): PlanCache {
    const key = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 24);
    return new PlanCache(path.join(cacheDir, `plan-${key}.json`));
  }

  load(key: string): CollectPlan | undefined {
    try {
      const stored = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { key: string; plan: CollectPlan };
      return stored.key === key ? stored.plan : undefined;
    } catch {
      return undefined;
    }
  }

  save(key: string, plan: CollectPlan): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ key, plan }));
      fs.renameSync(temporary, this.file);
    } catch {
      // Only an optimisation: the next run recomputes.
    }
  }
}
