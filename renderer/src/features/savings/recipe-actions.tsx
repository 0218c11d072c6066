import { useId, useState, type FormEvent } from 'react';
import type { RecipeRule } from '../../../../electron/contract/porter';
import { useSavings } from '../../app-stores';

type Treatment = Omit<RecipeRule, 'match'>;

const treatments: { label: string; testId: string; treatment: Treatment }[] = [
  { label: 'Lossless', testId: 'recipe-lossless', treatment: { mode: 'lossless' } },
  { label: 'Lossy, auto quality', testId: 'recipe-auto', treatment: { mode: 'auto' } },
  { label: 'Minify', testId: 'recipe-minify', treatment: { mode: 'minify' } },
  { label: 'Leave as is', testId: 'recipe-none', treatment: { mode: 'none' } },
];

/** Recipes for the selected files or for a glob, and the rules porter.json holds now. */
export function RecipeActions() {
  const selected = useSavings((state) => state.selected);
  const saving = useSavings((state) => state.savingRecipe);
  const rules = useSavings((state) => state.recipes?.rules ?? []);
  const applyRecipe = useSavings((state) => state.applyRecipe);
  const removeRecipe = useSavings((state) => state.removeRecipe);
  const [glob, setGlob] = useState('');
  const [globMode, setGlobMode] = useState<RecipeRule['mode']>('auto');
  const globId = useId();
  const modeId = useId();

  const saveGlob = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (glob.trim() && (await applyRecipe([glob.trim()], { mode: globMode }))) setGlob('');
  };

  return (
    <div className="recipes" data-testid="recipes">
      {selected.size > 0 && (
        <div className="row wrap selection-bar" role="group" aria-label="Recipe for the selected files" data-testid="recipe-selection">
          <span>
            <strong>{selected.size.toLocaleString('en')}</strong> selected: collect will apply
          </span>
          {treatments.map(({ label, testId, treatment }) => (
            <button key={testId} type="button" data-testid={testId} disabled={saving} onClick={() => void applyRecipe([...selected], treatment)}>
              {label}
            </button>
          ))}
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
                {rule.format && rule.format !== 'keep' && `, also as ${rule.format.toUpperCase()}`}
                <button type="button" className="small" aria-label={`Remove the recipe for ${rule.match}`} onClick={() => void removeRecipe(rule.match)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="row wrap" onSubmit={(event) => void saveGlob(event)}>
          <div className="field grow">
            <label htmlFor={globId}>Files matching</label>
            <input id={globId} data-testid="recipe-glob" value={glob} onChange={(event) => setGlob(event.target.value)} placeholder="**/photos/**" spellCheck={false} />
          </div>
          <div className="field">
            <label htmlFor={modeId}>Treatment</label>
            <select id={modeId} data-testid="recipe-glob-mode" value={globMode} onChange={(event) => setGlobMode(event.target.value as RecipeRule['mode'])}>
              <option value="auto">Lossy, auto quality</option>
              <option value="lossless">Lossless</option>
              <option value="minify">Minify</option>
              <option value="none">Leave as is</option>
            </select>
          </div>
          <button type="submit" data-testid="recipe-glob-save" disabled={saving || !glob.trim()}>
            Save recipe
          </button>
        </form>
      </details>
    </div>
  );
}
