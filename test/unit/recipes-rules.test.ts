import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRecipeRule, describeTypes, loadRecipes, matchingPaths, parseRecipes, patternError, recipeFor, removeRecipe, saveRecipe, type RecipeRule } from '../../electron/core/recipes/index';
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
    expect(() => parseRecipes([{ match: 'a.png', mode: 'auto', effort: 'max' }])).toThrow(/recipes\[0\] sets "effort".*lossless/);
    expect(() => parseRecipes([{ match: 'a.png', mode: 'lossless', effort: 'extreme' }])).toThrow(/recipes\[0\].*effort/);
    expect(parseRecipes([{ match: '**/*.png', mode: 'lossless', effort: 'max' }])).toEqual([{ match: '**/*.png', mode: 'lossless', effort: 'max' }]);
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

describe('checking a recipe against the project files', () => {
  const paths = [
    'app/img/hero.png',
    'app/img/team.png',
    'app/img/photo.jpg',
    'app/img/logo.svg',
    'app/img/banner.webp',
    'app/css/site.css',
    'app/css/print.css',
    'app/js/app.js',
    'fonts/inter.woff2',
    'fonts/LICENSE',
  ];
  const check = (rule: RecipeRule) => checkRecipeRule(rule, paths);

  it('explains a pattern that is not valid, in words that say how to fix it', () => {
    expect(patternError('app/img/[ab.png')).toBe('Unclosed [ in pattern: add ], or write \\[ to match a [ in a file name.');
    expect(patternError('app/{a,b.png')).toMatch(/^Unclosed \{ in pattern: add \}/);
    expect(patternError('app/*(a|b).png')).toBeNull();
    expect(patternError('app/*(a|b.png')).toMatch(/^Unclosed \( in pattern/);
    expect(patternError('app/a].png')).toMatch(/^Unmatched \] in pattern: add \[ before it/);
    expect(patternError('app\\img\\hero.png')).toBe('Use / between folders, not \\.');
    expect(patternError('/app/img/hero.png')).toMatch(/public path/);
    expect(patternError('C:/site/hero.png')).toMatch(/public path/);
    expect(patternError(' **/*.png')).toMatch(/spaces/);
    expect(patternError('')).toMatch(/Type a path or a glob/);
    expect(patternError('**/*.{png,jpg}')).toBeNull();
    const result = check({ match: 'app/img/[ab.png', mode: 'auto' });
    expect(result).toMatchObject({ patternError: expect.stringMatching(/^Unclosed \[/), matched: 0, problems: [expect.stringMatching(/^Unclosed \[/)] });
  });

  it('refuses such a pattern in porter.json, naming the rule', () => {
    expect(() => parseRecipes([{ match: '**/*.png', mode: 'auto' }, { match: 'img/[ab.png', mode: 'auto' }])).toThrow(
      'porter.json: recipes[1] "match": "img/[ab.png" is not valid. Unclosed [ in pattern',
    );
  });

  it('counts the matches by type, most common first, the way collect matches them', () => {
    const images = check({ match: 'app/img/**', mode: 'auto' });
    expect(images.matched).toBe(5);
    expect(images.types).toEqual([
      { label: 'PNG', kind: 'image', count: 2 },
      { label: 'JPEG', kind: 'image', count: 1 },
      { label: 'SVG', kind: 'text', count: 1 },
      { label: 'WebP', kind: 'image', count: 1 },
    ]);
    expect(describeTypes(images.types)).toBe('2 PNG, 1 JPEG, 1 SVG, 1 WebP');
    expect(check({ match: 'fonts/*', mode: 'none' }).types).toEqual([
      { label: 'without extension', kind: 'other', count: 1 },
      { label: 'WOFF2', kind: 'other', count: 1 },
    ]);
    expect(check({ match: 'app/img/hero.png', mode: 'lossless' })).toMatchObject({ glob: false, matched: 1 });
    expect(matchingPaths('**/*.png', ['.well-known/a.png', 'a.PNG'])).toEqual(['.well-known/a.png']);
  });

  it('says nothing matches yet, and still lets the rule be saved', () => {
    const none = check({ match: '**/*.gif', mode: 'auto' });
    expect(none).toMatchObject({ matched: 0, types: [], problems: [], notes: ['No file matches this pattern yet; collect applies it to files added later.'] });
    expect(none.modes.every((mode) => mode.reason === null)).toBe(true);
  });

  it('refuses lossy on a glob that matches only CSS, and says what to use', () => {
    const css = check({ match: '**/*.css', mode: 'lossy', quality: 70 });
    expect(css.problems).toEqual(['Lossy cannot change any of these files. Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images; the 2 matched files are all CSS. Use Minify.']);
    expect(css.modes.filter((mode) => mode.reason === null).map((mode) => mode.mode)).toEqual(['minify', 'none']);
    // One reason for the three image treatments, so the editor shows it once.
    expect(new Set(css.modes.flatMap((mode) => mode.reason ?? [])).size).toBe(1);
    expect(check({ match: '**/*.css', mode: 'minify' }).problems).toEqual([]);
  });

  it('refuses minify on images, and every optimiser on files Porter cannot optimise', () => {
    expect(check({ match: '**/*.png', mode: 'minify' }).problems).toEqual([
      'Minify cannot change any of these files. Minify is for CSS, JS, HTML, SVG and JSON files; the 2 matched files are all PNG. Use Lossless or Lossy.',
    ]);
    expect(check({ match: 'fonts/**', mode: 'lossless' }).problems).toEqual([
      'Lossless cannot change any of these files. Lossless and lossy are for PNG, JPEG, GIF, WebP and AVIF images; the 2 matched files are 1 without extension, 1 WOFF2. Porter has no optimiser for them: leave them as is.',
    ]);
    expect(check({ match: 'fonts/**', mode: 'none' }).problems).toEqual([]);
  });

  it('refuses a WebP or AVIF copy of files that are not images, or with a treatment that makes none', () => {
    expect(check({ match: '**/*.css', mode: 'minify', format: 'webp' }).problems).toEqual(['A WebP copy needs an image treatment (Lossless or Lossy); Minify makes none.']);
    const js = check({ match: 'app/js/*', mode: 'none', format: 'avif' });
    expect(js.formats).toEqual([
      { format: 'webp', fits: 0, reason: 'WebP and AVIF copies are made of images only; the matched file is JS.' },
      { format: 'avif', fits: 0, reason: 'WebP and AVIF copies are made of images only; the matched file is JS.' },
    ]);
    expect(check({ match: 'app/img/banner.webp', mode: 'lossless', format: 'webp' }).problems).toEqual(['No WebP copy to make: the matched images are already WebP.']);
  });

  it('lets a glob rule set quality and format like a per-file one, and says which files it leaves alone', () => {
    const photos = check({ match: 'app/img/**', mode: 'lossy', quality: 55, format: 'webp' });
    expect(photos.problems).toEqual([]);
    expect(photos.modes.find((mode) => mode.mode === 'lossy')).toEqual({ mode: 'lossy', fits: 4, reason: null });
    expect(photos.notes).toEqual([
      'Lossy changes 4 files; the other file (1 SVG) is collected as it is.',
      '1 image is already WebP, so no copy is made of it.',
    ]);
    expect(check({ match: 'app/img/**', mode: 'auto', quality: 55 }).problems).toEqual([expect.stringMatching(/^Quality applies to "Lossy" only/)]);
    expect(check({ match: 'app/img/**', mode: 'lossless', effort: 'max' }).problems).toEqual([]);
    expect(check({ match: 'app/img/**', mode: 'auto', effort: 'max' }).problems).toEqual([expect.stringMatching(/^Effort applies to "Lossless" only/)]);
  });
});
