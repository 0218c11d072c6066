import { useId, useState } from 'react';
import type { ImageMode } from '../../../../electron/contract/porter';
import { useCompare, useSavings } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { formatBytes, formatPercent } from '../../lib/format';
import type { ImageFormatChoice } from './compare-store';

const zoomSteps = [1, 2, 4];

/** Before and after of one image: a split slider or side by side, zoom to 1:1 and beyond, a live quality slider. */
export function ImageCompare() {
  const publicPath = useCompare((state) => state.publicPath);
  const close = useCompare((state) => state.close);
  const titleId = useId();
  if (!publicPath) return null;

  return (
    <ModalDialog className="dialog compare" labelledBy={titleId} onClose={close} testId="image-compare">
      <div className="row compare-header">
        <h2 id={titleId} className="path">
          {publicPath}
        </h2>
        <button type="button" onClick={close} data-testid="compare-close">
          Close
        </button>
      </div>
      <CompareControls />
      <CompareNumbers />
      <CompareStage />
    </ModalDialog>
  );
}

function CompareControls() {
  const treatment = useCompare((state) => state.treatment);
  const layout = useCompare((state) => state.layout);
  const zoom = useCompare((state) => state.zoom);
  const fit = useCompare((state) => state.fit);
  const setTreatment = useCompare((state) => state.setTreatment);
  const setLayout = useCompare((state) => state.setLayout);
  const setZoom = useCompare((state) => state.setZoom);
  const id = useId();

  return (
    <div className="row wrap compare-controls">
      <div className="field">
        <label htmlFor={`${id}-mode`}>Treatment</label>
        <select id={`${id}-mode`} data-testid="compare-mode" value={treatment.mode} onChange={(event) => setTreatment({ mode: event.target.value as ImageMode })}>
          <option value="lossless">Lossless (identical pixels)</option>
          <option value="auto">Lossy, auto quality</option>
          <option value="lossy">Lossy, choose quality</option>
        </select>
      </div>
      {treatment.mode === 'lossy' && (
        <div className="field">
          <label htmlFor={`${id}-quality`}>Quality {treatment.quality}</label>
          <input id={`${id}-quality`} data-testid="compare-quality" type="range" min={1} max={100} value={treatment.quality} onChange={(event) => setTreatment({ quality: Number(event.target.value) })} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-format`}>Format</label>
        <select id={`${id}-format`} data-testid="compare-format" value={treatment.format} onChange={(event) => setTreatment({ format: event.target.value as ImageFormatChoice })}>
          <option value="keep">Same format</option>
          <option value="webp">WebP</option>
          <option value="avif">AVIF</option>
        </select>
      </div>
      <span className="segmented" role="group" aria-label="Layout">
        <button type="button" aria-pressed={layout === 'split'} data-testid="compare-layout-split" onClick={() => setLayout('split')}>
          Split
        </button>
        <button type="button" aria-pressed={layout === 'side-by-side'} data-testid="compare-layout-side" onClick={() => setLayout('side-by-side')}>
          Side by side
        </button>
      </span>
      <span className="segmented" role="group" aria-label="Zoom">
        <button type="button" aria-pressed={fit} data-testid="compare-zoom-fit" onClick={() => setZoom(1, true)}>
          Fit
        </button>
        {zoomSteps.map((step) => (
          <button key={step} type="button" aria-pressed={!fit && zoom === step} data-testid={`compare-zoom-${step * 100}`} onClick={() => setZoom(step)}>
            {step * 100}%
          </button>
        ))}
      </span>
      <UseTreatment />
    </div>
  );
}

const formatLabel: Record<Exclude<ImageFormatChoice, 'keep'>, string> = { webp: 'WebP', avif: 'AVIF' };

/** A recipe in words, as the dialog confirms it: "lossy q80", "lossy, auto quality, also as WebP". */
function describeRule(rule: { mode: ImageMode; quality?: number; format?: Exclude<ImageFormatChoice, 'keep'> }): string {
  const mode = rule.mode === 'lossless' ? 'lossless' : rule.mode === 'auto' ? 'lossy, auto quality' : `lossy q${rule.quality}`;
  return rule.format ? `${mode}, also as ${formatLabel[rule.format]}` : mode;
}

function UseTreatment() {
  const publicPath = useCompare((state) => state.publicPath);
  const treatment = useCompare((state) => state.treatment);
  const applyRecipe = useSavings((state) => state.applyRecipe);
  const saving = useSavings((state) => state.savingRecipe);
  const error = useSavings((state) => state.error);
  // What the last click saved (or failed to), said inside the dialog, which stays open for another try.
  const [outcome, setOutcome] = useState<{ saved: boolean; words: string }>();
  if (!publicPath) return null;
  const rule = { mode: treatment.mode, ...(treatment.mode === 'lossy' ? { quality: treatment.quality } : {}), ...(treatment.format !== 'keep' ? { format: treatment.format } : {}) };
  const use = async (): Promise<void> => {
    if (saving) return;
    setOutcome(undefined);
    const saved = await applyRecipe([publicPath], rule);
    setOutcome({ saved, words: `${describeRule(rule)} for ${publicPath}` });
  };
  return (
    <>
      {/* aria-disabled rather than disabled while saving: a disabled button would drop the keyboard focus to the page. */}
      <button type="button" className="primary" data-testid="compare-use" aria-disabled={saving} onClick={() => void use()}>
        Use for this file
      </button>
      <span role="status" className={outcome && !outcome.saved ? 'notice notice-error' : 'muted'} data-testid="compare-use-status">
        {saving ? 'Saving the recipe…' : outcome ? (outcome.saved ? `Recipe saved: ${outcome.words}. Collect applies it from now on.` : `Recipe not saved: ${error?.message ?? 'Porter could not write porter.json.'}`) : ''}
      </span>
    </>
  );
}

function CompareNumbers() {
  const full = useCompare((state) => state.full);
  const preview = useCompare((state) => state.preview);
  const loadingFull = useCompare((state) => state.loadingFull);
  const error = useCompare((state) => state.error);
  if (error) return <ErrorNotice error={error} testId="compare-error" />;
  const shown = full ?? preview;
  if (!shown) return <p className="muted" role="status">Encoding…</p>;
  const { original, variant } = shown;
  const saved = original.bytes - variant.bytes;
  return (
    <div className="compare-numbers" role="status" data-testid="compare-numbers" data-full-size={full ? 'true' : 'false'}>
      {full ? (
        <>
          <span>
            Original <strong data-testid="compare-original-bytes">{formatBytes(original.bytes)}</strong> ({original.width}×{original.height})
          </span>
          <span>
            {variant.format.toUpperCase()}
            {variant.quality !== null && ` q${variant.quality}`} <strong data-testid="compare-variant-bytes">{formatBytes(variant.bytes)}</strong>
            {variant.kept ? ' (original kept: nothing smaller)' : ` (−${formatPercent((saved / original.bytes) * 100)})`}
          </span>
          <span>
            Score <strong data-testid="compare-score">{variant.score === null ? '—' : variant.score.toFixed(4)}</strong>
            <span className="muted"> (1 = identical)</span>
          </span>
        </>
      ) : (
        <span className="muted" data-testid="compare-measuring">
          Screen-size preview shown; measuring the full-size file…
        </span>
      )}
      {loadingFull && full === undefined && preview && <span className="spinner" aria-hidden="true" />}
      {full && variant.notes.length > 0 && <span className="help">{variant.notes.join(' ')}</span>}
    </div>
  );
}

function CompareStage() {
  const full = useCompare((state) => state.full);
  const preview = useCompare((state) => state.preview);
  const layout = useCompare((state) => state.layout);
  const split = useCompare((state) => state.split);
  const setSplit = useCompare((state) => state.setSplit);
  const zoom = useCompare((state) => state.zoom);
  const fit = useCompare((state) => state.fit);
  const shown = full ?? preview;
  if (!shown) return <div className="compare-stage empty-stage" />;
  // Sized by the full image's pixels, so 100% is one image pixel per CSS pixel even while the preview shows.
  const width = full?.original.width ?? shown.original.width;
  const size = fit ? { maxWidth: '100%' } : { width: `${width * zoom}px`, maxWidth: 'none' };

  if (layout === 'side-by-side') {
    return (
      <div className="compare-stage side-by-side" data-testid="compare-stage" data-layout="side-by-side">
        {/* Focusable so the zoomed image can be scrolled with the keyboard. */}
        <figure tabIndex={0} aria-label="Original, scrollable">
          <img src={shown.original.dataUrl} alt="Original" style={size} data-testid="compare-original" />
          <figcaption>Original</figcaption>
        </figure>
        <figure tabIndex={0} aria-label="Optimised, scrollable">
          <img src={shown.variant.dataUrl} alt="Optimised" style={size} data-testid="compare-variant" />
          <figcaption>Optimised</figcaption>
        </figure>
      </div>
    );
  }
  return (
    <div className="compare-stage" data-testid="compare-stage" data-layout="split" tabIndex={0} role="group" aria-label="Original and optimised, split; scrollable when zoomed">
      <div className="split-frame" style={fit ? undefined : { width: `${width * zoom}px` }}>
        <img src={shown.original.dataUrl} alt="Original" style={size} data-testid="compare-original" />
        <img src={shown.variant.dataUrl} alt="Optimised" style={{ ...size, clipPath: `inset(0 0 0 ${split}%)` }} className="split-top" data-testid="compare-variant" />
        <div className="split-line" style={{ left: `${split}%` }} aria-hidden="true" />
      </div>
      <label className="split-control">
        <span className="sr-only">Split position: original on the left, optimised on the right</span>
        <input type="range" min={0} max={100} value={split} onChange={(event) => setSplit(Number(event.target.value))} data-testid="compare-split" />
      </label>
    </div>
  );
}
