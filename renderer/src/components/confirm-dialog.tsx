import { useId, useRef, type ReactNode } from 'react';
import { ModalDialog } from './modal-dialog';

/** Asks before something that changes what readers of a site see; the confirm button says what it does. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel, testId }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => void; onCancel: () => void; testId: string }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  return (
    <ModalDialog role="alertdialog" labelledBy={titleId} onClose={onCancel} initialFocus={cancel} testId={testId}>
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
    </ModalDialog>
  );
}
