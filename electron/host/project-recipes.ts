// The recipe operations for the host: porter.json's rules, and which rule each of the project's files gets, so
// the UI shows what collect will do without matching globs itself.
import type { Project, RecipeRule, Recipes } from '../contract/porter';
import { projectSavingsFiles } from '../core/optimize/savings/index';
import { loadRecipes, recipeFor, removeRecipe, saveRecipe } from '../core/recipes/index';

export async function projectRecipes(project: Project): Promise<Recipes> {
  const rules = await loadRecipes(project.root);
  const assignments = projectSavingsFiles(project).flatMap((file) => {
    const rule = recipeFor(file.publicPath, rules);
    return rule ? [{ publicPath: file.publicPath, match: rule.match }] : [];
  });
  return { rules, assignments };
}

export async function saveProjectRecipes(project: Project, rules: RecipeRule[]): Promise<Recipes> {
  for (const rule of rules) await saveRecipe(project.root, rule);
  return projectRecipes(project);
}

export async function removeProjectRecipe(project: Project, match: string): Promise<Recipes> {
  await removeRecipe(project.root, match);
  return projectRecipes(project);
}
