import { useDeferredValue, useId, useMemo, type ReactNode } from 'react';
import type { SavingsVariant } from '../../../../electron/contract/porter';
import { useCompare, useSavings } from '../../app-stores';
import { formatBytes, formatMoney, formatPercent } from '../../lib/format';
import { filterRows, nextSort, savingsRows, sortRows, withoutName, type KindFilter, type SavingsRow, type SortKey } from './savings-rows';
import { FontFaceSnippet } from './font-face-snippet';
import { RecipeActions } from './recipe-actions';
import { VideoVariantsCell } from './video-variants-cell';

/** Past this many rows the filter is the way in, and the DOM stays fast. */
const shownRows = 500;

const columns: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'path', label: 'File', numeric: false },
  { key: 'original', label: 'Original', numeric: true },
  { key: 'lossless', label: 'Lossless', numeric: true },
  { key: 'lossy', label: 'Lossy', numeric: true },
  { key: 'minified', label: 'Minified', numeric: true },
  { key: 'transfer', label: 'Transfer', numeric: true },
  { key: 'money', label: 'Saves /month', numeric: true },
];

export function SavingsTable() {
  const report = useSavings((state) => state.report);
  const kindFilter = useSavings((state) => state.kindFilter);
  const textFilter = useSavings((state) => state.textFilter);
  const sort = useSavings((state) => state.sort);
  const selected = useSavings((state) => state.selected);
  const recipes = useSavings((state) => state.recipes);
  const setKindFilter = useSavings((state) => state.setKindFilter);
  const setTextFilter = useSavings((state) => state.setTextFilter);
  const setSort = useSavings((state) => state.setSort);
  const toggleSelected = useSavings((state) => state.toggleSelected);
  const setSelected = useSavings((state) => state.setSelected);
  const openCompare = useCompare((state) => state.open);
  const root = useSavings((state) => state.root);
  const running = useSavings((state) => state.job?.state === 'running');
  const deferredText = useDeferredValue(textFilter);
  const rows = useMemo(() => (report ? savingsRows(report) : []), [report]);
  const visible = useMemo(() => sortRows(filterRows(rows, kindFilter, deferredText), sort), [rows, kindFilter, deferredText, sort]);
  const recipeOf = useMemo(() => new Map(recipes?.assignments.map((each) => [each.publicPath, each.match])), [recipes]);
  const filterId = useId();
  const kindId = useId();
  // Every video shares the reason (no FFmpeg), so it is said once, not on each row.
  const videoUnavailable = rows.find((row) => row.videoUnavailable)?.videoUnavailable ?? null;
  if (!report) return null;
  const shown = visible.slice(0, shownRows);
  const allShownSelected = shown.length > 0 && shown.every((row) => selected.has(row.publicPath));

  return (
    <div className="savings-table">
      <div className="row filters">
        <div className="field grow">
          <label htmlFor={filterId}>Filter</label>
          <input id={filterId} type="search" data-testid="savings-filter" value={textFilter} onChange={(event) => setTextFilter(event.target.value)} placeholder="Part of a path, e.g. img/ or logo" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor={kindId}>Type</label>
          <select id={kindId} data-testid="savings-kind-filter" value={kindFilter} onChange={(event) => setKindFilter(event.target.value as KindFilter)}>
            <option value="all">All files</option>
            <option value="image">Images</option>
            <option value="text">CSS, JS, HTML, SVG, JSON</option>
            <option value="font">Fonts</option>
            <option value="video">Videos</option>
            <option value="other">Other</option>
          </select>
        </div>
      </div>
      <RecipeActions />
      {videoUnavailable && (
        <p className="notice notice-warn" role="status" data-testid="savings-video-notice">
          {videoUnavailable}
        </p>
      )}
      {visible.length === 0 ? (
        <div className="empty" data-testid="savings-no-match">
          <p>No files match this filter.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="savings-table">
            <thead>
              <tr>
                <th scope="col" className="select-cell">
                  <input type="checkbox" aria-label="Select every file shown" data-testid="savings-select-all" checked={allShownSelected}
                    onChange={() => setSelected(allShownSelected ? [] : shown.map((row) => row.publicPath))} />
                </th>
                {columns.map((column) => (
                  <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={sort.key === column.key ? sort.direction : 'none'}>
                    <button type="button" className="sort" data-testid={`savings-sort-${column.key}`} onClick={() => setSort(nextSort(sort, column.key))}>
                      {column.label}
                      <span aria-hidden="true">{sort.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                ))}
                <th scope="col">Recipe</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.publicPath} data-testid="savings-row" data-public-path={row.publicPath} data-kind={row.kind} data-complete={row.complete} aria-selected={selected.has(row.publicPath)}>
                  <td className="select-cell">
                    <input type="checkbox" aria-label={`Select ${row.publicPath}`} checked={selected.has(row.publicPath)} onChange={() => toggleSelected(row.publicPath)} />
                  </td>
                  <td className="path">
                    {row.kind === 'image' && !row.error && root ? (
                      <button type="button" className="link" data-testid="savings-compare" onClick={() => openCompare(root, row.publicPath, { mode: 'auto' })}>
                        {row.publicPath}
                      </button>
                    ) : (
                      <span data-testid="savings-row-name">{row.publicPath}</span>
                    )}
                    {row.siblings.length > 0 && (
                      <span
                        className="sibling-badge"
                        data-testid="savings-siblings"
                        title={`With compressed copies on, collect writes ${row.siblings.map((suffix) => row.publicPath + suffix).join(' and ')} beside it, for WhiteNoise or nginx to serve.`}
                      >
                        {row.siblings.join(' ')}
                      </span>
                    )}
                    {row.kind === 'font' && row.lossless && !row.error && <FontFaceSnippet publicPath={row.publicPath} />}
                    {row.error && (
                      <span className="row-error" data-testid="savings-row-error">
                        {withoutName(row.error, row.publicPath)}
                      </span>
                    )}
                  </td>
                  <td className="num" data-testid="savings-cell-original">{formatBytes(row.originalBytes)}</td>
                  {row.kind === 'video' ? (
                    <VideoVariantsCell row={row} running={running} />
                  ) : (
                    <>
                      <VariantCell variant={row.lossless} testId="savings-cell-lossless" />
                      {row.kind === 'image' && !row.lossy && !row.complete ? (
                        <PendingCell testId="savings-cell-lossy" running={running} what="Auto quality is searching for the smallest lossy file that looks the same." />
                      ) : (
                        <VariantCell variant={row.lossy} testId="savings-cell-lossy" />
                      )}
                      <VariantCell variant={row.minified} testId="savings-cell-minified" />
                    </>
                  )}
                  {row.complete ? (
                    <>
                      <td className="num" data-testid="savings-cell-transfer" title={row.kind === 'text' ? 'With brotli, as a browser downloads it' : undefined}>
                        {formatBytes(row.transferBytes)}
                      </td>
                      <td className="num" data-testid="savings-cell-money">{formatMoney(row.bestMoney)}</td>
                    </>
                  ) : (
                    <>
                      {row.kind === 'text' ? (
                        <PendingCell testId="savings-cell-transfer" running={running} what="Brotli at its highest level, as a browser downloads it, takes a moment longer." />
                      ) : (
                        <td className="num" data-testid="savings-cell-transfer">{formatBytes(row.transferBytes)}</td>
                      )}
                      <PendingCell testId="savings-cell-money" running={running} what="The money follows once every number of this file is in." />
                    </>
                  )}
                  <td data-testid="savings-cell-recipe">{recipeLabel(row, recipeOf.get(row.publicPath), recipes?.rules)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {visible.length > shown.length && (
            <p className="help" data-testid="savings-truncated">
              Showing the first {shown.length.toLocaleString('en')} of {visible.length.toLocaleString('en')} files. Use the filter to find others.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** A number still being measured, or one a cancelled run never got to. */
function PendingCell({ testId, running, what }: { testId: string; running: boolean; what: string }) {
  return (
    <td className="num muted pending-cell" data-testid={testId} data-pending={running ? 'measuring' : 'not-measured'} title={running ? what : 'The measure stopped before this number; measure again to get it.'}>
      {running ? 'measuring…' : 'not measured'}
    </td>
  );
}

const fallbackLabel: Record<NonNullable<SavingsVariant['fallback']>, string> = {
  'target-missed': 'lossless: lossy looks different',
  'lossless-smaller': 'lossless is smaller',
};

function VariantCell({ variant, testId }: { variant: SavingsVariant | null; testId: string }) {
  if (!variant) return <td className="num muted" data-testid={testId}>—</td>;
  const detail: ReactNode[] = [variant.kept ? 'kept as is' : `−${formatPercent(variant.percentSaved)}`];
  if (variant.fallback) detail.push(variant.kept ? 'lossy looks different' : fallbackLabel[variant.fallback]);
  else if (variant.kind === 'lossy' && variant.score !== null && !variant.kept) detail.push(`score ${variant.score.toFixed(3)}`);
  if (variant.format === 'woff2') detail.push('as WOFF2');
  return (
    <td className="num" data-testid={testId} data-bytes={variant.bytes} data-fallback={variant.fallback ?? undefined} title={variant.notes.join('\n') || undefined}>
      {formatBytes(variant.bytes)}
      <span className="cell-detail">{detail.join(' · ')}</span>
    </td>
  );
}

function recipeLabel(row: SavingsRow, match: string | undefined, rules: { match: string; mode: string; quality?: number; format?: string; effort?: string }[] | undefined): string {
  if (!match) return row.kind === 'other' ? '—' : 'As is';
  const rule = rules?.find((each) => each.match === match);
  if (!rule) return 'As is';
  const parts = [rule.mode === 'none' ? 'As is' : rule.mode === 'auto' ? 'Lossy, auto quality' : rule.mode === 'lossy' ? `Lossy q${rule.quality ?? 'default'}` : rule.mode === 'minify' ? 'Minified' : `Lossless${rule.effort === 'max' ? ', smallest' : rule.effort === 'fast' ? ', fast' : ''}`];
  if (rule.format && rule.format !== 'keep') parts.push(`+ ${rule.format.toUpperCase()}`);
  if (match !== row.publicPath) parts.push(`(${match})`);
  return parts.join(' ');
}
