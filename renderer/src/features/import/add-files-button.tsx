import { useRef } from 'react';
import { useImport } from '../../app-stores';

/**
 * The way in that needs no drag: the system's file picker (the desktop app's native open dialog, a browser's own),
 * whose files take the same road as dropped ones, through the import dialog.
 */
export function AddFilesButton() {
  const receive = useImport((state) => state.receive);
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" data-testid="add-files-button" onClick={() => input.current?.click()}>
        Add files…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="add-files-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])].map((file) => ({ file, relativePath: file.name }));
          // Cleared, so picking the same file again still reports a change.
          event.target.value = '';
          void receive(files);
        }}
      />
    </>
  );
}
