// The recipe operations for the host: porter.json's rules, and which rule each of the project's files gets, so
// the UI shows what collect will do without matching globs itself. A rule is checked against the project's files
// before it is written: one whose treatment can change none of the files it matches is refused with the reason.
import type { Project, RecipeCheck, RecipeRule, Recipes } from '../contract/porter';
import { projectSavingsFiles } from '../core/optimize/savings/index';
import { checkRecipeRule, loadRecipes, recipeFor, removeRecipe, saveRecipe } from '../core/recipes/index';
import { OperationError } from './operation-error';

const projectPaths = (project: Project): string[] => projectSavingsFiles(project).map((file) => file.publicPath);

export async function projectRecipes(project: Project): Promise<Recipes> {
  const rules = await loadRecipes(project.root);
  const assignments = projectPaths(project).flatMap((publicPath) => {
    const rule = recipeFor(publicPath, rules);
    return rule ? [{ publicPath, match: rule.match }] : [];
  });
  return { rules, assignments };
}

export function checkProjectRecipe(project: Project, rule: RecipeRule): RecipeCheck {
  return checkRecipeRule(rule, projectPaths(project));
}

export async function saveProjectRecipes(project: Project, rules: RecipeRule[]): Promise<Recipes> {
  const paths = projectPaths(project);
  const refused = rules.flatMap((rule) => {
    const check = checkRecipeRule(rule, paths);
    return check.problems.length ? [`"${rule.match}": ${check.problems.join(' ')}`] : [];
  });
  if (refused.length) {
    throw new OperationError({
      kind: 'invalid-input',
      message: `Recipe not saved. ${refused.join(' ')}`,
      hint: 'Nothing was written to porter.json; change the treatment or the pattern and save again.',
    });
  }
  for (const rule of rules) await saveRecipe(project.root, rule);
  return projectRecipes(project);
}

export async function removeProjectRecipe(project: Project, match: string): Promise<Recipes> {
  await removeRecipe(project.root, match);
  return projectRecipes(project);
}
