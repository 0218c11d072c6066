import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Asks before something that changes what readers of a site see; the confirm button says what it does. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, testId }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void; testId: string }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="overlay" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId}>{title}</h2>
        {children}
        <div className="dialog-actions">
          <button type="button" ref={cancel} onClick={onCancel} data-testid={`${testId}-cancel`}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={onConfirm} data-testid={`${testId}-confirm`}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
