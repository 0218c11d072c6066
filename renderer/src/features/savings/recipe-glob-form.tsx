import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { RecipeCheck, RecipeRule } from '../../../../electron/contract/porter';
import { useAssets, useSavings } from '../../app-stores';
import type { ImageFormatChoice } from './compare-store';

type Mode = RecipeRule['mode'];
type Effort = NonNullable<RecipeRule['effort']>;

const modes: { mode: Mode; label: string }[] = [
  { mode: 'auto', label: 'Lossy, auto quality' },
  { mode: 'lossy', label: 'Lossy, choose quality' },
  { mode: 'lossless', label: 'Lossless' },
  { mode: 'minify', label: 'Minify' },
  { mode: 'none', label: 'Leave as is' },
];

const formats: { format: ImageFormatChoice; label: string }[] = [
  { format: 'keep', label: 'Same format' },
  { format: 'webp', label: 'Also as WebP' },
  { format: 'avif', label: 'Also as AVIF' },
];

const efforts: { effort: Effort; label: string }[] = [
  { effort: 'fast', label: 'Fast' },
  { effort: 'balanced', label: 'Balanced' },
  { effort: 'max', label: 'Smallest (slow)' },
];

/** Long enough that a check is not sent for every key, short enough to feel live. */
const CHECK_DELAY_MS = 200;

const imageModes: ReadonlySet<Mode> = new Set(['auto', 'lossy', 'lossless']);

function draftRule(match: string, mode: Mode, quality: number, format: ImageFormatChoice, effort: Effort): RecipeRule | undefined {
  if (!match) return undefined;
  return {
    match,
    mode,
    ...(mode === 'lossy' ? { quality } : {}),
    // Balanced is what a rule without an effort gets, so porter.json only says otherwise.
    ...(mode === 'lossless' && effort !== 'balanced' ? { effort } : {}),
    ...(imageModes.has(mode) && format !== 'keep' ? { format } : {}),
  };
}

const sameRule = (a: RecipeRule, b: RecipeRule): boolean =>
  a.match === b.match && a.mode === b.mode && a.quality === b.quality && (a.format ?? 'keep') === (b.format ?? 'keep') && a.effort === b.effort;

