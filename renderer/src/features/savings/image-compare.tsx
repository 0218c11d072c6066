import { useEffect, useId, useState } from 'react';
import type { ImageMode, ImagePreview } from '../../../../electron/contract/porter';
import { useCompare, useSavings } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { formatBytes, formatPercent } from '../../lib/format';
import { treatmentLabel, variantLabel } from './compare-labels';
import { CompareStage } from './compare-stage';
import type { CompareTreatment, ImageFormatChoice } from './compare-store';

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
  const error = useCompare((state) => state.error);
  const cancelled = useCompare((state) => state.cancelled);
  const retry = useCompare((state) => state.retry);
  const treatment = useCompare((state) => state.treatment);
  const previewTreatment = useCompare((state) => state.previewTreatment);
  if (error) return <ErrorNotice error={error} testId="compare-error" />;
  const shown = full ?? preview;
  return (
    <div className="compare-status">
      <EncodeProgress />
      {cancelled && (
        <p className="notice notice-warn row wrap" role="status" data-testid="compare-cancelled">
          <span>
            Cancelled.{' '}
            {cancelledNote(full !== undefined, preview !== undefined, previewTreatment !== undefined && sameTreatment(previewTreatment, treatment))}
          </span>
          <button type="button" className="small" data-testid="compare-retry" onClick={retry}>
            Encode again
          </button>
        </p>
      )}
      {shown && <ShownNumbers shown={shown} isFull={full !== undefined} />}
    </div>
  );
}

const sameTreatment = (a: CompareTreatment, b: CompareTreatment): boolean => a.mode === b.mode && a.format === b.format && (a.mode !== 'lossy' || a.quality === b.quality);

/** What is on screen after a Cancel: the full result, this treatment's preview, an earlier treatment, or nothing. */
function cancelledNote(hasFull: boolean, hasPreview: boolean, previewIsCurrent: boolean): string {
  if (hasFull) return 'The full-size result had arrived and is shown.';
  if (hasPreview && previewIsCurrent) return 'The screen-size preview of this treatment is shown; its full-size bytes and score were not measured.';
  if (hasPreview) return 'Nothing was encoded for this treatment; the images shown are of the one before.';
  return 'Nothing was encoded.';
}

function ShownNumbers({ shown, isFull }: { shown: ImagePreview; isFull: boolean }) {
  const { original, variant } = shown;
  const saved = original.bytes - variant.bytes;
  if (!isFull) {
    return (
      <div className="compare-numbers" data-testid="compare-numbers" data-full-size="false">
        <span className="muted" data-testid="compare-measuring">
          Screen-size preview ({shown.original.width}×{shown.original.height} of {shown.sourceWidth}×{shown.sourceHeight}); the full-size numbers come with the full encode.
        </span>
      </div>
    );
  }
  return (
    <div className="compare-numbers" data-testid="compare-numbers" data-full-size="true">
      <span>
        Original <strong data-testid="compare-original-bytes">{formatBytes(original.bytes)}</strong> ({original.width}×{original.height})
      </span>
      <span>
        {variantLabel(variant)} <strong data-testid="compare-variant-bytes">{formatBytes(variant.bytes)}</strong>
        {variant.kept ? ' (nothing smaller)' : ` (−${formatPercent((saved / original.bytes) * 100)})`}
      </span>
      <span>
        Score <strong data-testid="compare-score">{variant.score === null ? '—' : variant.score.toFixed(4)}</strong>
        <span className="muted"> (1 = identical)</span>
      </span>
      {variant.notes.length > 0 && <span className="help">{variant.notes.join(' ')}</span>}
    </div>
  );
}

/** An encode cannot say how far it is, so: which step, the time so far, and a Cancel that stops it in the core. */
function EncodeProgress() {
  const loadingPreview = useCompare((state) => state.loadingPreview);
  const loadingFull = useCompare((state) => state.loadingFull);
  const startedAt = useCompare((state) => state.encodeStartedAt);
  const treatment = useCompare((state) => state.treatment);
  const cancel = useCompare((state) => state.cancel);
  const [now, setNow] = useState(() => Date.now());
  const running = loadingPreview || loadingFull;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  if (!running || startedAt === undefined) return null;
  const seconds = Math.max(0, Math.floor((now - startedAt) / 1000));
  const step = loadingPreview ? 'A screen-size preview first, then the full size' : 'The preview is ready; now the full-size file';
  return (
    <div className="row wrap compare-progress" data-testid="compare-progress">
      <span className="spinner" aria-hidden="true" />
      <span role="status">
        Encoding {treatmentLabel(treatment)}. {step}…{' '}
        <span className="muted" data-testid="compare-elapsed">
          {seconds} s
        </span>
      </span>
      <div className="progress progress-indeterminate" role="progressbar" aria-label="Encoding" />
      <button type="button" className="small" data-testid="compare-cancel" onClick={cancel}>
        Cancel
      </button>
    </div>
  );
}
