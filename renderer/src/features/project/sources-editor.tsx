import { useEffect, useId, useRef } from 'react';
import { useFolderBrowser, useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { FolderBrowserDialog } from './folder-browser-dialog';
import { draftBlocker, draftProblems } from './source-draft';

/** The folder as the user thinks of it: its path inside the project, else where it is. */
function shownName(root: string, dir: string): string {
  const trimmed = dir.trim().replace(/[\\/]+$/, '');
  const base = root.replace(/[\\/]+$/, '');
  if (trimmed === base) return 'the project folder';
  if (trimmed.startsWith(base) && /^[\\/]/.test(trimmed.slice(base.length))) return trimmed.slice(base.length + 1);
  return trimmed;
}

interface PathInputProps {
  id: string;
  'data-testid': string;
  'aria-label': string;
  value: string;
  onChange(value: string): void;
  problemId: string | undefined;
}

/** A long absolute path whose end (the part that tells folders apart) shows while the field is not being edited. */
function PathInput({ value, onChange, problemId, ...props }: PathInputProps) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const element = input.current;
    if (element && document.activeElement !== element) element.scrollLeft = element.scrollWidth;
  }, [value]);
  return (
    <input
      {...props}
      ref={input}
      type="text"
      className="path-input"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      onBlur={(event) => (event.currentTarget.scrollLeft = event.currentTarget.scrollWidth)}
      aria-invalid={problemId ? true : undefined}
      aria-describedby={problemId}
      spellCheck={false}
      autoComplete="off"
    />
  );
}

type FocusTarget = { key: number; control: 'up' | 'down' | 'remove' } | { key: 'add' };

