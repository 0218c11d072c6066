import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { VideoPreview } from '../../../../electron/contract/porter';
import { useVideoCompare } from '../../app-stores';
import { ErrorNotice } from '../../components/error-notice';
import { ModalDialog } from '../../components/modal-dialog';
import { formatBytes, formatPercent } from '../../lib/format';
import { videoVariantLabel } from './video-labels';

type Layout = 'side-by-side' | 'split';

/** The original and one variant of a video, played in sync: one play/pause, one seek bar, ←/→ one frame. */
export function VideoCompare() {
  const publicPath = useVideoCompare((state) => state.publicPath);
  const codec = useVideoCompare((state) => state.codec);
  const preview = useVideoCompare((state) => state.preview);
  const loading = useVideoCompare((state) => state.loading);
  const cancelled = useVideoCompare((state) => state.cancelled);
  const error = useVideoCompare((state) => state.error);
  const close = useVideoCompare((state) => state.close);
  const cancel = useVideoCompare((state) => state.cancel);
  const open = useVideoCompare((state) => state.open);
  const root = useVideoCompare((state) => state.root);
  const titleId = useId();
  if (!publicPath || !codec) return null;

  return (
    <ModalDialog className="dialog compare" labelledBy={titleId} onClose={close} testId="video-compare">
      <div className="row compare-header">
        <h2 id={titleId} className="path">
          {publicPath} <span className="muted">against {videoVariantLabel(codec)}</span>
        </h2>
        <button type="button" onClick={close} data-testid="video-compare-close">
          Close
        </button>
      </div>
      {loading && (
        <p className="row" role="status" data-testid="video-compare-loading">
          Compressing the whole video as {videoVariantLabel(codec)} and comparing it with the original…
          <button type="button" onClick={cancel} data-testid="video-compare-cancel">
            Cancel
          </button>
        </p>
      )}
      {cancelled && (
        <p className="notice notice-warn row" role="status" data-testid="video-compare-cancelled">
          Cancelled; nothing was written.
          <button type="button" onClick={() => root && open(root, publicPath, codec)}>
            Compress again
          </button>
        </p>
      )}
      {error && <ErrorNotice error={error} testId="video-compare-error" />}
      {preview && <VideoStage preview={preview} />}
    </ModalDialog>
  );
}

/** Object URLs for the two videos' bytes, revoked when the preview goes. */
function useVideoUrls(preview: VideoPreview): { original: string; variant: string } {
  const urls = useMemo(() => {
    const url = (file: { base64: string; mimeType: string }): string => URL.createObjectURL(new Blob([Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0))], { type: file.mimeType }));
    return { original: url(preview.original), variant: url(preview.variant) };
  }, [preview]);
  useEffect(
    () => () => {
      URL.revokeObjectURL(urls.original);
      URL.revokeObjectURL(urls.variant);
    },
    [urls],
  );
  return urls;
}

