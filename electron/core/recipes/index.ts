// Recipes: the treatment per asset or glob that porter.json keeps and collect applies.
export { applyRecipes, type AppliedRecipes, type ApplyRecipesOptions } from './apply-recipes';
export { loadRecipes, parseRecipes, recipeFor, removeRecipe, saveRecipe, type RecipeRule } from './rules';
