import { z } from 'zod';
import { defineOperation, type Result } from './define';
import { isAbsoluteUserPath, relativePathProblem, validatePrefix } from './user-paths';
import { DJANGO_VERSIONS, djangoAtLeast, NEWEST_DJANGO_VERSION, type DjangoVersion } from './django-versions';

export const DjangoVersionSchema = z.enum(DJANGO_VERSIONS);
export type { DjangoVersion };
export { DJANGO_VERSIONS, djangoAtLeast, NEWEST_DJANGO_VERSION };

const AbsolutePath = z
  .string()
  .min(1, { error: 'A folder path is required.', abort: true })
  .refine(isAbsoluteUserPath, { error: (issue) => relativePathProblem(String(issue.input)) });

/** A source folder the user listed: where it is, and the prefix its files get under STATIC_URL. */
export const SourceFolderSchema = z.object({
  dir: AbsolutePath,
  prefix: z.string().refine((prefix) => validatePrefix(prefix) === undefined, { error: (issue) => `The folder ${validatePrefix(String(issue.input))}.` }),
});
export type SourceFolder = z.infer<typeof SourceFolderSchema>;

export const FolderListingSchema = z.object({
  /** The folder listed, absolute; the project root or a folder inside it. */
  folder: z.string(),
  /** The same folder relative to the project root, '/'-separated; '' for the root itself. */
  relative: z.string(),
  /** The folder one level up, or null at the project root (nothing above it is listed). */
  parent: z.string().nullable(),
  /** Its subfolders by name (hidden ones left out); never files. */
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
  /** More subfolders exist than were listed. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const SourceSchema = z.object({
  /** Absolute folder on disk. */
  dir: z.string(),
  /** Public-path prefix, like the first item of a `(prefix, dir)` STATICFILES_DIRS entry; '' for none. */
  prefix: z.string(),
  /** Where the entry came from, shown to the user. */
  origin: z.enum(['flag', 'porter.json', 'staticfiles-dirs', 'app']),
  /** The app name for app sources (e.g. `django.contrib.admin`). */
  app: z.string().optional(),
  exists: z.boolean(),
  /** Something about this entry that is usually a mistake (a porter.json folder outside the project), in words. */
  warning: z.string().optional(),
});
export type Source = z.infer<typeof SourceSchema>;

/** A folder Django's template loaders search, in their order: TEMPLATES DIRS first, then each app's templates/ (APP_DIRS). */
export const TemplateFolderSchema = z.object({
  dir: z.string(),
  origin: z.enum(['dirs', 'app']),
  /** The app whose templates/ this is. */
  app: z.string().optional(),
});
export type TemplateFolder = z.infer<typeof TemplateFolderSchema>;

export const DetectionSchema = z.object({
  method: z.enum(['flags', 'porter.json', 'django', 'settings-text', 'none']),
  /** `exact` when Django itself answered or the user listed the sources. */
  certainty: z.enum(['exact', 'likely', 'unsure']),
  notes: z.array(z.string()),
  /** Set when a project Python that can import Django was found and the user has not yet said whether Porter may run it. */
  pythonConsentNeeded: z.object({ python: z.string() }).optional(),
  djangoVersion: z.string().optional(),
  staticUrl: z.string(),
  staticRoot: z.string().optional(),
  /** Where the Django template loaders look, when Porter read the project's TEMPLATES; absent without Django settings. */
  templateFolders: z.array(TemplateFolderSchema).optional(),
  /** What makes the template folders uncertain (a custom loader, a Jinja2 backend, an unreadable TEMPLATES). */
  templateNotes: z.array(z.string()).optional(),
});
export type Detection = z.infer<typeof DetectionSchema>;

