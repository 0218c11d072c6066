import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useFolderBrowser, useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';

const baseName = (folder: string): string => folder.split(/[\\/]/).filter(Boolean).at(-1) ?? folder;

/**
 * Chooses a source folder inside the project where there is no OS dialog (in a browser): a list of
 * subfolders to walk with the arrow keys (→ or Enter opens one, ← goes up), and an Add button that says
 * which folder it adds.
 */
export function FolderBrowserDialog() {
  const root = useFolderBrowser((state) => state.root);
  const listing = useFolderBrowser((state) => state.listing);
  const selected = useFolderBrowser((state) => state.selected);
  const loading = useFolderBrowser((state) => state.loading);
  const error = useFolderBrowser((state) => state.error);
  const go = useFolderBrowser((state) => state.go);
  const select = useFolderBrowser((state) => state.select);
  const close = useFolderBrowser((state) => state.close);
  const projectName = useProject((state) => state.project?.name);
  const addSourceFolder = useProject((state) => state.addSourceFolder);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const open = root !== undefined;

  // The list is where the keyboard works, so it takes focus as soon as there is one to walk.
  const hasListing = listing !== undefined;
  useEffect(() => {
    if (open && hasListing) list.current?.focus();
  }, [open, hasListing]);

  const folders = listing?.folders ?? [];
  const chosen = selected ?? listing?.folder;
  const chosenName = chosen === undefined ? '' : chosen === root ? (projectName ?? baseName(chosen)) : baseName(chosen);
  const shownPath = listing ? [projectName ?? baseName(listing.folder), ...listing.relative.split('/').filter(Boolean)].join(' / ') : '';
  const selectedIndex = folders.findIndex((folder) => folder.path === selected);
  const optionId = (index: number): string => `${id}-folder-${index}`;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const last = folders.length - 1;
    const move = (index: number): void => {
      event.preventDefault();
      const folder = folders[Math.max(0, Math.min(last, index))];
      if (folder) select(folder.path);
    };
    if (event.key === 'ArrowDown') move(selectedIndex < 0 ? 0 : selectedIndex + 1);
    else if (event.key === 'ArrowUp') move(selectedIndex < 0 ? last : selectedIndex - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(last);
    else if ((event.key === 'Enter' || event.key === 'ArrowRight') && selected) {
      event.preventDefault();
      void go(selected);
    } else if ((event.key === 'ArrowLeft' || event.key === 'Backspace') && listing?.parent) {
      event.preventDefault();
      void go(listing.parent);
    }
  };

  const add = (): void => {
    if (!chosen) return;
    addSourceFolder(chosen);
    close();
  };

  if (!open) return null;
  return (
    <ModalDialog className="dialog folder-browser" labelledBy={`${id}-title`} testId="folder-browser" onClose={close}>
      <h2 id={`${id}-title`}>Add a source folder</h2>
      <div className="row folder-browser-where">
        <button type="button" data-testid="folder-browser-up" disabled={!listing?.parent || loading} onClick={() => listing?.parent && void go(listing.parent)}>
          ↑ Up
        </button>
        <p className="path" data-testid="folder-browser-path" aria-live="polite">
          {shownPath}
        </p>
      </div>
      {error && <ErrorNotice error={error} testId="folder-browser-error" />}
      {listing && folders.length === 0 && (
        <p className="muted" data-testid="folder-browser-empty">
          No folders inside {chosenName}. Add it, or go up.
        </p>
      )}
      <ul
        ref={list}
        role="listbox"
        tabIndex={0}
        className="folder-list"
        data-testid="folder-browser-list"
        aria-label={`Folders in ${shownPath}`}
        aria-describedby={`${id}-keys`}
        aria-activedescendant={selectedIndex >= 0 ? optionId(selectedIndex) : undefined}
        aria-busy={loading}
        hidden={folders.length === 0}
        onKeyDown={onKeyDown}
        onFocus={() => selectedIndex < 0 && folders[0] && select(folders[0].path)}
      >
        {folders.map((folder, index) => (
          <li
            key={folder.path}
            id={optionId(index)}
            role="option"
            aria-selected={folder.path === selected}
            data-testid="folder-browser-option"
            onClick={() => select(folder.path)}
            onDoubleClick={() => void go(folder.path)}
          >
            {folder.name}
          </li>
        ))}
      </ul>
      {listing?.truncated && <p className="help">Only the first {folders.length} folders are listed.</p>}
      <p id={`${id}-keys`} className="help">
        Arrow keys choose a folder, → or Enter opens it, ← goes up. Double-click opens one too.
      </p>
      <div className="dialog-actions">
        <button type="button" data-testid="folder-browser-cancel" onClick={close}>
          Cancel
        </button>
        <button type="button" className="primary" data-testid="folder-browser-add" disabled={!chosen || loading} onClick={add}>
          Add “{chosenName}”
        </button>
      </div>
    </ModalDialog>
  );
}
