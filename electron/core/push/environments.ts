// Named environments in porter.json: where `porter push` sends the collected files. Credentials never live
// here: they come from the AWS chain (environment variables, ~/.aws files, profiles, SSO) or, in the desktop
// app, the OS keychain.
import path from 'node:path';
import { z } from 'zod';
import { isReservedName, reservedNameMessage } from '../../contract/porter';
import { readPorterJsonObject } from '../project/porter-json';

const credentialKeys = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'aws_access_key_id', 'aws_secret_access_key', 'credentials', 'secret', 'password'];

const CacheControlSchema = z.strictObject({
  /** For names without a content hash (entry points such as staticfiles.json and the originals). */
  unhashed: z.string().min(1).optional(),
  rules: z.array(z.strictObject({ glob: z.string().min(1), cacheControl: z.string().min(1) })).optional(),
});

const MediaSchema = z.strictObject({
  bucket: z.string().min(3, 'is required: the S3 bucket for user uploads'),
  prefix: z.string().optional(),
  allowedTypes: z.array(z.string()).optional(),
  maxBytes: z.number().int().positive().optional(),
  /** Videos over this size are refused, though maxBytes, the limit for every file, may allow more. */
  maxVideoBytes: z.number().int().positive().optional(),
  /** Videos that stream at more than this many bits per second are refused (read with ffprobe). */
  maxVideoBitsPerSecond: z.number().int().positive().optional(),
  /** Whether the store refuses a PUT with If-None-Match: * over an existing object; guessed from the endpoint when unset. */
  conditionalWrites: z.boolean().optional(),
});

const FolderSchema = z.strictObject({
  type: z.literal('folder'),
  path: z.string().min(1, 'is required: the folder to publish into'),
  publicUrl: z.url().optional(),
  cacheControl: CacheControlSchema.optional(),
});

const S3Schema = z.strictObject({
  type: z.literal('s3'),
  bucket: z.string({ error: 'is required: the S3 bucket name' }).min(1, 'is required: the S3 bucket name').min(3, 'must be 3 to 63 characters, as S3 bucket names are'),
  region: z.string().min(1).default('us-east-1'),
  endpoint: z.url({ error: 'must be a URL like https://<account>.r2.cloudflarestorage.com' }).optional(),
  forcePathStyle: z.boolean().optional(),
  prefix: z.string().default(''),
  publicUrl: z.url().optional(),
  profile: z.string().optional(),
  cloudfront: z.strictObject({ distributionId: z.string().min(1), endpoint: z.url().optional() }).optional(),
  purgeWebhook: z.url().optional(),
  media: MediaSchema.optional(),
  cacheControl: CacheControlSchema.optional(),
  /** Store compressible files pre-compressed with this Content-Encoding, for buckets served without a compressing edge. */
  contentEncoding: z.enum(['br', 'gzip'], { error: 'must be "br" (brotli) or "gzip"' }).optional(),
});

const EnvironmentSchema = z.discriminatedUnion('type', [FolderSchema, S3Schema], {
  error: 'needs "type": "folder" (a local folder) or "s3" (AWS S3 or an S3-compatible store)',
});

export type FolderEnvironment = z.infer<typeof FolderSchema> & { name: string; root: string };
export type S3Environment = z.infer<typeof S3Schema> & { name: string };
export type Environment = FolderEnvironment | S3Environment;

export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** Every environment in porter.json, validated; {} when there is none. */
export async function loadEnvironments(projectRoot: string): Promise<Record<string, Environment>> {
  const data = await readPorterJsonObject(projectRoot);
  return parseEnvironments(data?.environments, projectRoot);
}

/** Validates porter.json's `environments` value; folder paths resolve against the project root. */
export function parseEnvironments(raw: unknown, projectRoot: string): Record<string, Environment> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new EnvironmentError('porter.json: "environments" must be an object of named environments, like {"staging": {"type": "s3", "bucket": "…"}}.');
  }
  // Null-prototype, so a name is found only when porter.json defines it.
  const environments: Record<string, Environment> = Object.create(null) as Record<string, Environment>;
  for (const [name, value] of Object.entries(raw)) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new EnvironmentError(`porter.json: environment name "${name}" may hold only letters, digits, "-" and "_".`);
    if (isReservedName(name)) throw new EnvironmentError(`porter.json: environment name ${reservedNameMessage(name)}`);
    refuseCredentials(name, value);
    const parsed = EnvironmentSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.length ? `.${issue.path.join('.')}` : '';
      const detail = issue.code === 'unrecognized_keys' ? `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}` : issue.message;
      throw new EnvironmentError(`porter.json: environments.${name}${field} ${detail}.`);
    }
    const environment = parsed.data;
    environments[name] =
      environment.type === 'folder'
        ? { ...environment, name, root: path.resolve(projectRoot, environment.path) }
        : { ...environment, name, prefix: normalisePrefix(environment.prefix) };
  }
  return environments;
}

export async function loadEnvironment(projectRoot: string, name: string): Promise<Environment> {
  const environments = await loadEnvironments(projectRoot);
  if (Object.hasOwn(environments, name)) return environments[name]!;
  const known = Object.keys(environments);
  throw new EnvironmentError(
    known.length
      ? `There is no environment "${name}" in porter.json. Known: ${known.join(', ')}.`
      : `porter.json has no environments yet. Add one, e.g. {"environments": {"local": {"type": "folder", "path": "public/static"}}}.`,
  );
}

function refuseCredentials(name: string, value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  const found = Object.keys(value).filter((key) => credentialKeys.includes(key));
  if (found.length) {
    throw new EnvironmentError(
      `porter.json: environments.${name} holds ${found.join(', ')}. Keys never go in porter.json (it is shared and committed): ` +
        'use AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a "profile" from ~/.aws/credentials, or the keychain in the Porter app.',
    );
  }
}

/** '' or a prefix ending in one '/': `static` and `/static/` both become `static/`. */
function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}
