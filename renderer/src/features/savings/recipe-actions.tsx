import { useId, useMemo } from 'react';
import type { RecipeRule, SavingsAsset } from '../../../../electron/contract/porter';
import { useSavings } from '../../app-stores';
import { RecipeGlobForm } from './recipe-glob-form';

type Treatment = Omit<RecipeRule, 'match'>;

type Kind = SavingsAsset['kind'];

/** Each treatment is saved for the selected files it can change: a per-file rule that changes nothing is refused. */
const treatments: { label: string; testId: string; treatment: Treatment; fits: readonly Kind[] }[] = [
  { label: 'Lossless', testId: 'recipe-lossless', treatment: { mode: 'lossless' }, fits: ['image', 'font'] },
  { label: 'Lossy, auto quality', testId: 'recipe-auto', treatment: { mode: 'auto' }, fits: ['image'] },
  { label: 'Minify', testId: 'recipe-minify', treatment: { mode: 'minify' }, fits: ['text'] },
  { label: 'Leave as is', testId: 'recipe-none', treatment: { mode: 'none' }, fits: ['image', 'text', 'font', 'other'] },
];

const kindWords: Record<Kind, [string, string]> = { image: ['image', 'images'], text: ['CSS, JS or other text file', 'CSS, JS or other text files'], font: ['font', 'fonts'], video: ['video', 'videos'], other: ['other file', 'other files'] };

/** Recipes for the selected files or for a glob, and the rules porter.json holds now. */
export function RecipeActions() {
  const selected = useSavings((state) => state.selected);
  const saving = useSavings((state) => state.savingRecipe);
  const rules = useSavings((state) => state.recipes?.rules ?? []);
  const applyRecipe = useSavings((state) => state.applyRecipe);
  const removeRecipe = useSavings((state) => state.removeRecipe);
  const selectionId = useId();
  const report = useSavings((state) => state.report);
  const kindOf = useMemo(() => new Map(report?.assets.map((asset) => [asset.publicPath, asset.kind])), [report]);
  const selectedKinds = useMemo(() => {
    const counts: Record<Kind, number> = { image: 0, text: 0, font: 0, video: 0, other: 0 };
    for (const publicPath of selected) counts[kindOf.get(publicPath) ?? 'other'] += 1;
    return counts;
  }, [selected, kindOf]);
  const fitting = (fits: readonly Kind[]): string[] => [...selected].filter((publicPath) => fits.includes(kindOf.get(publicPath) ?? 'other'));
  const described = (Object.keys(selectedKinds) as Kind[])
    .filter((kind) => selectedKinds[kind] > 0)
    .map((kind) => `${selectedKinds[kind]} ${kindWords[kind][selectedKinds[kind] === 1 ? 0 : 1]}`)
    .join(', ');

  return (
    <div className="recipes" data-testid="recipes">
      {selected.size > 0 && (
        <div className="row wrap selection-bar" role="group" aria-label="Recipe for the selected files" data-testid="recipe-selection">
          <span id={selectionId}>
            <strong>{selected.size.toLocaleString('en')}</strong> selected ({described}): collect will apply
          </span>
          {treatments.map(({ label, testId, treatment, fits }) => {
            const paths = fitting(fits);
            return (
              <button key={testId} type="button" data-testid={testId} data-files={paths.length} aria-describedby={selectionId} disabled={saving || paths.length === 0}
                title={paths.length === 0 ? `${label} changes none of the selected files.` : paths.length < selected.size ? `Saved for the ${paths.length} selected files it changes.` : undefined}
                onClick={() => void applyRecipe(paths, treatment)}>
                {label}
                {paths.length > 0 && paths.length < selected.size && ` (${paths.length})`}
              </button>
            );
          })}
        </div>
      )}
      <details className="recipe-rules" data-testid="recipe-rules">
        <summary>
          Recipes in porter.json ({rules.length}) <span className="muted">: applied by collect from each source file, every time</span>
        </summary>
        {rules.length > 0 && (
          <ul className="rule-list">
            {rules.map((rule) => (
              <li key={rule.match} data-testid="recipe-rule" data-match={rule.match}>
                <code>{rule.match}</code> → {rule.mode}
                {rule.quality !== undefined && ` q${rule.quality}`}
                {rule.effort !== undefined && `, ${rule.effort} effort`}
                {rule.format && rule.format !== 'keep' && `, also as ${rule.format.toUpperCase()}`}
                <button type="button" className="small" aria-label={`Remove the recipe for ${rule.match}`} onClick={() => void removeRecipe(rule.match)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <RecipeGlobForm />
      </details>
    </div>
  );
}
