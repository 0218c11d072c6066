import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Asset, Source } from '../../../../electron/contract/porter';
import { useAssets, useProject } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { AddFilesButton } from '../import/add-files-button';
import { formatBytes, plural } from '../../lib/format';
import { videoFileName, videoSummary } from './video-labels';
import { countAssets, filterAssets, nextAssetSort, sortAssets, type AssetSortKey, type StatusFilter } from './assets-store';

const imageName = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/** A one-line row's height in CSS pixels (a 40 px thumbnail and padding); rows with a reason are measured as they render. */
const estimatedRowHeight = 53;

/** Fixed widths: a virtualised table sizes its columns from the rows in view, so auto widths would jump on scroll. */
const columns: { key: AssetSortKey; label: string; numeric: boolean; width: string }[] = [
  { key: 'path', label: 'Public path', numeric: false, width: '38%' },
  { key: 'source', label: 'Source', numeric: false, width: '20%' },
  { key: 'size', label: 'Size', numeric: true, width: '10%' },
  { key: 'status', label: 'Status', numeric: false, width: '32%' },
];
const noSources: Source[] = [];

export function AssetsPanel() {
  const sources = useProject((state) => state.project?.sources ?? noSources);
  const assets = useAssets((state) => state.assets);
  const warnings = useAssets((state) => state.warnings);
  const loading = useAssets((state) => state.loading);
  const error = useAssets((state) => state.error);
  const filter = useAssets((state) => state.filter);
  const statusFilter = useAssets((state) => state.statusFilter);
  const sort = useAssets((state) => state.sort);
  const setFilter = useAssets((state) => state.setFilter);
  const setStatusFilter = useAssets((state) => state.setStatusFilter);
  const deferredFilter = useDeferredValue(filter);
  const counts = useMemo(() => countAssets(assets), [assets]);
  const visible = useMemo(() => sortAssets(filterAssets(assets, deferredFilter, statusFilter), sort), [assets, deferredFilter, statusFilter, sort]);
  const filterId = useId();
  const statusId = useId();

  return (
    <section className="card" aria-labelledby="assets-title" aria-busy={loading} data-testid="assets-panel">
      <div className="card-header">
        <h2 id="assets-title">Static files</h2>
        <div className="row card-actions">
          <p className="muted" data-testid="assets-counts" aria-live="polite">
            {loading && assets.length === 0
              ? 'Listing files…'
              : `${plural(counts.all, 'file')}: ${counts.collected.toLocaleString('en')} collected (${formatBytes(counts.collectedBytes)}), ${plural(counts.duplicate, 'duplicate')}, ${counts.ignored.toLocaleString('en')} ignored`}
          </p>
          <AddFilesButton />
        </div>
      </div>

      {error && <ErrorNotice error={error} testId="assets-error" />}
      {warnings.length > 0 && (
        <ul className="notice notice-warn notes" data-testid="assets-warnings" aria-label="Warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}

      <div className="row filters">
        <div className="field grow">
          <label htmlFor={filterId}>Filter</label>
          <input
            id={filterId}
            type="search"
            data-testid="assets-filter"
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="Part of a path, e.g. css/ or logo"
            spellCheck={false}
          />
        </div>
        <div className="field">
          <label htmlFor={statusId}>Show</label>
          <select id={statusId} data-testid="assets-status-filter" value={statusFilter} onChange={(event) => setStatusFilter(event.target.value as StatusFilter)}>
            <option value="all">All files</option>
            <option value="collected">Collected</option>
            <option value="duplicate">Duplicates</option>
            <option value="ignored">Ignored</option>
          </select>
        </div>
      </div>

      {!loading && !error && assets.length === 0 ? (
        <div className="empty" data-testid="assets-empty">
          <p>These sources hold no files yet.</p>
          <p className="muted">Add files to the folders listed above, then open the project again.</p>
        </div>
      ) : visible.length === 0 && assets.length > 0 ? (
        <div className="empty" data-testid="assets-no-match">
          <p>No files match this filter.</p>
        </div>
      ) : (
        <AssetsTable assets={visible} sources={sources} />
      )}
    </section>
  );
}

/**
 * Virtualised: only the rows in view are in the DOM, so 10,000 files scroll as smoothly as ten. The page itself is
 * the scroller (no scroll box inside the scrolling page), so rows are placed from where the list starts on the page.
 */
function AssetsTable({ assets, sources }: { assets: Asset[]; sources: Source[] }) {
  const body = useRef<HTMLTableSectionElement>(null);
  const listTop = usePageOffset(body);
  const sort = useAssets((state) => state.sort);
  const setSort = useAssets((state) => state.setSort);
  const virtualizer = useWindowVirtualizer({
    count: assets.length,
    estimateSize: () => estimatedRowHeight,
    overscan: 12,
    scrollMargin: listTop,
    getItemKey: (index) => `${assets[index]!.sourcePath}:${assets[index]!.status}`,
  });
  const items = virtualizer.getVirtualItems();
  const thumbnails = useAssets((state) => state.thumbnails);
  const requestThumbnails = useAssets((state) => state.requestThumbnails);
  const visibleImages = items.map((item) => assets[item.index]!).filter((asset) => asset.status !== 'ignored' && imageName.test(asset.publicPath)).map((asset) => asset.sourcePath);
  const visibleKey = visibleImages.join('\n');
  useEffect(() => {
    if (visibleKey) requestThumbnails(visibleKey.split('\n'));
  }, [visibleKey, requestThumbnails]);
  const videos = useAssets((state) => state.videos);
  const requestVideoDetails = useAssets((state) => state.requestVideoDetails);
  const visibleVideoKey = items.map((item) => assets[item.index]!).filter((asset) => asset.status !== 'ignored' && videoFileName.test(asset.publicPath)).map((asset) => asset.sourcePath).join('\n');
  useEffect(() => {
    if (visibleVideoKey) requestVideoDetails(visibleVideoKey.split('\n'));
  }, [visibleVideoKey, requestVideoDetails]);
  const before = (items[0]?.start ?? listTop) - listTop;
  const after = virtualizer.getTotalSize() - ((items.at(-1)?.end ?? listTop) - listTop);

  return (
    <div className="virtual-list">
      <table className="table" data-testid="assets-table" aria-rowcount={assets.length + 1}>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} style={{ width: column.width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? 'num' : undefined} aria-sort={sort.key === column.key ? sort.direction : 'none'}>
                <button type="button" className="sort" data-testid={`assets-sort-${column.key}`} onClick={() => setSort(nextAssetSort(sort, column.key))}>
                  {column.label}
                  <span aria-hidden="true">{sort.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={body}>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const asset = assets[item.index]!;
            const video = asset.status === 'ignored' ? undefined : videos[asset.sourcePath];
            const preview = thumbnails[asset.sourcePath] ?? (video?.ok ? video.poster : null);
            return (
              <tr
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                aria-rowindex={item.index + 2}
                data-testid="asset-row"
                data-status={asset.status}
                data-public-path={asset.publicPath}
              >
                <td className="path">
                  <span className="thumb-cell">
                    {preview ? <img src={preview} alt="" className="asset-thumb" data-testid="asset-thumb" /> : <span className="asset-thumb" aria-hidden="true" />}
                    <span className="status-cell">
                      {asset.publicPath}
                      {video?.ok && (
                        <span className="reason" data-testid="asset-video">
                          {videoSummary(video)}
                        </span>
                      )}
                      {video && !video.ok && (
                        <span className="reason" data-testid="asset-video-problem">
                          {video.message}
                        </span>
                      )}
                    </span>
                  </span>
                </td>
                <td title={asset.sourcePath}>{sourceLabel(sources, asset.sourceIndex)}</td>
                {/* Ignored entries are never read, so their size isn't known. */}
                <td className="num">{asset.status === 'ignored' ? '—' : formatBytes(asset.bytes)}</td>
                <td>
                  <StatusBadge asset={asset} />
                </td>
              </tr>
            );
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

/** Where the element starts on the page, kept current as what is above it grows or shrinks. */
function usePageOffset(ref: RefObject<HTMLElement | null>): number {
  const [offset, setOffset] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = (): void => setOffset(Math.round(element.getBoundingClientRect().top + window.scrollY));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return offset;
}

function StatusBadge({ asset }: { asset: Asset }) {
  if (asset.status === 'collected') return <span className="badge badge-ok">Collected</span>;
  if (asset.status === 'duplicate') {
    return (
      <span className="status-cell">
        <span className="badge badge-warn" data-testid="asset-badge">
          Duplicate
        </span>
        <span className="reason" data-testid="asset-reason">
          Another file wins: <span className="path">{asset.reason}</span>
        </span>
      </span>
    );
  }
  return (
    <span className="status-cell">
      <span className="badge badge-muted" data-testid="asset-badge">
        Ignored
      </span>
      <span className="reason" data-testid="asset-reason">
        Matches the ignore pattern <code>{asset.reason}</code>
      </span>
    </span>
  );
}

function sourceLabel(sources: Source[], index: number): string {
  const source = sources[index];
  if (!source) return `#${index + 1}`;
  const name = source.app ?? source.dir.split(/[\\/]/).filter(Boolean).slice(-2).join('/');
  return `#${index + 1} ${name}${source.prefix ? ` (${source.prefix}/)` : ''}`;
}
