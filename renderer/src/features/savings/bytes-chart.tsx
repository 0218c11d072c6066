import { useMemo, useState } from 'react';
import { useSavings } from '../../app-stores';
import { formatBytes } from '../../lib/format';
import { breakdown, savingsRows, type BreakdownBy } from './savings-rows';

/** Where the bytes are: one bar per file type or folder, its saveable part drawn inside it. */
export function BytesChart() {
  const report = useSavings((state) => state.report);
  const [by, setBy] = useState<BreakdownBy>('type');
  const slices = useMemo(() => (report ? breakdown(savingsRows(report), by) : []), [report, by]);
  if (!report || slices.length === 0) return null;
  const largest = Math.max(...slices.map((slice) => slice.originalBytes), 1);
  const rowHeight = 26;
  const labelWidth = 170;
  const chartWidth = 640;
  const barWidth = chartWidth - labelWidth - 150;

  return (
    <figure className="chart" data-testid="savings-chart">
      <figcaption className="row">
        <strong>Where the bytes are</strong>
        <span className="segmented" role="group" aria-label="Group the chart by">
          {(['type', 'folder'] as const).map((option) => (
            <button key={option} type="button" aria-pressed={by === option} data-testid={`savings-chart-by-${option}`} onClick={() => setBy(option)}>
              By {option}
            </button>
          ))}
        </span>
        <span className="legend muted">
          <span className="swatch swatch-kept" /> stays <span className="swatch swatch-saved" /> can be saved
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${chartWidth} ${slices.length * rowHeight}`} width="100%" role="img" aria-label={`Bytes by ${by}`}>
        {slices.map((slice, index) => {
          const y = index * rowHeight;
          const total = (slice.originalBytes / largest) * barWidth;
          const saved = slice.originalBytes > 0 ? (slice.savedBytes / slice.originalBytes) * total : 0;
          return (
            <g key={slice.label} data-testid="savings-chart-bar" data-label={slice.label}>
              <title>{`${slice.label}: ${formatBytes(slice.originalBytes)} in ${slice.files} files, ${formatBytes(slice.savedBytes)} can be saved`}</title>
              <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="chart-label">
                {slice.label.length > 24 ? `…${slice.label.slice(-23)}` : slice.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={Math.max(total - saved, 0)} height={rowHeight - 8} className="bar-kept" rx={2} />
              <rect x={labelWidth + total - saved} y={y + 4} width={saved} height={rowHeight - 8} className="bar-saved" rx={2} />
              <text x={labelWidth + total + 6} y={y + 17} className="chart-value">
                {formatBytes(slice.originalBytes)}
                {slice.savedBytes > 0 && ` (−${formatBytes(slice.savedBytes)})`}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
