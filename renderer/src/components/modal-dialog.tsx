import { useLayoutEffect, useRef, type KeyboardEvent, type ReactNode, type RefObject } from 'react';

const focusableSelector = ['a[href]', 'button:not([disabled])', 'input:not([disabled]):not([type="hidden"])', 'select:not([disabled])', 'textarea:not([disabled])', '[tabindex]:not([tabindex="-1"])'].join(',');

/** What Tab can reach inside the dialog, in order; hidden controls (no layout box) are not stops. */
function tabStops(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(focusableSelector)].filter((element) => element.tabIndex >= 0 && element.getClientRects().length > 0);
}

export interface ModalDialogProps {
  /** Called on Escape (wherever focus is inside) and on any other close the browser makes. */
  onClose: () => void;
  /** The id of the dialog's visible title: its accessible name. */
  labelledBy: string;
  describedBy?: string;
  /** `alertdialog` for questions that must be answered before going on. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  testId: string;
  /** What gets focus on open; the first control inside otherwise. */
  initialFocus?: RefObject<HTMLElement | null>;
  children: ReactNode;
}

/**
 * A native modal `<dialog>`, open while mounted: the page behind it is inert and Escape closes it (the browser
 * gives both), Tab and Shift+Tab cycle inside it instead of leaving for the browser's own controls, and on close
 * focus goes back to the control that opened it.
 */
export function ModalDialog({ onClose, labelledBy, describedBy, role, className = 'dialog', testId, initialFocus, children }: ModalDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    close.current = onClose;
  });

  // Before paint, so the dialog never shows as a non-modal box for a frame.
  useLayoutEffect(() => {
    const element = dialog.current!;
    const active = document.activeElement;
    // Remembered once: a second run (React's strict mode) would see focus already inside the dialog.
    if (active instanceof HTMLElement && active !== document.body && !element.contains(active)) opener.current = active;
    if (!element.open) element.showModal();
    (initialFocus?.current ?? tabStops(element)[0] ?? element).focus();
    return () => {
      // After the commit that removes the dialog: until then the page behind it is still inert and refuses focus.
      queueMicrotask(() => {
        if (opener.current?.isConnected) opener.current.focus({ preventScroll: true });
      });
    };
    // Opened once per mount: which control gets focus is decided then, not on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const cycleFocus = (event: KeyboardEvent<HTMLDialogElement>): void => {
    if (event.key !== 'Tab' || event.defaultPrevented) return;
    const stops = tabStops(event.currentTarget);
    if (stops.length === 0) return event.preventDefault();
    const first = stops[0]!;
    const last = stops[stops.length - 1]!;
    const active = document.activeElement;
    const outside = !(active instanceof HTMLElement) || !stops.includes(active);
    if (event.shiftKey && (active === first || outside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || outside)) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={dialog}
      className={className}
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      data-testid={testId}
      onKeyDown={cycleFocus}
      onCancel={(event) => {
        // The store decides when the dialog goes away (it unmounts); the browser must not hide it on its own.
        event.preventDefault();
        close.current();
      }}
      // Browsers may close without a cancellable cancel event (repeated Escape without user activation).
      onClose={() => close.current()}
    >
      {children}
    </dialog>
  );
}
