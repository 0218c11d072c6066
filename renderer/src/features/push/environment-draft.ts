// The environment form's draft and the porter.json entry it reads from and writes back.
export interface Draft {
  name: string;
  type: 'folder' | 's3';
  path: string;
  bucket: string;
  region: string;
  endpoint: string;
  prefix: string;
  publicUrl: string;
  profile: string;
  distributionId: string;
  /** Store text pre-compressed: '' sends files as they are. */
  contentEncoding: '' | 'br' | 'gzip';
  /** What porter.json holds that this form does not edit (cacheControl, media, …), kept as it is on save. */
  kept: { type: 'folder' | 's3'; fields: Record<string, unknown> };
}

/** The fields the form edits; configOf writes these, everything else in the entry is kept. */
const editedFields = new Set(['type', 'path', 'bucket', 'region', 'endpoint', 'prefix', 'publicUrl', 'profile', 'forcePathStyle', 'cloudfront', 'contentEncoding']);

export const emptyDraft: Draft = { name: '', type: 'folder', path: 'public/static', bucket: '', region: 'us-east-1', endpoint: '', prefix: 'static/', publicUrl: '', profile: '', distributionId: '', contentEncoding: '', kept: { type: 'folder', fields: {} } };

export function draftOf(name: string, config: Record<string, unknown>): Draft {
  const text = (key: string, fallback = '') => (typeof config[key] === 'string' ? (config[key] as string) : fallback);
  const cloudfront = config.cloudfront as { distributionId?: string } | undefined;
  const type = config.type === 's3' ? 's3' : 'folder';
  const fields = Object.fromEntries(Object.entries(config).filter(([key]) => !editedFields.has(key)));
  if (cloudfront && typeof cloudfront === 'object') fields.cloudfront = cloudfront;
  return {
    name,
    type,
    path: text('path', emptyDraft.path),
    bucket: text('bucket'),
    region: text('region', 'us-east-1'),
    endpoint: text('endpoint'),
    prefix: text('prefix'),
    publicUrl: text('publicUrl'),
    profile: text('profile'),
    distributionId: cloudfront?.distributionId ?? '',
    contentEncoding: config.contentEncoding === 'br' || config.contentEncoding === 'gzip' ? config.contentEncoding : '',
    kept: { type, fields },
  };
}

/**
 * porter.json's environment as the draft describes it; empty optional fields are left out. Settings the form does not
 * show stay as they were, unless the environment changed kind (a folder's settings mean nothing to a bucket).
 */
export function configOf(draft: Draft): Record<string, unknown> {
  const optional = (entries: [string, string][]) => Object.fromEntries(entries.filter(([, value]) => value.trim() !== '').map(([key, value]) => [key, value.trim()]));
  const { cloudfront: keptCloudfront, ...kept } = draft.kept.type === draft.type ? draft.kept.fields : {};
  if (draft.type === 'folder') return { ...kept, type: 'folder', path: draft.path.trim(), ...optional([['publicUrl', draft.publicUrl]]) };
  return {
    ...kept,
    type: 's3',
    bucket: draft.bucket.trim(),
    region: draft.region.trim() || 'us-east-1',
    ...optional([['endpoint', draft.endpoint], ['prefix', draft.prefix], ['publicUrl', draft.publicUrl], ['profile', draft.profile]]),
    ...(draft.endpoint.trim() ? { forcePathStyle: true } : {}),
    ...(draft.distributionId.trim() ? { cloudfront: { ...(keptCloudfront as object | undefined), distributionId: draft.distributionId.trim() } } : {}),
    ...(draft.contentEncoding ? { contentEncoding: draft.contentEncoding } : {}),
  };
}