export const ProjectSchema = z.object({
  root: z.string(),
  name: z.string(),
  sources: z.array(SourceSchema),
  detection: DetectionSchema,
  /** The Django version whose collectstatic output Porter reproduces for this project. */
  djangoVersion: DjangoVersionSchema,
  /** Default output folder: STATIC_ROOT when known, else `<root>/staticfiles`. */
  outDir: z.string(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const AssetSchema = z.object({
  /** Path under STATIC_URL, e.g. `app1/img/hero.png`. */
  publicPath: z.string(),
  /** Absolute source file. */
  sourcePath: z.string(),
  /** Index into the project's sources. */
  sourceIndex: z.number().int(),
  bytes: z.number().int(),
  status: z.enum(['collected', 'duplicate', 'ignored']),
  /** For duplicates: the source file that wins. For ignored: the pattern that matched. */
  reason: z.string().optional(),
});
export type Asset = z.infer<typeof AssetSchema>;

/** What the asset list shows of a video or sound file (FFmpeg's inspection and a poster), or why it cannot. */
export const VideoRowDetailsSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    info: z.object({
      seconds: z.number(),
      /** As displayed (rotation applied). */
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      rotation: z.number().int(),
      frameRate: z.string().nullable(),
      videoCodec: z.string().nullable(),
      audioCodec: z.string().nullable(),
      bitsPerSecond: z.number().nullable(),
      bytes: z.number().int(),
      container: z.string(),
      audioOnly: z.boolean(),
    }),
    /** A small JPEG data URL; null for sound only, or when no frame could be taken. */
    poster: z.string().nullable(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type VideoRowDetails = z.infer<typeof VideoRowDetailsSchema>;

/**
 * porter.json `collect.keepBrokenReferences`: broken references a project accepts, left as they are. `file` is a
 * glob over the referring file's public path (fnmatch, as Django's ignore patterns); without `reference`, every
 * broken reference in the matched files is kept.
 */
export const KeepRuleSchema = z.object({
  file: z.string().trim().min(1, 'must name a file or a glob'),
  reference: z.string().min(1, 'must not be empty').optional(),
});
export type KeepRule = z.infer<typeof KeepRuleSchema>;

export const CollectSettingsSchema = z.object({
  root: AbsolutePath,
  outDir: AbsolutePath,
  djangoVersion: DjangoVersionSchema,
  hashing: z.boolean(),
  ignorePatterns: z.array(z.string()),
  useDefaultIgnore: z.boolean(),
  dryRun: z.boolean(),
  /** `.br`/`.gz` siblings as WhiteNoise writes them; porter.json's `collect.compress` when absent. */
  compress: z.boolean().optional(),
  /** Broken references to leave as they are in this run, on top of porter.json's `collect.keepBrokenReferences`. */
  keepReferences: z.array(KeepRuleSchema).optional(),
  /** Remove a `sourceMappingURL` comment whose map is missing; porter.json's `collect.dropMissingSourceMaps` when absent. */
  dropMissingSourceMaps: z.boolean().optional(),
});
export type CollectSettings = z.infer<typeof CollectSettingsSchema>;

/** porter.json's `collect` key. */
export const CollectConfigSchema = z.object({
  /** `.br` and `.gz` siblings beside compressible files, as WhiteNoise's CompressedManifestStaticFilesStorage writes them. */
  compress: z.boolean(),
});
export type CollectConfig = z.infer<typeof CollectConfigSchema>;

export const BrokenReferenceSchema = z.object({
  /** The referring file's source path. */
  file: z.string(),
  /** Its public path (what porter.json's keep rules match). */
  name: z.string(),
  line: z.number().int(),
  reference: z.string(),
  resolvedTo: z.string(),
  reason: z.string(),
  /** A `sourceMappingURL` comment, which can be dropped instead of kept. */
  sourceMap: z.boolean(),
});
export type BrokenReference = z.infer<typeof BrokenReferenceSchema>;


export const CollectCountsSchema = z.object({
  copied: z.number().int(),
  unmodified: z.number().int(),
  postProcessed: z.number().int(),
  duplicates: z.number().int(),
  ignored: z.number().int(),
});

export const CollectedFileSchema = z.object({
  name: z.string(),
  hashedName: z.string().nullable(),
  source: z.string(),
  bytes: z.number().int(),
  /** The `.br`/`.gz` siblings written for this file and its hashed name (collect's compress option); absent without it. */
  compressedSiblings: z.array(z.string()).optional(),
});

/** What a recipe did to one collected file (or the format sibling it added). */
export const RecipeOutcomeSchema = z.object({
  name: z.string(),
  match: z.string(),
  mode: z.string(),
  originalBytes: z.number().int(),
  outputBytes: z.number().int(),
  /** Nothing smaller was found, so the source's bytes were collected. */
  kept: z.boolean(),
  /** A converted copy added beside the original (e.g. hero.webp next to hero.png). */
  sibling: z.boolean(),
  /** A video recipe's output: the original's public path, so the report can show the `<video>` snippet for both. */
  videoOf: z.string().optional(),
  /** What the sibling is to the video: its smaller variant or its poster frame. */
  videoRole: z.enum(['variant', 'poster']).optional(),
});
export type RecipeOutcome = z.infer<typeof RecipeOutcomeSchema>;

export const CollectReportSchema = z.object({
  outDir: z.string(),
  djangoVersion: DjangoVersionSchema,
  dryRun: z.boolean(),
  counts: CollectCountsSchema,
  files: z.array(CollectedFileSchema),
  duplicates: z.array(z.object({ name: z.string(), kept: z.string(), ignored: z.string() })),
  warnings: z.array(z.string()),
  /** Symlinks out of their source folder, followed as Django follows them; `warnings` sums them up in one line. */
  followedSymlinks: z.array(z.object({ link: z.string(), target: z.string() })).default([]),
  /** Files written to the output folder in this run (0 when nothing changed). */
  written: z.number().int(),
  /** One entry per file a recipe from porter.json changed or added; empty without recipes. */
  recipes: z.array(RecipeOutcomeSchema).default([]),
  /** Broken references left as they are, by choice (`--keep-broken-references`, porter.json or the app). */
  keptReferences: z.array(BrokenReferenceSchema).default([]),
  /** `sourceMappingURL` comments removed because their map is missing (the drop-missing-source-maps option). */
  droppedSourceMaps: z.array(BrokenReferenceSchema).default([]),
  /** porter.json keep rules that matched no broken reference this run: the file changed or the reference resolves now. */
  staleKeepRules: z.array(KeepRuleSchema).default([]),
  summary: z.string(),
});
export type CollectReport = z.infer<typeof CollectReportSchema>;

export const JobProgressSchema = z.object({
  jobId: z.string(),
  phase: z.string(),
  done: z.number(),
  total: z.number(),
  bytes: z.number(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;

export const JobStateSchema = z.discriminatedUnion('state', [
  z.object({ jobId: z.string(), state: z.literal('running'), progress: JobProgressSchema }),
  z.object({ jobId: z.string(), state: z.literal('done'), report: CollectReportSchema }),
  z.object({
    jobId: z.string(),
    state: z.literal('failed'),
    message: z.string(),
    brokenReferences: z.array(BrokenReferenceSchema),
    problems: z.array(z.string()),
  }),
  z.object({ jobId: z.string(), state: z.literal('cancelled') }),
]);
export type JobState = z.infer<typeof JobStateSchema>;

/**
 * What a savings report prices saved bytes at. Per-asset request counts are unknown, so every asset is assumed
 * to be downloaded `monthlyRequests` times a month: the money is an estimate to compare treatments, not a bill.
 * The default, 10,000, is a small site (about 10,000 page views a month, each asset fetched once per view).
 * Prices default to the S3 list prices (USD): egress to the internet and Standard storage, per GB of 2^30 bytes.
 */
export const SavingsSettingsSchema = z.object({
  monthlyRequests: z.number().int().min(0).default(10_000),
  egressPerGb: z.number().min(0).default(0.09),
  storagePerGbMonth: z.number().min(0).default(0.023),
});
export type SavingsSettings = z.infer<typeof SavingsSettingsSchema>;

/** How the report's lossy image variant is made; lossless and minified variants take no options. */
export const SavingsModeSchema = z.object({
  /** 'auto' bisects quality to the smallest file that still scores the target; 'lossy' uses `quality`. */
  lossyMode: z.enum(['lossy', 'auto']).default('auto'),
  quality: z.number().int().min(1).max(100).optional(),
  format: z.enum(['keep', 'webp', 'avif']).default('keep'),
  keepCopyright: z.boolean().default(false),
});
export type SavingsMode = z.infer<typeof SavingsModeSchema>;

/** US dollars a month. */
export const SavingsMoneySchema = z.object({
  egress: z.number(),
  storage: z.number(),
  total: z.number(),
});
export type SavingsMoney = z.infer<typeof SavingsMoneySchema>;

export const SavingsVariantSchema = z.object({
  /** `minified` is the text assets' only variant; images get `lossless` and `lossy`, fonts `lossless` (WOFF2), videos `video` (one per codec). */
  kind: z.enum(['lossless', 'lossy', 'minified', 'video']),
  bytes: z.number().int(),
  savedBytes: z.number().int(),
  /** 0–100, of the original's bytes. */
  percentSaved: z.number(),
  format: z.string(),
  quality: z.number().nullable(),
  /** Perceptual similarity to the original (1 = identical); null where it does not apply. */
  score: z.number().nullable(),
  /** The original was kept because nothing smaller was found. */
  kept: z.boolean(),
  notes: z.array(z.string()),
  /** Text assets: what a browser downloads with gzip or brotli. */
  gzipBytes: z.number().int().nullable(),
  brotliBytes: z.number().int().nullable(),
  money: SavingsMoneySchema,
  /**
   * A lossy variant that is the lossless one: `target-missed` when no lossy quality looked the same (auto's target),
   * `lossless-smaller` when lossless was smaller. Lossy never ships more bytes than lossless. Null otherwise.
   */
  fallback: z.enum(['target-missed', 'lossless-smaller']).nullable(),
  /** Video variants: the codec (`quality` is its CRF, `score` the SSIM) and the PSNR in dB (null when identical). */
  videoCodec: z.enum(['h264', 'vp9', 'av1']).optional(),
  psnrDb: z.number().nullable().optional(),
});
export type SavingsVariant = z.infer<typeof SavingsVariantSchema>;

export const SavingsAssetSchema = z.object({
  publicPath: z.string(),
  sourcePath: z.string(),
  /** `font`: a TTF or OTF font; its `lossless` variant is its WOFF2 conversion. */
  kind: z.enum(['image', 'text', 'font', 'video', 'other']),
  originalBytes: z.number().int(),
  originalGzipBytes: z.number().int().nullable(),
  originalBrotliBytes: z.number().int().nullable(),
  variants: z.array(SavingsVariantSchema),
  /** Why this file could not be measured; the rest of the report is unaffected. */
  error: z.string().nullable(),
  /** Answered from the cache (same content, options and engine) without optimising again. */
  cached: z.boolean(),
  /** False while the slow numbers (lossy images, brotli sizes of text) are still being measured; the row has the quick ones. */
  complete: z.boolean(),
  /** Video rows: what was measured, or (`unavailable`) why nothing could be, the same for every video (no FFmpeg). */
  video: z
    .object({
      seconds: z.number().nullable(),
      /** Says the numbers come from samples of a long video; null when every frame was compared. */
      sampleNote: z.string().nullable(),
      unavailable: z.string().nullable(),
    })
    .optional(),
});
export type SavingsAsset = z.infer<typeof SavingsAssetSchema>;

/** Every asset with its best variant of a kind: lossless (images lossless, text minified) or lossy (images lossy, text minified). */
export const SavingsTotalSchema = z.object({ bytes: z.number().int(), savedBytes: z.number().int(), percentSaved: z.number(), money: SavingsMoneySchema });

export const SavingsReportSchema = z.object({
  root: z.string(),
  settings: SavingsSettingsSchema,
  mode: SavingsModeSchema,
  assets: z.array(SavingsAssetSchema),
  totals: z.object({
    files: z.number().int(),
    errors: z.number().int(),
    cached: z.number().int(),
    originalBytes: z.number().int(),
    lossless: SavingsTotalSchema,
    lossy: SavingsTotalSchema,
  }),
  /** How the numbers were worked out (the request estimate, what egress is priced on). */
  notes: z.array(z.string()),
  elapsedMs: z.number(),
});
export type SavingsReport = z.infer<typeof SavingsReportSchema>;

export const SavingsProgressSchema = z.object({
  jobId: z.string(),
  /** Files with every number measured. */
  done: z.number().int(),
  /** Files with at least their quick numbers (lossless, minified), shown as rows before they are complete. */
  quickDone: z.number().int(),
  total: z.number().int(),
  bytes: z.number(),
  totalBytes: z.number(),
  /** Estimated milliseconds left; null until there is a rate to go on. */
  etaMs: z.number().nullable(),
  /** The video being encoded and compared now: `step` of `steps` encodes and comparisons, `percent` of this one. */
  video: z.object({ publicPath: z.string(), step: z.number().int(), steps: z.number().int(), percent: z.number() }).nullable().optional(),
});
export type SavingsProgress = z.infer<typeof SavingsProgressSchema>;

/** A row of a running report, new or refined: `index` is its place in the report's assets. */
export const SavingsRowUpdateSchema = z.object({ index: z.number().int().min(0), asset: SavingsAssetSchema });
export type SavingsRowUpdate = z.infer<typeof SavingsRowUpdateSchema>;

/** A savings job, as getSavings answers: progress and the rows measured so far while it runs, then the report. */
export const SavingsJobStateSchema = z.discriminatedUnion('state', [
  z.object({
    jobId: z.string(),
    state: z.literal('running'),
    progress: SavingsProgressSchema,
    /** Rows changed after the `since` asked for (all so far without one), each in its latest form. */
    rows: z.array(SavingsRowUpdateSchema),
    /** Pass as `since` next time to get only the rows changed after this answer. */
    cursor: z.number().int(),
  }),
  z.object({ jobId: z.string(), state: z.literal('done'), report: SavingsReportSchema }),
  z.object({ jobId: z.string(), state: z.literal('failed'), message: z.string() }),
  z.object({ jobId: z.string(), state: z.literal('cancelled') }),
]);
export type SavingsJobState = z.infer<typeof SavingsJobStateSchema>;

/** A savings job as its events tell it: the report itself is fetched once with getSavings, not pushed to every window. */
export const SavingsJobEventSchema = z.discriminatedUnion('state', [
  z.object({ jobId: z.string(), state: z.literal('running'), progress: SavingsProgressSchema }),
  z.object({ jobId: z.string(), state: z.literal('done') }),
  z.object({ jobId: z.string(), state: z.literal('failed'), message: z.string() }),
  z.object({ jobId: z.string(), state: z.literal('cancelled') }),
]);
export type SavingsJobEvent = z.infer<typeof SavingsJobEventSchema>;

/** Both videos as base64 with their type, so the same answer plays in the desktop app and in `porter serve`. */
export const VideoPreviewSchema = z.object({
  publicPath: z.string(),
  original: z.object({ base64: z.string(), mimeType: z.string(), bytes: z.number().int() }),
  variant: z.object({ base64: z.string(), mimeType: z.string(), bytes: z.number().int(), codec: z.enum(['h264', 'vp9', 'av1']), crf: z.number().int() }),
  seconds: z.number(),
  /** Frames per second, for stepping one frame at a time; null when the file does not say. */
  fps: z.number().nullable(),
  ssim: z.number(),
  psnrDb: z.number().nullable(),
  /** Set when a long video was compared on samples, saying which. */
  sampleNote: z.string().nullable(),
});
export type VideoPreview = z.infer<typeof VideoPreviewSchema>;

export const ImageModeSchema = z.enum(['lossless', 'lossy', 'auto']);
export type ImageMode = z.infer<typeof ImageModeSchema>;
export const ImageFormatSchema = z.enum(['keep', 'webp', 'avif']);
export const LosslessEffortSchema = z.enum(['fast', 'balanced', 'max']);
export const VideoRecipeSchema = z.object({
  codec: z.enum(['vp9', 'av1', 'h264']),
  crf: z.number().int().min(0).max(63).optional(),
});
export type VideoRecipe = z.infer<typeof VideoRecipeSchema>;
export type LosslessEffort = z.infer<typeof LosslessEffortSchema>;

export const ImagePreviewRequestSchema = z.object({
  root: AbsolutePath,
  /** Which of the project's assets, by its path under STATIC_URL: only the project's own files can be previewed. */
  publicPath: z.string().min(1),
  mode: ImageModeSchema,
  quality: z.number().int().min(1).max(100).optional(),
  format: ImageFormatSchema.default('keep'),
  /** Fit both images within this many pixels for a quick first look; omit for the full-size result and its true numbers. */
  maxSide: z.number().int().min(64).max(16_384).optional(),
  /** The caller's name for this request, so cancelPreview can stop it (a full-size encode can take half a minute). */
  requestId: z.string().min(1).max(100).optional(),
});

export const PreviewImageSchema = z.object({
  /** `data:` URL of the image, so the renderer needs no file access. */
  dataUrl: z.string(),
  bytes: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});

export const ImagePreviewSchema = z.object({
  original: PreviewImageSchema,
  variant: PreviewImageSchema.extend({
    format: z.string(),
    quality: z.number().nullable(),
    score: z.number().nullable(),
    kept: z.boolean(),
    notes: z.array(z.string()),
    /** The lossless file stands in for a lossy treatment that missed auto's target or was larger (see SavingsVariant). */
    fallback: z.enum(['target-missed', 'lossless-smaller']).nullable(),
  }),
  /** False for a screen-size preview: its bytes and score are of the downscaled images, not of the file Porter would write. */
  fullSize: z.boolean(),
  /** The source image's own size, so a screen-size preview can be shown at the full image's scale. */
  sourceWidth: z.number().int(),
  sourceHeight: z.number().int(),
  elapsedMs: z.number(),
});
export type ImagePreview = z.infer<typeof ImagePreviewSchema>;

/**
 * A recipe: the treatment collect applies to the assets it matches, saved in porter.json. `match` is a public path
 * (`app1/img/hero.png`) or a glob over public paths (`**\/photos/**`); an exact path beats every glob, and among
 * globs the last match wins. `format` webp/avif adds a converted sibling beside the original; it never replaces it.
 */
export const RecipeRuleSchema = z.object({
  match: z.string().min(1, 'A recipe needs a path or glob to match.'),
  mode: z.enum(['lossless', 'lossy', 'auto', 'minify', 'none']),
  quality: z.number().int().min(1).max(100).optional(),
  format: ImageFormatSchema.optional(),
  keepCopyright: z.boolean().optional(),
  /** Lossless only: how hard PNG work tries (fast = one zlib encode, balanced = the default, max = every encoder and zopfli). */
  effort: LosslessEffortSchema.optional(),
  /**
   * Video under a Lossy recipe: the variant's codec (VP9 or AV1 in WebM, H.264 in MP4) and its CRF (lower is better
   * and bigger); without a CRF each codec's default. The variant and a poster JPEG are added beside the original.
   */
  video: VideoRecipeSchema.optional(),
});
export type RecipeRule = z.infer<typeof RecipeRuleSchema>;

export const RecipesSchema = z.object({
  rules: z.array(RecipeRuleSchema),
  /** The rule each of the project's files gets (by its `match`); files no rule matches are left out. */
  assignments: z.array(z.object({ publicPath: z.string(), match: z.string() })),
});
export type Recipes = z.infer<typeof RecipesSchema>;

/**
 * What a recipe would do before it is saved: whether its pattern is valid, which of the project's files it
 * matches (by type), and which treatments and formats can apply to them, each with the reason when not.
 */
export const RecipeCheckSchema = z.object({
  match: z.string(),
  glob: z.boolean(),
  /** Why the pattern itself is not valid (an unclosed `[`, a path outside STATIC_URL); null when it is. */
  patternError: z.string().nullable(),
  matched: z.number().int(),
  /** The matched files by type, most common first: `PNG` ×10, `JPEG` ×2. */
  types: z.array(z.object({ label: z.string(), kind: z.enum(['image', 'text', 'font', 'video', 'other']), count: z.number().int() })),
  /** For each treatment, how many of the matched files it would change, and why none when that is so. */
  modes: z.array(z.object({ mode: RecipeRuleSchema.shape.mode, fits: z.number().int(), reason: z.string().nullable() })),
  formats: z.array(z.object({ format: z.enum(['webp', 'avif']), fits: z.number().int(), reason: z.string().nullable() })),
  /** Why this rule (its treatment, quality or format) would be refused; empty when it can be saved. */
  problems: z.array(z.string()),
  /** What a savable rule leaves alone, e.g. the CSS files a lossy glob also matches. */
  notes: z.array(z.string()),
});
export type RecipeCheck = z.infer<typeof RecipeCheckSchema>;

export const EnvironmentSummarySchema = z.object({
  name: z.string(),
  type: z.enum(['folder', 's3']),
  /** `s3://bucket/prefix/` or the folder. */
  target: z.string(),
  publicUrl: z.string().nullable(),
  cdn: z.string().nullable(),
  /** The environment as porter.json holds it, for the editor. */
  config: z.record(z.string(), z.unknown()),
});
export type EnvironmentSummary = z.infer<typeof EnvironmentSummarySchema>;

export const EnvironmentsSchema = z.object({
  environments: z.array(EnvironmentSummarySchema),
  /** Set when porter.json's environments cannot be read; says what to fix. */
  problem: z.string().nullable(),
  /** Whether keys typed in the app can be kept in the OS keychain on this host, and why not. */
  keychain: z.object({ available: z.boolean(), reason: z.string() }),
});
export type Environments = z.infer<typeof EnvironmentsSchema>;

const EnvName = z.string().min(1, 'Choose an environment.');

/** Names every JavaScript object already answers to (`__proto__`, `toString`…): as porter.json keys they would pass for built-ins. */
export function isReservedName(name: string): boolean {
  return Object.hasOwn(Object.prototype, name);
}

export function reservedNameMessage(name: string): string {
  return `"${name}" is reserved (Porter uses it internally); choose another name, like "staging".`;
}

export const PushPlanSummarySchema = z.object({
  environment: z.string(),
  target: z.string(),
  outDir: z.string(),
  counts: z.object({ new: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), remoteOnly: z.number().int() }),
  bytesToSend: z.number().int(),
  estimateMs: z.number(),
  estimateBasis: z.string(),
  /** The files that would be sent (new or changed). */
  changes: z.array(
    z.object({
      key: z.string(),
      status: z.enum(['new', 'changed']),
      size: z.number().int(),
      hashed: z.boolean(),
      /** Sent pre-compressed with this Content-Encoding (the environment's setting); absent when sent as it is. */
      encoding: z.enum(['br', 'gzip']).optional(),
    }),
  ),
  requests: z.number().int(),
  /** Names the collected files (each with its content hash) and the target: a push given it sends only while they still match. */
  fingerprint: z.string(),
  /** What the plan left alone and why (a folder environment's links that lead out of it). */
  warnings: z.array(z.string()),
});
export type PushPlanSummary = z.infer<typeof PushPlanSummarySchema>;

export const PushProgressSchema = z.object({
  jobId: z.string(),
  /** What the job is doing: collecting first, comparing with the environment, or sending (done/total count files sent). */
  phase: z.enum(['collect', 'plan', 'send']),
  done: z.number().int(),
  total: z.number().int(),
  bytes: z.number(),
  totalBytes: z.number(),
  /** Bytes a second. */
  rate: z.number(),
  etaMs: z.number().nullable(),
  /** The latest arrivals (up to 50), newest last, for the per-file log. */
  arrived: z.array(z.string()),
});
export type PushProgress = z.infer<typeof PushProgressSchema>;

export const PushResultSchema = z.object({
  environment: z.string(),
  releaseId: z.string(),
  sent: z.array(z.string()),
  bytesSent: z.number().int(),
  durationMs: z.number(),
  pruned: z.array(z.string()),
  cdn: z.string(),
  requests: z.number().int(),
  /** Public URL of each file sent, where the environment has a publicUrl. */
  urls: z.record(z.string(), z.string()),
  /** What the user should know that is not an error (a prune held back because a release record is damaged). */
  notes: z.array(z.string()).default([]),
});
export type PushResult = z.infer<typeof PushResultSchema>;

export const PushJobStateSchema = z.discriminatedUnion('state', [
  z.object({ jobId: z.string(), state: z.literal('running'), progress: PushProgressSchema }),
  z.object({ jobId: z.string(), state: z.literal('done'), result: PushResultSchema }),
  /** A job started with planOnly: collected and compared, the plan to review; nothing was sent. */
  z.object({ jobId: z.string(), state: z.literal('planned'), plan: PushPlanSummarySchema }),
  z.object({
    jobId: z.string(),
    state: z.literal('failed'),
    message: z.string(),
    /** The collected files no longer match the plan the user confirmed; nothing was sent. */
    planChanged: z.boolean().default(false),
  }),
  z.object({ jobId: z.string(), state: z.literal('cancelled') }),
]);
export type PushJobState = z.infer<typeof PushJobStateSchema>;

export const ReleaseSummarySchema = z.object({
  id: z.string(),
  /** The pushing machine's clock (shown only; the list is in the bucket's own order); for a damaged record, the store's time or null. */
  createdAt: z.string().nullable(),
  /** null for a damaged record. */
  kind: z.enum(['push', 'rollback', 'promote']).nullable(),
  from: z.string().nullable(),
  files: z.number().int().nullable(),
  uploaded: z.number().int(),
  bytesSent: z.number().int(),
  /** The release whose manifest is live now (by content), not simply the newest. */
  current: z.boolean(),
  /** Why the record cannot be read, in words; null for a readable one. Rolling back across one asks first. */
  damaged: z.string().nullable(),
});
export type ReleaseSummary = z.infer<typeof ReleaseSummarySchema>;

export const ImportTargetSchema = z.object({
  root: AbsolutePath,
  /** Which of the project's sources (index into project.sources). */
  sourceIndex: z.number().int().min(0),
  /** A folder inside that source, '/'-separated; '' for its top. */
  folder: z.string().default(''),
});

export const ImportPlanEntrySchema = z.object({
  relativePath: z.string(),
  publicPath: z.string(),
  destination: z.string(),
  snippet: z.string(),
  ignoredBy: z.string().nullable(),
  problem: z.string().nullable(),
  existing: z.object({ bytes: z.number().int(), width: z.number().nullable(), height: z.number().nullable() }).nullable(),
  /** The file there is byte-identical to the dropped one: no clash, nothing to write. */
  alreadyThere: z.boolean(),
  /** Where "Keep both" would write the dropped file (a free, URL-safe name), for a real clash only. */
  keepBoth: z.object({ destination: z.string(), publicPath: z.string() }).nullable(),
});
export type ImportPlanEntry = z.infer<typeof ImportPlanEntrySchema>;

export const ImportDecisionSchema = z.enum(['replace', 'keep-both', 'skip']);
export type ImportDecision = z.infer<typeof ImportDecisionSchema>;

/** A dropped file: its bytes (from a browser) or its path on disk (from the desktop app, via webUtils). */
export const DroppedFileSchema = z.union([
  z.object({ relativePath: z.string().min(1), contentBase64: z.string() }),
  z.object({ relativePath: z.string().min(1), path: z.string().min(1) }),
]);

/**
 * A file to plan: its path on disk (desktop), or what a browser can tell of it without sending it all: its size,
 * SHA-256 (null where the page cannot compute one) and first bytes, enough to recognise its format.
 */
export const PlannedFileSchema = z.union([
  z.object({ relativePath: z.string().min(1), path: z.string().min(1) }),
  z.object({ relativePath: z.string().min(1), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(), headBase64: z.string().max(8192) }),
]);

export const ImportResultSchema = z.object({
  written: z.array(z.object({ relativePath: z.string(), publicPath: z.string(), destination: z.string() })),
  unchanged: z.array(z.string()),
  skipped: z.array(z.string()),
  problems: z.array(z.object({ relativePath: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** One `{% static %}` tag in a template: where it is and what it names. */
export const StaticTagSchema = z.object({
  /** The template's name as loaders know it (`shop/cart.html`). */
  template: z.string(),
  /** The template file on disk. */
  file: z.string(),
  line: z.number().int(),
  /** The tag as written, `{% static 'css/site.css' %}`. */
  tag: z.string(),
  /** The collected name the literal asks for; for a variable, the expression. */
  name: z.string(),
});
export type StaticTag = z.infer<typeof StaticTagSchema>;

export const TemplateCheckSchema = z.object({
  /** The folders searched, in loader order. */
  templateFolders: z.array(TemplateFolderSchema),
  /** Templates read (the winning one of each name). */
  templates: z.number().int(),
  /** Templates hidden by one of the same name in an earlier folder, so never loaded. */
  overridden: z.number().int(),
  /** Tags with a literal path. */
  literalTags: z.number().int(),
  /** A literal naming no collected file: with ManifestStaticFilesStorage, a ValueError when the page renders. */
  missing: z.array(StaticTagSchema),
  /** Tags whose path is a variable or an expression: not checked. */
  unknown: z.array(StaticTagSchema),
  /** Collected files no template, CSS or JS names: candidates to remove, never removed. */
  unreferenced: z.array(z.object({ name: z.string(), source: z.string(), bytes: z.number().int() })),
  collectedFiles: z.number().int(),
  /** What makes the result less certain, and old forms found on the way, in words. */
  notes: z.array(z.string()),
});
export type TemplateCheck = z.infer<typeof TemplateCheckSchema>;

/** Every operation the UI can call, on every host. */
export const porterContract = {
  getHostInfo: defineOperation({
    description: 'Which host the UI runs in and what it can do there.',
    input: z.object({}),
    output: z.object({ host: z.enum(['electron', 'serve']), canPickFolder: z.boolean(), version: z.string() }),
  }),
  pickFolder: defineOperation({
    description: "Ask the user for a folder with the OS dialog (Electron only); null when they cancel.",
    input: z.object({ title: z.string().optional(), startIn: AbsolutePath.optional() }),
    output: z.object({ path: z.string().nullable() }),
  }),
  openProject: defineOperation({
    description: 'Open a project folder and find its static sources in finder order.',
    input: z.object({ path: AbsolutePath }),
    output: ProjectSchema,
  }),
  getSettings: defineOperation({
    description: 'Where Porter keeps its cache, remembered answers and data on this machine, and whether keys can go to a keychain.',
    input: z.object({}),
    output: z.object({
      cacheDir: z.string(),
      cacheBytes: z.number().int(),
      configDir: z.string(),
      dataDir: z.string(),
      keychain: z.object({ available: z.boolean(), reason: z.string() }),
      /** The ffmpeg chosen in Settings (null: none chosen), and the first line of its `-version`, or why it no longer runs. */
      ffmpeg: z.object({ path: z.string().nullable(), version: z.string().nullable(), problem: z.string().nullable() }),
    }),
  }),
  setFfmpegPath: defineOperation({
    description: 'Choose the ffmpeg program Porter uses for video on this machine (ffprobe beside it); it must answer `-version` as FFmpeg. null forgets the choice.',
    input: z.object({ path: z.string().nullable() }),
    output: z.object({ path: z.string().nullable(), version: z.string().nullable() }),
  }),
  clearCache: defineOperation({
    description: "Delete Porter's cache (content hashes, savings measurements, recipe outputs); the next run rebuilds it.",
    input: z.object({}),
    output: z.object({ freedBytes: z.number().int() }),
  }),
  openDemoProject: defineOperation({
    description: "Copy the built-in demo project into Porter's data folder (once; `reset` starts it over) and open it.",
    input: z.object({ reset: z.boolean().default(false) }),
    output: ProjectSchema,
  }),
  answerPythonConsent: defineOperation({
    description: "Say whether Porter may run the project's Python (it executes the settings) to ask Django for its sources.",
    input: z.object({ root: AbsolutePath, allow: z.boolean() }),
    output: ProjectSchema,
  }),
  saveSources: defineOperation({
    description: 'Write source folders to porter.json: the ones given, in order, else the detected order, so it no longer depends on detection.',
    input: z.object({ root: AbsolutePath, sources: z.array(SourceFolderSchema).optional() }),
    output: z.object({ path: z.string(), project: ProjectSchema }),
  }),
  listAssets: defineOperation({
    description: "List every file the project's sources hold, with its public path and whether it is collected.",
    input: z.object({ root: AbsolutePath, ignorePatterns: z.array(z.string()).default([]), useDefaultIgnore: z.boolean().default(true) }),
    output: z.object({ assets: z.array(AssetSchema), warnings: z.array(z.string()) }),
  }),
  startCollect: defineOperation({
    description: 'Start collecting into the output folder; progress arrives as job events.',
    input: CollectSettingsSchema,
    output: z.object({ jobId: z.string() }),
  }),
  getCollectConfig: defineOperation({
    description: "How porter.json says this project is collected (the app's Collect and Publish alike): whether WhiteNoise's .br/.gz siblings are written.",
    input: z.object({ root: AbsolutePath }),
    output: CollectConfigSchema,
  }),
  saveCollectConfig: defineOperation({
    description: "Save in porter.json whether collect writes WhiteNoise's .br/.gz siblings; other keys are kept.",
    input: z.object({ root: AbsolutePath }).extend(CollectConfigSchema.shape),
    output: CollectConfigSchema,
  }),
  rememberBrokenReferences: defineOperation({
    description:
      "Add broken references the project accepts to porter.json's collect.keepBrokenReferences (and, when given, whether a missing map's sourceMappingURL comment is dropped), so later collects and publishing keep them too.",
    input: z.object({ root: AbsolutePath, references: z.array(KeepRuleSchema), dropMissingSourceMaps: z.boolean().optional() }),
    output: z.object({ rules: z.array(KeepRuleSchema) }),
  }),
  getJob: defineOperation({
    description: 'The current state of a job.',
    input: z.object({ jobId: z.string() }),
    output: JobStateSchema,
  }),
  cancelJob: defineOperation({
    description: 'Cancel a running job; nothing is left half-written.',
    input: z.object({ jobId: z.string() }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  startSavings: defineOperation({
    description: "Start a savings report on the project's collected files; progress arrives as job events, the report with getSavings.",
    input: z.object({ root: AbsolutePath, settings: SavingsSettingsSchema.default(SavingsSettingsSchema.parse({})), mode: SavingsModeSchema.default(SavingsModeSchema.parse({})) }),
    output: z.object({ jobId: z.string() }),
  }),
  getSavings: defineOperation({
    description: 'The state of a savings job: progress with an ETA and the rows measured so far while it runs, then the report.',
    input: z.object({ jobId: z.string(), since: z.number().int().min(0).optional() }),
    output: SavingsJobStateSchema,
  }),
  previewImage: defineOperation({
    description: "Encode one of the project's images with a treatment and return both images to compare, with the bytes and the score.",
    input: ImagePreviewRequestSchema,
    output: ImagePreviewSchema,
  }),
  previewVideo: defineOperation({
    description: "Encode one of the project's videos whole as the chosen variant (cached) and return both files to play side by side, with the bytes and SSIM/PSNR.",
    input: z.object({ root: AbsolutePath, publicPath: z.string().min(1), codec: z.enum(['h264', 'vp9', 'av1']), requestId: z.string().min(1).max(100).optional() }),
    output: VideoPreviewSchema,
  }),
  cancelPreview: defineOperation({
    description: 'Stop a previewImage or previewVideo request by its requestId; it answers with a cancelled error. False when it had already finished.',
    input: z.object({ requestId: z.string().min(1).max(100) }),
    output: z.object({ cancelled: z.boolean() }),
  }),
  listEnvironments: defineOperation({
    description: "The project's environments from porter.json, and whether typed keys can go to the keychain here.",
    input: z.object({ root: AbsolutePath }),
    output: EnvironmentsSchema,
  }),
  saveEnvironment: defineOperation({
    description: 'Add or replace one environment in porter.json (never with keys in it).',
    input: z.object({
      root: AbsolutePath,
      name: z
        .string()
        .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, "-" and "_".')
        .refine((name) => !isReservedName(name), { error: (issue) => reservedNameMessage(String(issue.input)) }),
      config: z.record(z.string(), z.unknown()),
    }),
    output: EnvironmentsSchema,
  }),
  saveCredentials: defineOperation({
    description: "Keep an environment's access keys in the OS keychain (desktop app only).",
    input: z.object({ root: AbsolutePath, environment: EnvName, accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
    output: z.object({ saved: z.boolean() }),
  }),
  planPush: defineOperation({
    description: 'Compare the collected output with an environment: what a push would send, and how long it would take.',
    input: z.object({ root: AbsolutePath, environment: EnvName, outDir: z.string().optional() }),
    output: PushPlanSummarySchema,
  }),
  startPush: defineOperation({
    description: 'Push the collected output to an environment (collecting first when asked); progress arrives as push events.',
    input: z.object({
      root: AbsolutePath,
      environment: EnvName,
      outDir: z.string().optional(),
      prune: z.boolean().default(false),
      keep: z.number().int().min(1).default(3),
      /** Collect the project into the output folder first, so what is sent is what the sources hold now. */
      collect: z.boolean().default(false),
      /** The fingerprint of the plan the user confirmed: nothing is sent if the files no longer match it. */
      expectedFingerprint: z.string().optional(),
      /** Stop once the plan is made: the job ends 'planned', with the plan for the user to review. */
      planOnly: z.boolean().default(false),
    }),
    output: z.object({ jobId: z.string() }),
  }),
  getPush: defineOperation({
    description: 'The state of a push job.',
    input: z.object({ jobId: z.string() }),
    output: PushJobStateSchema,
  }),
  listReleases: defineOperation({
    description: "An environment's releases, newest first.",
    input: z.object({ root: AbsolutePath, environment: EnvName }),
    output: z.object({ releases: z.array(ReleaseSummarySchema) }),
  }),
  rollback: defineOperation({
    description: "Put an earlier release's manifest back (the one before the current by default).",
    input: z.object({
      root: AbsolutePath,
      environment: EnvName,
      to: z.string().optional(),
      /** The user agreed to pass over release records that cannot be read; without it such a rollback is refused. */
      acrossDamaged: z.boolean().default(false),
    }),
    output: z.object({ releaseId: z.string(), restored: z.string() }),
  }),
  promote: defineOperation({
    description: "Copy what one environment's latest release holds to another, manifest last.",
    input: z.object({ root: AbsolutePath, from: EnvName, to: EnvName }),
    output: z.object({ releaseId: z.string(), copied: z.number().int() }),
  }),
  getThumbnails: defineOperation({
    description: 'Small previews of the given images of the project (null for a file that is not an image Porter can read).',
    input: z.object({ root: AbsolutePath, files: z.array(z.string().min(1)).max(200) }),
    output: z.object({ thumbnails: z.record(z.string(), z.string().nullable()) }),
  }),
  getVideoDetails: defineOperation({
    description: "Length, size, codecs, bitrate and a poster of the given video and sound files of the project, read with FFmpeg (or why not, such as how to get FFmpeg).",
    input: z.object({ root: AbsolutePath, files: z.array(z.string().min(1)).max(50) }),
    output: z.object({ details: z.record(z.string(), VideoRowDetailsSchema) }),
  }),
  planImport: defineOperation({
    description: 'Where dropped files would go in a source folder: public paths, template tags, which would replace a file (or are already there), and which are refused.',
    input: ImportTargetSchema.extend({ files: z.array(PlannedFileSchema).min(1) }),
    output: z.object({ entries: z.array(ImportPlanEntrySchema) }),
  }),
  importFiles: defineOperation({
    description: 'Copy dropped files into a source folder; an existing file with other content is replaced only when the decision says so.',
    input: ImportTargetSchema.extend({ files: z.array(DroppedFileSchema).min(1), decisions: z.record(z.string(), ImportDecisionSchema).default({}) }),
    output: ImportResultSchema,
  }),
  getRecipes: defineOperation({
    description: "The project's recipes from porter.json and which file each applies to.",
    input: z.object({ root: AbsolutePath }),
    output: RecipesSchema,
  }),
  saveRecipes: defineOperation({
    description: 'Add recipes to porter.json, each replacing the rule with the same match; collect applies them from then on.',
    input: z.object({ root: AbsolutePath, rules: z.array(RecipeRuleSchema).min(1) }),
    output: RecipesSchema,
  }),
  removeRecipe: defineOperation({
    description: 'Remove the recipe with this match from porter.json.',
    input: z.object({ root: AbsolutePath, match: z.string().min(1) }),
    output: RecipesSchema,
  }),
  checkRecipe: defineOperation({
    description: "Check a recipe against the project's files before saving it: pattern errors, matches by type, and the treatments that can apply.",
    input: z.object({ root: AbsolutePath, rule: RecipeRuleSchema }),
    output: RecipeCheckSchema,
  }),
  checkTemplates: defineOperation({
    description: "Find every {% static %} literal in the project's templates that names no collected file, and the collected files nothing names.",
    input: z.object({ root: AbsolutePath, ignorePatterns: z.array(z.string()).default([]), useDefaultIgnore: z.boolean().default(true) }),
    output: TemplateCheckSchema,
  }),
  listFolders: defineOperation({
    description: "The subfolders of a folder inside the project (never files), for choosing a source folder where there is no OS dialog.",
    input: z.object({ root: AbsolutePath, folder: AbsolutePath.optional() }),
    output: FolderListingSchema,
  }),
} as const;

export type PorterContract = typeof porterContract;
export type OperationName = keyof PorterContract;
export type OperationInput<K extends OperationName> = z.input<PorterContract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.infer<PorterContract[K]['output']>;

/** Pushed from host to UI: job progress and completion, one event type per kind of job. */
export const PorterEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobStateSchema }),
  z.object({ type: z.literal('savings'), job: SavingsJobEventSchema }),
  z.object({ type: z.literal('push'), job: PushJobStateSchema }),
  /** Files changed under one of the project's sources (absolute paths), within a second of the change. */
  z.object({ type: z.literal('project-changed'), root: z.string(), changed: z.array(z.string()) }),
  /** The desktop app's menu asks the UI to open a project. */
  z.object({ type: z.literal('open-project'), path: z.string() }),
]);
export type PorterEvent = z.infer<typeof PorterEventSchema>;

export { eventChannel, ipcChannel, operationNames } from './channels';

/** What the preload exposes as `window.porter`, and what the serve client implements: one function per operation. */
export type PorterBridge = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>>;
} & {
  onEvent(listener: (event: PorterEvent) => void): () => void;
  /** The desktop app's path for a dropped file (Electron's webUtils); absent in a browser, which sends contents. */
  pathForFile?: (file: Blob) => string;
};
