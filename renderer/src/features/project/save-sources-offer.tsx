import { useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';

/** When detection is unsure, pinning the order in porter.json makes every later collect use exactly this order. */
export function SaveSourcesOffer() {
  const certainty = useProject((state) => state.project?.detection.certainty);
  const hasSources = useProject((state) => (state.project?.sources.length ?? 0) > 0);
  const saving = useProject((state) => state.saving);
  const savedPath = useProject((state) => state.savedPath);
  const error = useProject((state) => state.saveError);
  const save = useProject((state) => state.saveSources);

  if (savedPath) {
    return (
      <div className="notice notice-ok" role="status" data-testid="save-sources-result">
        Saved the source order to <span className="path">{savedPath}</span>. Porter will use exactly this order from now on.
      </div>
    );
  }
  if (certainty !== 'unsure' || !hasSources) return null;
  return (
    <div className="notice notice-warn" data-testid="save-sources-offer">
      <p className="notice-title">Porter is not sure this is the order Django uses.</p>
      <p>
        Check the folders above. If they are right, save them to <code>porter.json</code> so every collect uses exactly this
        order; you can edit the file later.
      </p>
      <button type="button" data-testid="save-sources-button" onClick={() => void save()} disabled={saving}>
        {saving ? 'Saving…' : 'Save order to porter.json'}
      </button>
      {error && <ErrorNotice error={error} testId="save-sources-error" />}
    </div>
  );
}
