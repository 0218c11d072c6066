// porter.json's `collect` key: how this project is collected wherever it is (the app's Collect and Publish,
// `porter collect`, `porter push`): `compress` (WhiteNoise's `.br`/`.gz` siblings), and the vendor references the
// project accepts as broken (`keepBrokenReferences`, `dropMissingSourceMaps`).
import { z } from 'zod';
import { KeepRuleSchema, type KeepRule } from '../../contract/porter';
import { readPorterJsonObject, writePorterJsonKey } from '../project/porter-json';
import { mergeRules } from './keep-broken';

const CollectConfigSchema = z.looseObject({
  compress: z.boolean({ error: 'must be true or false' }).optional(),
  keepBrokenReferences: z.array(KeepRuleSchema, { error: 'must be a list like [{"file": "vendor/*.css"}, {"file": "admin/x.css", "reference": "x.png"}]' }).optional(),
  dropMissingSourceMaps: z.boolean({ error: 'must be true or false' }).optional(),
});

export interface CollectConfig {
  /** Write `.br` and `.gz` siblings as WhiteNoise's CompressedManifestStaticFilesStorage does. */
  compress: boolean;
  /** Broken references left as they are instead of stopping the collect. */
  keepBrokenReferences: KeepRule[];
  /** Remove a `sourceMappingURL` comment whose map is missing instead of stopping the collect. */
  dropMissingSourceMaps: boolean;
}

async function readCollectKey(root: string): Promise<Record<string, unknown>> {
  const data = await readPorterJsonObject(root);
  const raw = data?.collect;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('porter.json: "collect" must be an object like {"compress": true}.');
  }
  return raw as Record<string, unknown>;
}

export async function loadCollectConfig(root: string): Promise<CollectConfig> {
  const parsed = CollectConfigSchema.safeParse(await readCollectKey(root));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`porter.json: collect.${issue.path.join('.')} ${issue.message}.`);
  }
  return {
    compress: parsed.data.compress ?? false,
    keepBrokenReferences: parsed.data.keepBrokenReferences ?? [],
    dropMissingSourceMaps: parsed.data.dropMissingSourceMaps ?? false,
  };
}

/** Writes `change` under porter.json's `collect`, dropping fields back at their defaults and keeping every other key. */
async function saveCollectFields(root: string, change: Record<string, unknown>): Promise<void> {
  const next: Record<string, unknown> = { ...(await readCollectKey(root)), ...change };
  for (const [key, value] of Object.entries(change)) if (value === false || (Array.isArray(value) && value.length === 0)) delete next[key];
  await writePorterJsonKey(root, 'collect', Object.keys(next).length ? next : undefined);
}

/** Saves `compress` under porter.json's `collect`, keeping the key's other fields and every other key. */
export async function saveCollectConfig(root: string, config: Pick<CollectConfig, 'compress'>): Promise<void> {
  await saveCollectFields(root, { compress: config.compress });
}

/** Adds keep rules (and, when given, the drop-missing-source-maps choice) to porter.json; returns the rules now saved. */
export async function rememberKeptReferences(root: string, rules: readonly KeepRule[], dropMissingSourceMaps?: boolean): Promise<KeepRule[]> {
  const current = await loadCollectConfig(root);
  const merged = mergeRules(current.keepBrokenReferences, rules);
  await saveCollectFields(root, { keepBrokenReferences: merged, ...(dropMissingSourceMaps === undefined ? {} : { dropMissingSourceMaps }) });
  return merged;
}
