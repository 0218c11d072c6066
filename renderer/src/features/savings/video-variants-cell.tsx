import type { SavingsVariant } from '../../../../electron/contract/porter';
import { useSavings, useVideoCompare } from '../../app-stores';
import { formatBytes, formatPercent } from '../../lib/format';
import type { SavingsRow } from './savings-rows';
import { videoVariantLabel } from './video-labels';

/** A video's variants in the place of the image and text columns: bytes, % saved, SSIM and PSNR, and Compare. */
export function VideoVariantsCell({ row, running }: { row: SavingsRow; running: boolean }) {
  const root = useSavings((state) => state.root);
  const openCompare = useVideoCompare((state) => state.open);
  const now = useSavings((state) => (state.job?.state === 'running' && state.job.progress.video?.publicPath === row.publicPath ? state.job.progress.video : null));
  if (row.videoUnavailable) {
    return <td colSpan={3} className="muted" data-testid="savings-cell-video" data-state="unavailable">Needs FFmpeg: see the note above the table.</td>;
  }
  if (!row.complete) {
    const text = !running ? 'not measured' : now ? `compressing and comparing… step ${Math.min(now.step + 1, now.steps)} of ${now.steps}, ${Math.round(now.percent)}%` : 'waits for the other files…';
    return <td colSpan={3} className="muted pending-cell" data-testid="savings-cell-video" data-state={running ? 'measuring' : 'not-measured'} title="Videos are measured after every other file.">{text}</td>;
  }
  if (row.error) return <td colSpan={3} className="muted" data-testid="savings-cell-video" data-state="failed">—</td>;
  return (
    <td colSpan={3} data-testid="savings-cell-video" data-state="measured">
      <ul className="video-variants">
        {row.videos.map((variant) => (
          <li key={variant.videoCodec} data-testid="savings-video-variant" data-codec={variant.videoCodec} data-bytes={variant.bytes} title={variant.notes.join('\n') || undefined}>
            <span>{videoVariantLabel(variant.videoCodec!)}</span> <strong>{formatBytes(variant.bytes)}</strong>{' '}
            <span className="cell-detail">{scoreText(variant)}</span>
            {root && (
              <button type="button" className="small" data-testid="savings-video-compare" aria-label={`Compare ${row.publicPath} with its ${videoVariantLabel(variant.videoCodec!)} variant`} onClick={() => openCompare(root, row.publicPath, variant.videoCodec!)}>
                Compare
              </button>
            )}
          </li>
        ))}
      </ul>
      {row.sampleNote && <span className="cell-detail" data-testid="savings-video-sample">{row.sampleNote}</span>}
    </td>
  );
}

function scoreText(variant: SavingsVariant): string {
  const size = variant.savedBytes >= 0 ? `−${formatPercent(variant.percentSaved)}` : `+${formatPercent(-variant.percentSaved)}, larger: keep the original`;
  const psnr = variant.psnrDb === null || variant.psnrDb === undefined ? 'identical' : `${variant.psnrDb.toFixed(1)} dB`;
  return `${size} · SSIM ${variant.score?.toFixed(3) ?? '—'} · PSNR ${psnr}`;
}