/** Lists, orders and prefixes the project's source folders, then saves them to porter.json. */
export function SourcesEditor() {
  const root = useProject((state) => state.project?.root);
  const hadSources = useProject((state) => (state.project?.sources.length ?? 0) > 0);
  const draft = useProject((state) => state.sourceDraft);
  const saving = useProject((state) => state.saving);
  const saveError = useProject((state) => state.saveError);
  const pickError = useProject((state) => state.pickError);
  const canPickFolder = useProject((state) => state.hostInfo?.canPickFolder ?? false);
  const updateSource = useProject((state) => state.updateSource);
  const moveSource = useProject((state) => state.moveSource);
  const removeSource = useProject((state) => state.removeSource);
  const saveSources = useProject((state) => state.saveSources);
  const cancelSourceEdit = useProject((state) => state.cancelSourceEdit);
  const pickSourceFolder = useProject((state) => state.pickSourceFolder);
  const showFolderBrowser = useFolderBrowser((state) => state.show);
  const id = useId();
  const editor = useRef<HTMLDivElement>(null);
  const focusNext = useRef<FocusTarget | undefined>(undefined);

  // A moved row's button keeps the focus (or its partner, once the row reaches an end), so moving by keyboard can go on.
  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = undefined;
    if (!target) return;
    const control = (name: string) => editor.current?.querySelector<HTMLButtonElement>(`[data-control="${name}"]`) ?? undefined;
    if (target.key === 'add') return control('add')?.focus();
    const wanted = control(`${target.key}:${target.control}`);
    const other = control(`${target.key}:${target.control === 'up' ? 'down' : 'up'}`);
    (wanted && !wanted.disabled ? wanted : other && !other.disabled ? other : control(`${target.key}:remove`))?.focus();
  }, [draft]);

  if (!draft || !root) return null;
  const problems = draftProblems(draft);
  const blocker = draftBlocker(draft);

  const addFolder = (): void => {
    if (canPickFolder) void pickSourceFolder();
    else void showFolderBrowser(root);
  };
  const move = (index: number, by: -1 | 1, key: number): void => {
    focusNext.current = { key, control: by < 0 ? 'up' : 'down' };
    moveSource(index, by);
  };
  const remove = (index: number): void => {
    const neighbour = draft[index + 1] ?? draft[index - 1];
    focusNext.current = neighbour ? { key: neighbour.key, control: 'remove' } : { key: 'add' };
    removeSource(index);
  };

  return (
    <div className="sources-editor" ref={editor} data-testid="sources-editor">
      {draft.length === 0 ? (
        <div className="empty" data-testid="sources-editor-empty">
          <p>This project has no source folders yet.</p>
          <p className="muted">Add the folders that hold its CSS, JavaScript and images. Porter collects from them and saves the list in porter.json.</p>
        </div>
      ) : (
        <ol className="source-draft" aria-label="Source folders, in search order" data-testid="source-draft-list">
          {draft.map((source, index) => {
            const name = shownName(root, source.dir) || `folder ${index + 1}`;
            const problem = problems[index] ?? {};
            const dirId = `${id}-${source.key}-dir`;
            const prefixId = `${id}-${source.key}-prefix`;
            return (
              <li key={source.key} data-testid="source-draft-row">
                <div className="source-draft-head">
                  <span className="source-draft-name">
                    <span className="num">{index + 1}.</span> {name}
                  </span>
                  <span className="source-draft-actions">
                    <button type="button" data-control={`${source.key}:up`} data-testid="source-move-up" aria-label={`Move ${name} up`} title="Move up" disabled={index === 0} onClick={() => move(index, -1, source.key)}>
                      ↑
                    </button>
                    <button
                      type="button"
                      data-control={`${source.key}:down`}
                      data-testid="source-move-down"
                      aria-label={`Move ${name} down`}
                      title="Move down"
                      disabled={index === draft.length - 1}
                      onClick={() => move(index, 1, source.key)}
                    >
                      ↓
                    </button>
                    <button type="button" data-control={`${source.key}:remove`} data-testid="source-remove" aria-label={`Remove ${name}`} onClick={() => remove(index)}>
                      Remove
                    </button>
                  </span>
                </div>
                <div className="source-draft-fields">
                  <div className="field grow">
                    <label htmlFor={dirId}>Folder</label>
                    <PathInput
                      id={dirId}
                      data-testid="source-draft-dir"
                      aria-label={`Folder ${index + 1}`}
                      value={source.dir}
                      onChange={(dir) => updateSource(index, { dir })}
                      problemId={problem.dir ? `${dirId}-problem` : undefined}
                    />
                    {problem.dir && (
                      <p id={`${dirId}-problem`} className="field-problem" data-testid="source-draft-dir-problem">
                        {problem.dir}
                      </p>
                    )}
                  </div>
                  <div className="field">
                    <label htmlFor={prefixId}>Prefix</label>
                    <input
                      id={prefixId}
                      type="text"
                      className="prefix-input"
                      data-testid="source-draft-prefix"
                      aria-label={`Prefix of folder ${index + 1}`}
                      placeholder="none"
                      value={source.prefix}
                      onChange={(event) => updateSource(index, { prefix: event.target.value })}
                      aria-invalid={problem.prefix ? true : undefined}
                      aria-describedby={problem.prefix ? `${prefixId}-problem` : undefined}
                      spellCheck={false}
                      autoComplete="off"
                    />
                    {problem.prefix && (
                      <p id={`${prefixId}-problem`} className="field-problem" data-testid="source-draft-prefix-problem">
                        {problem.prefix}
                      </p>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p className="help">A prefix puts a folder’s files under that path, like <code>("vendor", "vendor_src")</code> in STATICFILES_DIRS.</p>
      {pickError && <ErrorNotice error={pickError} testId="source-pick-error" />}
      <div className="row wrap sources-editor-actions">
        <button type="button" data-control="add" data-testid="add-source-folder" onClick={addFolder}>
          Add folder…
        </button>
        <button type="button" className="primary" data-testid="save-source-folders" disabled={saving || blocker !== undefined} aria-describedby={blocker ? `${id}-blocker` : undefined} onClick={() => void saveSources()}>
          {saving ? 'Saving…' : 'Save to porter.json'}
        </button>
        {hadSources && (
          <button type="button" data-testid="cancel-source-edit" onClick={cancelSourceEdit} disabled={saving}>
            Cancel
          </button>
        )}
        {blocker && (
          <span id={`${id}-blocker`} className="muted" data-testid="sources-save-blocker">
            {blocker}
          </span>
        )}
      </div>
      {saveError && <ErrorNotice error={saveError} testId="save-sources-error" />}
      {!canPickFolder && <FolderBrowserDialog />}
    </div>
  );
}
