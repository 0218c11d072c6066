import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRecipes, parseRecipes, recipeFor, removeRecipe, saveRecipe, type RecipeRule } from '../../electron/core/recipes/index';
import { makeTempDir } from '../support/temp-project';

describe('recipe precedence', () => {
  const rules: RecipeRule[] = [
    { match: '**/*.png', mode: 'lossless' },
    { match: 'shop/img/hero.png', mode: 'lossy', quality: 60 },
    { match: '**/photos/**', mode: 'auto' },
  ];

  it('lets an exact path beat every glob, and the last matching glob beat earlier ones', () => {
    expect(recipeFor('shop/img/hero.png', rules)?.mode).toBe('lossy');
    expect(recipeFor('blog/photos/cat.png', rules)?.match).toBe('**/photos/**');
    expect(recipeFor('blog/icons/cat.png', rules)?.match).toBe('**/*.png');
    expect(recipeFor('blog/css/site.css', rules)).toBeUndefined();
    expect(recipeFor('.well-known/x.png', rules)?.match).toBe('**/*.png');
  });
});

describe('recipes in porter.json', () => {
  it('explains an invalid rule by its index and field', () => {
    expect(() => parseRecipes({})).toThrow(/"recipes" must be a list/);
    expect(() => parseRecipes([{ match: 'a.png', mode: 'smaller' }])).toThrow(/recipes\[0\].*mode/);
    expect(() => parseRecipes([{ match: 'a.png', mode: 'auto', quality: 50 }])).toThrow(/recipes\[0\] sets "quality".*lossy/);
    expect(() => parseRecipes([{ match: '../a.png', mode: 'auto' }])).toThrow(/public path/);
    expect(() => parseRecipes([{ match: 'a.png', mode: 'auto', colour: 'red' }])).toThrow(/recipes\[0\]/);
  });

  it('adds, replaces in place and removes rules, keeping every other key of porter.json', async () => {
    const root = makeTempDir();
    writeFileSync(path.join(root, 'porter.json'), JSON.stringify({ sources: ['assets'], environments: { local: { type: 'folder', path: 'out' } } }));
    expect(await loadRecipes(root)).toEqual([]);
    await saveRecipe(root, { match: '**/*.png', mode: 'lossless' });
    await saveRecipe(root, { match: 'img/hero.png', mode: 'auto' });
    await saveRecipe(root, { match: '**/*.png', mode: 'lossy', quality: 70 });
    expect(await loadRecipes(root)).toEqual([
      { match: '**/*.png', mode: 'lossy', quality: 70 },
      { match: 'img/hero.png', mode: 'auto' },
    ]);
    await removeRecipe(root, '**/*.png');
    await removeRecipe(root, 'img/hero.png');
    const saved = readFileSync(path.join(root, 'porter.json'), 'utf8');
    expect(JSON.parse(saved)).toEqual({ sources: ['assets'], environments: { local: { type: 'folder', path: 'out' } } });
    expect(saved).toContain('\n  "sources"');
  });
});
