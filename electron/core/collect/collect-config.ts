// porter.json's `collect` key: how this project is collected wherever it is (the app's Collect and Publish,
// `porter collect`, `porter push`). Today one setting: `compress`, WhiteNoise's `.br`/`.gz` siblings.
import { z } from 'zod';
import { readPorterJsonObject, writePorterJsonKey } from '../project/porter-json';

const CollectConfigSchema = z.looseObject({
  compress: z.boolean({ error: 'must be true or false' }).optional(),
});

export interface CollectConfig {
  /** Write `.br` and `.gz` siblings as WhiteNoise's CompressedManifestStaticFilesStorage does. */
  compress: boolean;
}

export async function loadCollectConfig(root: string): Promise<CollectConfig> {
  const data = await readPorterJsonObject(root);
  const raw = data?.collect;
  if (raw === undefined) return { compress: false };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('porter.json: "collect" must be an object like {"compress": true}.');
  }
  const parsed = CollectConfigSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`porter.json: collect.${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}.`);
  return { compress: parsed.data.compress ?? false };
}

/** Saves `compress` under porter.json's `collect`, keeping the key's other fields and every other key. */
export async function saveCollectConfig(root: string, config: CollectConfig): Promise<void> {
  const data = await readPorterJsonObject(root);
  const current = typeof data?.collect === 'object' && data.collect !== null && !Array.isArray(data.collect) ? (data.collect as Record<string, unknown>) : {};
  const next: Record<string, unknown> = { ...current, compress: config.compress };
  if (!config.compress) delete next.compress;
  await writePorterJsonKey(root, 'collect', Object.keys(next).length ? next : undefined);
}
