import { useRef } from 'react';
import { useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';

/**
 * Asked before Porter runs the project's Python: importing the settings executes them, so this
 * must be the user's informed choice, never a default.
 */
export function PythonConsentDialog() {
  const python = useProject((state) => state.project?.detection.pythonConsentNeeded?.python);
  const projectName = useProject((state) => state.project?.name);
  const dismissed = useProject((state) => state.consentDismissed);
  const sending = useProject((state) => state.consentSending);
  const error = useProject((state) => state.consentError);
  const answer = useProject((state) => state.answerConsent);
  const setDismissed = useProject((state) => state.setConsentDismissed);
  const deny = useRef<HTMLButtonElement>(null);
  if (python === undefined || dismissed) return null;

  return (
    <ModalDialog
      labelledBy="python-consent-title"
      describedBy="python-consent-body"
      testId="python-consent-dialog"
      // The cautious answer gets focus, so Enter never runs code by accident.
      initialFocus={deny}
      // Escape closes without answering; the project header offers the question again.
      onClose={() => setDismissed(true)}
    >
      <h2 id="python-consent-title">Run this project’s Python?</h2>
      <div id="python-consent-body">
        <p>
          Porter can ask Django itself where the static files of <strong>{projectName}</strong> are. To do that it would run
        </p>
        <p className="path" data-testid="python-consent-python">
          {python}
        </p>
        <p>
          with your project’s settings. <strong>Loading the settings executes them as code</strong>, with everything they import,
          just as <code>manage.py</code> does. Allow it only for a project you trust.
        </p>
        <p className="muted">
          If you don’t allow it, Porter reads the settings file as text instead, which can miss apps or folders set up in code.
          Porter remembers your answer for this project.
        </p>
      </div>
      {error && <ErrorNotice error={error} testId="python-consent-error" />}
      <div className="dialog-actions">
        <button type="button" ref={deny} data-testid="python-consent-deny" onClick={() => void answer(false)} disabled={sending}>
          Don’t allow
        </button>
        <button type="button" className="primary" data-testid="python-consent-allow" onClick={() => void answer(true)} disabled={sending}>
          {sending ? 'Asking Django…' : 'Allow'}
        </button>
      </div>
    </ModalDialog>
  );
}
