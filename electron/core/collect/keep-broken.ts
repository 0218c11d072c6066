// Which broken references a collect may leave as they are. Django stops at the first one; Porter lists them all and,
// only when the project says so (a flag, porter.json's keep rules, the app's "keep these"), collects anyway.
import type { BrokenReference, KeepRule } from '../../contract/porter';
import { fnmatchcase } from './py-fnmatch';

export interface KeepBrokenPolicy {
  /** `--keep-broken-references`: every broken reference is kept. */
  keepAll?: boolean;
  /** porter.json's `collect.keepBrokenReferences`; those matching nothing are reported as stale. */
  rules?: readonly KeepRule[];
  /** Kept for this run only (the app's "keep these"): never reported as stale. */
  once?: readonly KeepRule[];
}

export interface KeepDecision {
  kept: BrokenReference[];
  /** What still stops the collect. */
  refused: BrokenReference[];
  staleRules: KeepRule[];
}

// Django strips the path it looks up, so the blanks a source-map comment leaves before `*/` are not part of the name.
const matches = (rule: KeepRule, broken: BrokenReference): boolean =>
  fnmatchcase(broken.name, rule.file) && (rule.reference === undefined || rule.reference.trim() === broken.reference.trim());

export function decideBroken(broken: readonly BrokenReference[], policy: KeepBrokenPolicy = {}): KeepDecision {
  const rules = policy.rules ?? [];
  const allowed = [...rules, ...(policy.once ?? [])];
  const kept: BrokenReference[] = [];
  const refused: BrokenReference[] = [];
  for (const reference of broken) {
    if (policy.keepAll || allowed.some((rule) => matches(rule, reference))) kept.push(reference);
    else refused.push(reference);
  }
  const staleRules = rules.filter((rule) => !broken.some((reference) => matches(rule, reference)));
  return { kept, refused, staleRules };
}

/** `rules` followed by each of `added` not already among them. */
export function mergeRules(rules: readonly KeepRule[], added: readonly KeepRule[]): KeepRule[] {
  const key = (rule: KeepRule) => `${rule.file}\0${rule.reference ?? ''}\0${rule.reference === undefined}`;
  const seen = new Set(rules.map(key));
  const merged = [...rules];
  for (const rule of added) {
    if (seen.has(key(rule))) continue;
    seen.add(key(rule));
    merged.push(rule);
  }
  return merged;
}

export function describeStaleRule(rule: KeepRule): string {
  const what = rule.reference === undefined ? `the rule for "${rule.file}"` : `the rule keeping '${rule.reference}' in "${rule.file}"`;
  return `porter.json collect.keepBrokenReferences: ${what} matched no broken reference (the file changed or the reference resolves now). Remove it from porter.json.`;
}