function VideoStage({ preview }: { preview: VideoPreview }) {
  const urls = useVideoUrls(preview);
  const original = useRef<HTMLVideoElement>(null);
  const variant = useRef<HTMLVideoElement>(null);
  const [playing, setPlaying] = useState(false);
  const [time, setTime] = useState(0);
  const [layout, setLayout] = useState<Layout>('side-by-side');
  const [split, setSplit] = useState(50);
  // Without a frame rate from the file, 30 fps is the common case and a step is still small.
  const frame = 1 / (preview.fps ?? 30);
  const duration = preview.seconds;
  const id = useId();

  const both = (act: (video: HTMLVideoElement) => void): void => {
    for (const video of [original.current, variant.current]) if (video) act(video);
  };
  const seek = (seconds: number): void => {
    const to = Math.min(Math.max(0, seconds), Math.max(0, duration - frame / 2));
    both((video) => (video.currentTime = to));
    setTime(to);
  };
  const togglePlay = (): void => {
    if (playing) {
      both((video) => video.pause());
      seek(original.current?.currentTime ?? time);
      setPlaying(false);
    } else {
      if (variant.current && original.current) variant.current.currentTime = original.current.currentTime;
      both((video) => void video.play().catch(() => setPlaying(false)));
      setPlaying(true);
    }
  };
  const step = (frames: number): void => {
    both((video) => video.pause());
    setPlaying(false);
    seek((original.current?.currentTime ?? time) + frames * frame);
  };

  // The original leads; the variant is pulled back into step when it drifts by more than a frame.
  const follow = (): void => {
    const lead = original.current;
    const follower = variant.current;
    if (!lead || !follower) return;
    setTime(lead.currentTime);
    if (Math.abs(follower.currentTime - lead.currentTime) > frame) follower.currentTime = lead.currentTime;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      step(event.key === 'ArrowLeft' ? -1 : 1);
    } else if (event.key === ' ' && (event.target as HTMLElement).tagName !== 'BUTTON') {
      event.preventDefault();
      togglePlay();
    }
  };

  const saved = preview.original.bytes - preview.variant.bytes;
  const frameNumber = Math.round(time / frame);
  return (
    <div className="video-compare" onKeyDown={onKeyDown}>
      <div className="compare-numbers" data-testid="video-compare-numbers">
        <span>Original {formatBytes(preview.original.bytes)}</span>
        <span data-testid="video-compare-variant-bytes">
          {videoVariantLabel(preview.variant.codec)} {formatBytes(preview.variant.bytes)} ({saved >= 0 ? `−${formatPercent((saved / preview.original.bytes) * 100)}` : `+${formatPercent((-saved / preview.original.bytes) * 100)}`})
        </span>
        <span data-testid="video-compare-score">
          SSIM {preview.ssim.toFixed(3)} · PSNR {preview.psnrDb === null ? 'identical' : `${preview.psnrDb.toFixed(1)} dB`}
        </span>
        {preview.sampleNote && <span className="muted" data-testid="video-compare-sample">{preview.sampleNote}</span>}
      </div>
      <div className="row wrap compare-controls">
        <button type="button" data-testid="video-play" aria-pressed={playing} onClick={togglePlay}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" data-testid="video-frame-back" aria-label="One frame back" onClick={() => step(-1)}>
          ← Frame
        </button>
        <button type="button" data-testid="video-frame-forward" aria-label="One frame forward" onClick={() => step(1)}>
          Frame →
        </button>
        <div className="field grow">
          <label htmlFor={`${id}-seek`}>Position</label>
          <input id={`${id}-seek`} type="range" data-testid="video-seek" min={0} max={duration} step={frame} value={time}
            onKeyDown={(event) => (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && event.stopPropagation()}
            onChange={(event) => seek(Number(event.target.value))} />
        </div>
        <span className="muted" data-testid="video-time" data-frame={frameNumber}>
          {time.toFixed(2)} s · frame {frameNumber}
        </span>
        <span className="segmented" role="group" aria-label="Layout">
          <button type="button" aria-pressed={layout === 'side-by-side'} data-testid="video-layout-side" onClick={() => setLayout('side-by-side')}>
            Side by side
          </button>
          <button type="button" aria-pressed={layout === 'split'} data-testid="video-layout-split" onClick={() => setLayout('split')}>
            Split
          </button>
        </span>
        {layout === 'split' && (
          <div className="field">
            <label htmlFor={`${id}-split`}>Divider</label>
            <input id={`${id}-split`} type="range" min={0} max={100} value={split} data-testid="video-split" onKeyDown={(event) => event.stopPropagation()} onChange={(event) => setSplit(Number(event.target.value))} />
          </div>
        )}
      </div>
      <p className="help">Space plays and pauses, ← and → step one frame; both videos move together.</p>
      <div className={`video-stage video-stage-${layout}`} data-testid="video-stage" data-layout={layout}>
        <figure className="video-pane">
          <video ref={original} src={urls.original} muted playsInline preload="auto" data-testid="video-original" onTimeUpdate={follow} onSeeked={follow} onEnded={() => setPlaying(false)} />
          <figcaption className="compare-label">Original</figcaption>
        </figure>
        <figure className="video-pane" style={layout === 'split' ? { clipPath: `inset(0 0 0 ${split}%)` } : undefined}>
          <video ref={variant} src={urls.variant} muted playsInline preload="auto" data-testid="video-variant" />
          <figcaption className="compare-label video-label-variant">{videoVariantLabel(preview.variant.codec)}</figcaption>
        </figure>
      </div>
    </div>
  );
}
