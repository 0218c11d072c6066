import { z } from 'zod';
import { defineOperation, type Result } from './define';

export const DjangoVersionSchema = z.enum(['3.2', '4.2', '5.2']);
export type DjangoVersion = z.infer<typeof DjangoVersionSchema>;

const AbsolutePath = z.string().min(1, 'A folder path is required.');

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
});
export type Source = z.infer<typeof SourceSchema>;

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

export const CollectSettingsSchema = z.object({
  root: AbsolutePath,
  outDir: AbsolutePath,
  djangoVersion: DjangoVersionSchema,
  hashing: z.boolean(),
  ignorePatterns: z.array(z.string()),
  useDefaultIgnore: z.boolean(),
  dryRun: z.boolean(),
});
export type CollectSettings = z.infer<typeof CollectSettingsSchema>;

export const BrokenReferenceSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  reference: z.string(),
  resolvedTo: z.string(),
  reason: z.string(),
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
});

export const CollectReportSchema = z.object({
  outDir: z.string(),
  djangoVersion: DjangoVersionSchema,
  dryRun: z.boolean(),
  counts: CollectCountsSchema,
  files: z.array(CollectedFileSchema),
  duplicates: z.array(z.object({ name: z.string(), kept: z.string(), ignored: z.string() })),
  warnings: z.array(z.string()),
  /** Files written to the output folder in this run (0 when nothing changed). */
  written: z.number().int(),
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

/** Every operation the UI can call, on every host. */
export const porterContract = {
  getHostInfo: defineOperation({
    description: 'Which host the UI runs in and what it can do there.',
    input: z.object({}),
    output: z.object({ host: z.enum(['electron', 'serve']), canPickFolder: z.boolean(), version: z.string() }),
  }),
  pickFolder: defineOperation({
    description: "Ask the user for a folder with the OS dialog (Electron only); null when they cancel.",
    input: z.object({ title: z.string().optional() }),
    output: z.object({ path: z.string().nullable() }),
  }),
  openProject: defineOperation({
    description: 'Open a project folder and find its static sources in finder order.',
    input: z.object({ path: AbsolutePath }),
    output: ProjectSchema,
  }),
  answerPythonConsent: defineOperation({
    description: "Say whether Porter may run the project's Python (it executes the settings) to ask Django for its sources.",
    input: z.object({ root: AbsolutePath, allow: z.boolean() }),
    output: ProjectSchema,
  }),
  saveSources: defineOperation({
    description: 'Write the detected source order to porter.json so it no longer depends on detection.',
    input: z.object({ root: AbsolutePath }),
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
} as const;

export type PorterContract = typeof porterContract;
export type OperationName = keyof PorterContract;
export type OperationInput<K extends OperationName> = z.input<PorterContract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.infer<PorterContract[K]['output']>;

/** Pushed from host to UI: job progress and job completion. */
export const PorterEventSchema = z.object({ type: z.literal('job'), job: JobStateSchema });
export type PorterEvent = z.infer<typeof PorterEventSchema>;

export { eventChannel, ipcChannel, operationNames } from './channels';

/** What the preload exposes as `window.porter`, and what the serve client implements: one function per operation. */
export type PorterBridge = {
  [K in OperationName]: (input: OperationInput<K>) => Promise<Result<OperationOutput<K>>>;
} & {
  onEvent(listener: (event: PorterEvent) => void): () => void;
};
