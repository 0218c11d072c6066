// The optimiser budget a project sets in porter.json, apart from budget.ts so the optimize worker does not bundle
// porter.json's reader.
import { readPorterJsonObject } from '../project/porter-json';
import { budgetFromPorterJson, type OptimizeBudget } from './budget';

/** The "optimize" section of the project's porter.json, or the defaults where it sets none. */
export async function loadOptimizeBudget(root: string): Promise<OptimizeBudget> {
  return budgetFromPorterJson(await readPorterJsonObject(root));
}
