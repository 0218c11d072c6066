import type { BrokenReference, CollectReport, DjangoVersion, RecipeRule } from '../../contract/porter';
import type { OptimizeBudget } from '../optimize/budget';
import type { KeepBrokenPolicy } from './keep-broken';
import type { FindVideoToolsOptions } from '../video/find-video-tools';

export interface SourceRoot {
  /** Absolute folder. */
  dir: string;
  /** Public-path prefix ('' for none). */
  prefix: string;
  /** 'app' for an app's static/ folder (AppDirectoriesFinder); STATICFILES_DIRS-style otherwise. */
  kind?: 'dirs' | 'app';
}

export interface CollectProgress {
  phase: 'scan' | 'optimize' | 'hash' | 'compress' | 'write';
  done: number;
  total: number;
  bytes: number;
}

export interface CollectOptions {
  sources: SourceRoot[];
  outDir: string;
  djangoVersion: DjangoVersion;
  /** false = plain StaticFilesStorage (`--no-hash`). */
  hashing: boolean;
  /** Extra ignore patterns (`--ignore`). */
  ignorePatterns: string[];
  /** false = `--no-default-ignore`. */
  useDefaultIgnore: boolean;
  dryRun: boolean;
  /** STATIC_URL; '/static/' by default. */
  staticUrl?: string;
  signal?: AbortSignal;
  onProgress?: (progress: CollectProgress) => void;
  /** porter.json's recipes: matched files are optimised from their source before hashing. */
  recipes?: readonly RecipeRule[];
  /** Where a video recipe looks for FFmpeg: the project's porter.json, the path in Settings, the app's bundled copy. */
  video?: FindVideoToolsOptions;
  /** Each recipe file's size and time budget (porter.json's "optimize" section); default: DEFAULT_BUDGET. */
  optimizeBudget?: OptimizeBudget;
  /** Write `.br`/`.gz` siblings as WhiteNoise's CompressedManifestStaticFilesStorage does (porter.json `collect.compress`). */
  compress?: boolean;
  /** Broken references to leave as they are instead of stopping (Django stops: by default nothing is kept). */
  keepBroken?: KeepBrokenPolicy;
  /** Remove a `sourceMappingURL` comment whose map is missing, instead of counting it as broken. */
  dropMissingSourceMaps?: boolean;
}

/** Raised when collect cannot produce a correct output; nothing has been written. */
export class CollectError extends Error {
  constructor(
    message: string,
    readonly brokenReferences: BrokenReference[],
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'CollectError';
  }
}

export type { CollectReport };

/** What a cancelled collect rejects with; hosts tell it apart from failures by its name. */
export function collectCancelled(): Error {
  const error = new Error('Collect was cancelled.');
  error.name = 'AbortError';
  return error;
}
