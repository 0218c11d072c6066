// Recipes: the treatment per asset or glob that porter.json keeps and collect applies.
export { applyRecipes, type AppliedRecipes, type ApplyRecipesOptions } from './apply-recipes';
export { checkRecipeRule, describeTypes, fileKind, matchingPaths, MODE_LABEL, patternError } from './check-rule';
export { loadRecipes, parseRecipes, recipeFor, removeRecipe, saveRecipe, type RecipeRule } from './rules';
