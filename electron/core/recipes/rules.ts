// Recipes in porter.json: which treatment collect gives which files. An exact public path beats every glob;
// among globs the last one that matches wins, so a later, narrower rule overrides an earlier, broader one.
import picomatch from 'picomatch';
import { RecipeRuleSchema, type RecipeRule } from '../../contract/porter';
import { readPorterJsonObject, writePorterJsonKey } from '../project/porter-json';
import { patternError } from './check-rule';

export type { RecipeRule } from '../../contract/porter';

const isGlob = (match: string): boolean => picomatch.scan(match).isGlob;

/** The rule that applies to a public path, or undefined when none does. */
export function recipeFor(publicPath: string, rules: readonly RecipeRule[]): RecipeRule | undefined {
  const exact = rules.findLast((rule) => !isGlob(rule.match) && rule.match === publicPath);
  if (exact) return exact;
  return rules.findLast((rule) => isGlob(rule.match) && picomatch.isMatch(publicPath, rule.match, { dot: true }));
}

/** porter.json's `recipes`, validated; [] when the file or the key is missing. */
export async function loadRecipes(root: string): Promise<RecipeRule[]> {
  const data = await readPorterJsonObject(root);
  return parseRecipes(data?.recipes);
}

export function parseRecipes(value: unknown): RecipeRule[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error('porter.json: "recipes" must be a list of rules like {"match": "**/photos/**", "mode": "auto"}.');
  return value.map((entry, index) => {
    const parsed = RecipeRuleSchema.strict().safeParse(entry);
    if (parsed.success) return checkRule(parsed.data, index);
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the rule'}: ${issue.message}`);
    throw new Error(
      `porter.json: recipes[${index}] is not valid (${problems.join('; ')}). A rule is {"match": path or glob, "mode": "lossless" | "lossy" | "auto" | "minify" | "none", "quality"?: 1–100, "format"?: "keep" | "webp" | "avif", "effort"?: "fast" | "balanced" | "max" (lossless only), "video"?: {"codec": "vp9" | "av1" | "h264", "crf"?: 0–63} (lossy only)}.`,
    );
  });
}

function checkRule(rule: RecipeRule, index: number): RecipeRule {
  if (rule.quality !== undefined && rule.mode !== 'lossy') {
    throw new Error(`porter.json: recipes[${index}] sets "quality" but its mode is "${rule.mode}"; quality applies to "lossy" only (auto finds its own). Remove it or use "mode": "lossy".`);
  }
  if (rule.effort !== undefined && rule.mode !== 'lossless') {
    throw new Error(`porter.json: recipes[${index}] sets "effort" but its mode is "${rule.mode}"; effort applies to "lossless" only. Remove it or use "mode": "lossless".`);
  }
  if (rule.video !== undefined && rule.mode !== 'lossy') {
    throw new Error(`porter.json: recipes[${index}] sets "video" but its mode is "${rule.mode}"; video settings apply to "lossy" only. Remove them or use "mode": "lossy".`);
  }
  const problem = patternError(rule.match);
  if (problem) throw new Error(`porter.json: recipes[${index}] "match": "${rule.match}" is not valid. ${problem}`);
  return rule;
}

/** Adds the rule, or replaces the one with the same `match` in its place, so precedence stays as the user set it. */
export async function saveRecipe(root: string, rule: RecipeRule): Promise<RecipeRule[]> {
  const rules = await loadRecipes(root);
  const checked = parseRecipes([rule])[0]!;
  const index = rules.findIndex((existing) => existing.match === checked.match);
  const next = index === -1 ? [...rules, checked] : rules.with(index, checked);
  await writePorterJsonKey(root, 'recipes', next);
  return next;
}

export async function removeRecipe(root: string, match: string): Promise<RecipeRule[]> {
  const rules = await loadRecipes(root);
  const next = rules.filter((rule) => rule.match !== match);
  if (next.length === rules.length) return rules;
  await writePorterJsonKey(root, 'recipes', next.length ? next : undefined);
  return next;
}