/** A glob (or path) rule: checked against the project's files as it is typed, with quality and format like a per-file one. */
export function RecipeGlobForm() {
  const saving = useSavings((state) => state.savingRecipe);
  const applyRecipe = useSavings((state) => state.applyRecipe);
  const checkRecipe = useSavings((state) => state.checkRecipe);
  const answer = useSavings((state) => state.recipeCheck);
  // A reload of the file list (files added or removed on disk) changes what a pattern matches.
  const assets = useAssets((state) => state.assets);
  const [glob, setGlob] = useState('');
  const [mode, setMode] = useState<Mode>('auto');
  const [quality, setQuality] = useState(75);
  const [format, setFormat] = useState<ImageFormatChoice>('keep');
  const [effort, setEffort] = useState<Effort>('balanced');
  const id = useId();

  const match = glob.trim();
  const rule = useMemo(() => draftRule(match, mode, quality, format, effort), [match, mode, quality, format, effort]);
  useEffect(() => {
    if (!rule) {
      void checkRecipe(undefined);
      return;
    }
    const timer = setTimeout(() => void checkRecipe(rule), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [rule, checkRecipe, assets]);

  // What the pattern matches stays true while only the treatment changes; the verdict on the rule needs a new answer.
  const check = answer && 'check' in answer && answer.rule.match === match ? answer.check : undefined;
  const current = check && rule && sameRule(answer!.rule, rule) ? check : undefined;
  const failed = answer && 'error' in answer && rule && sameRule(answer.rule, rule) ? answer.error : undefined;
  const modeReason = (each: Mode): string | null => check?.modes.find((entry) => entry.mode === each)?.reason ?? null;
  const formatReason = (each: ImageFormatChoice): string | null => (each === 'keep' ? null : (check?.formats.find((entry) => entry.format === each)?.reason ?? null));
  const formatApplies = imageModes.has(mode);
  // The selected treatment's reason is already the refusal above; the rest say why their options are greyed out.
  const reasons = [...modes.filter((each) => each.mode !== mode).map((each) => modeReason(each.mode)), ...(formatApplies ? formats.map((each) => formatReason(each.format)) : [])];
  const unavailable = [...new Set(reasons.filter((reason): reason is string => reason !== null && reason !== modeReason(mode)))];
  const canSave = Boolean(rule && current && current.problems.length === 0 && !saving);

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (rule && canSave && (await applyRecipe([rule.match], { mode: rule.mode, quality: rule.quality, format: rule.format, effort: rule.effort }))) setGlob('');
  };

  return (
    <form className="recipe-glob-form" data-testid="recipe-glob-form" aria-label="Recipe for files matching a pattern" onSubmit={(event) => void save(event)}>
      <div className="row wrap">
        <div className="field grow">
          <label htmlFor={`${id}-glob`}>Files matching</label>
          <input
            id={`${id}-glob`}
            type="text"
            data-testid="recipe-glob"
            value={glob}
            onChange={(event) => setGlob(event.target.value)}
            placeholder="**/photos/**"
            spellCheck={false}
            autoComplete="off"
            aria-invalid={check?.patternError ? true : undefined}
            aria-describedby={`${id}-status`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-mode`}>Treatment</label>
          <select id={`${id}-mode`} data-testid="recipe-glob-mode" value={mode} onChange={(event) => setMode(event.target.value as Mode)} aria-describedby={`${id}-reasons`}>
            {modes.map((each) => (
              <option key={each.mode} value={each.mode} disabled={modeReason(each.mode) !== null && each.mode !== mode}>
                {each.label}
                {modeReason(each.mode) !== null ? ' (not for these files)' : ''}
              </option>
            ))}
          </select>
        </div>
        {mode === 'lossy' && (
          <div className="field recipe-quality">
            <label htmlFor={`${id}-quality`}>Quality {quality}</label>
            <input id={`${id}-quality`} data-testid="recipe-glob-quality" type="range" min={1} max={100} value={quality} onChange={(event) => setQuality(Number(event.target.value))} />
          </div>
        )}
        {mode === 'lossless' && (
          <div className="field">
            <label htmlFor={`${id}-effort`}>Effort</label>
            <select id={`${id}-effort`} data-testid="recipe-glob-effort" value={effort} onChange={(event) => setEffort(event.target.value as Effort)} aria-describedby={`${id}-effort-help`}>
              {efforts.map((each) => (
                <option key={each.effort} value={each.effort}>
                  {each.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-format`}>Format</label>
          <select
            id={`${id}-format`}
            data-testid="recipe-glob-format"
            value={formatApplies ? format : 'keep'}
            disabled={!formatApplies}
            onChange={(event) => setFormat(event.target.value as ImageFormatChoice)}
            aria-describedby={`${id}-reasons`}
          >
            {formats.map((each) => (
              <option key={each.format} value={each.format} disabled={formatReason(each.format) !== null && each.format !== format}>
                {each.label}
                {formatReason(each.format) !== null ? ' (not for these files)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <button type="submit" className="primary" data-testid="recipe-glob-save" disabled={!canSave}>
            Save recipe
          </button>
        </div>
      </div>
      <p id={`${id}-status`} className={check?.patternError ? 'recipe-check recipe-check-error' : 'recipe-check'} role="status" data-testid="recipe-glob-status">
        {statusText(match, check, failed?.message)}
      </p>
      {current && current.problems.length > 0 && !current.patternError && (
        <p className="recipe-check recipe-check-error" data-testid="recipe-glob-problem">
          {current.problems.join(' ')}
        </p>
      )}
      {current?.notes.map((note) => (
        <p key={note} className="help" data-testid="recipe-glob-note">
          {note}
        </p>
      ))}
      <div id={`${id}-reasons`}>
        {unavailable.length > 0 && (
          <ul className="help recipe-unavailable" data-testid="recipe-glob-unavailable" aria-label="Not available for these files">
            {unavailable.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
        {mode === 'lossless' && (
          <p id={`${id}-effort-help`} className="help" data-testid="recipe-glob-effort-help">
            {EFFORT_HELP[effort]}
          </p>
        )}
        {!formatApplies && <p className="help">Only the image treatments make a WebP or AVIF copy.</p>}
      </div>
    </form>
  );
}

// Measured on 61 PNGs from installed packages (bench/RESULTS.md): what each effort costs and gives for PNG files.
const EFFORT_HELP: Record<Effort, string> = {
  fast: 'Fast: one standard PNG encode. About 10% smaller PNGs; the quickest collect.',
  balanced: 'Balanced: also reduces colours, grey and bit depth where no pixel changes. About 18% smaller PNGs; a little slower.',
  max: 'Smallest: tries every encoder and recompresses the winner thoroughly. A few % smaller again, but many times slower on large images.',
};

function statusText(match: string, check: RecipeCheck | undefined, failure: string | undefined): string {
  if (!match) return 'A glob like **/photos/** or **/*.png, or one file’s path like app/img/hero.png.';
  if (failure) return failure;
  if (!check) return 'Checking…';
  if (check.patternError) return check.patternError;
  if (check.matched === 0) return 'No file matches.';
  const types = check.types.map((type) => (check.types.length === 1 && check.matched === 1 ? type.label : `${type.count.toLocaleString('en')} ${type.label}`)).join(', ');
  return `Matches ${check.matched.toLocaleString('en')} file${check.matched === 1 ? '' : 's'}: ${types}`;
}
