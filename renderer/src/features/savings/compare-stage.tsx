// Where the two images are drawn: a split with a draggable divider, or side by side in panes that scroll and zoom
// together. Zoomed past the stage, the view scrolls; the divider's position is a fraction of the part of the image
// in view, so it never leaves the view and is dragged where the user looks. Changing the zoom keeps the image point
// under the divider (or the centre, side by side) where it was on screen.
import { useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type UIEvent } from 'react';
import type { ImagePreview } from '../../../../electron/contract/porter';
import { useCompare } from '../../app-stores';
import { variantLabel } from './compare-labels';

interface Viewport {
  width: number;
  height: number;
  left: number;
  top: number;
}

/** The scroll box's inner size and scroll offsets, followed as it resizes and scrolls. */
function useViewport() {
  const boxRef = useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = useState<Viewport>({ width: 0, height: 0, left: 0, top: 0 });
  const read = useCallback((element: HTMLDivElement) => setViewport({ width: element.clientWidth, height: element.clientHeight, left: element.scrollLeft, top: element.scrollTop }), []);
  const observer = useRef<ResizeObserver | null>(null);
  // A callback ref: the observer reports the first size as soon as it observes, and follows every resize.
  const attach = useCallback(
    (element: HTMLDivElement | null) => {
      observer.current?.disconnect();
      boxRef.current = element;
      if (!element) return;
      observer.current = new ResizeObserver(() => read(element));
      observer.current.observe(element);
    },
    [read],
  );
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => read(event.currentTarget), [read]);
  return { attach, boxRef, viewport, onScroll };
}

/** Pixels on screen per image pixel. */
export function displayScale(fit: boolean, zoom: number, image: { width: number; height: number }, box: { width: number; height: number }): number {
  if (!fit) return zoom;
  if (box.width <= 0 || box.height <= 0) return 1;
  return Math.min(1, box.width / image.width, box.height / image.height);
}

/** Along one axis: where the image starts in the box (centred when smaller) and which part of it is in view. */
function axis(size: number, box: number, scroll: number): { offset: number; start: number; length: number } {
  return size <= box ? { offset: (box - size) / 2, start: 0, length: size } : { offset: 0, start: Math.min(scroll, size - box), length: box };
}

/** A stage opened zoomed (or switched to the other layout) starts at the middle of the image. */
const unmounted = -1;
function centre(element: HTMLDivElement, width: number, height: number): void {
  element.scrollLeft = (width - element.clientWidth) / 2;
  element.scrollTop = (height - element.clientHeight) / 2;
}

export function CompareStage() {
  const full = useCompare((state) => state.full);
  const preview = useCompare((state) => state.preview);
  const layout = useCompare((state) => state.layout);
  const shown = full ?? preview;
  if (!shown) {
    return (
      <div className="compare-stage empty-stage">
        <p className="muted">Both images appear here as soon as the screen-size preview is encoded.</p>
      </div>
    );
  }
  return layout === 'split' ? <SplitStage shown={shown} /> : <SideBySideStage shown={shown} />;
}

/** The source's size: a screen-size preview is drawn at the full image's scale, so 100 % means one image pixel. */
const imageSize = (shown: ImagePreview) => ({ width: shown.sourceWidth, height: shown.sourceHeight });

function SplitStage({ shown }: { shown: ImagePreview }) {
  const split = useCompare((state) => state.split);
  const setSplit = useCompare((state) => state.setSplit);
  const zoom = useCompare((state) => state.zoom);
  const fit = useCompare((state) => state.fit);
  const { attach, boxRef, viewport, onScroll } = useViewport();
  const image = imageSize(shown);
  const scale = displayScale(fit, zoom, image, viewport);
  const width = image.width * scale;
  const height = image.height * scale;
  const x = axis(width, viewport.width, viewport.left);
  const y = axis(height, viewport.height, viewport.top);
  const dividerX = x.start + (split / 100) * x.length;
  const dragging = useRef(false);
  const label = variantLabel(shown.variant);

  // On a zoom change, the image point under the divider stays under it and the vertical centre stays centred.
  const previous = useRef({ scale: unmounted, dividerX, centreY: y.start + y.length / 2 });
  useLayoutEffect(() => {
    const before = previous.current;
    const element = boxRef.current;
    if (element && before.scale === unmounted) centre(element, width, height);
    else if (element && before.scale !== scale) {
      const ratio = scale / before.scale;
      element.scrollLeft = before.dividerX * ratio - (split / 100) * Math.min(width, element.clientWidth);
      element.scrollTop = before.centreY * ratio - element.clientHeight / 2;
    }
    previous.current = { scale, dividerX: x.start + (split / 100) * x.length, centreY: y.start + y.length / 2 };
  });

  const splitAt = (clientX: number): void => {
    const element = boxRef.current;
    if (!element || x.length <= 0) return;
    const left = element.getBoundingClientRect().left + element.clientLeft + x.offset;
    setSplit(((clientX - left) / x.length) * 100);
  };
  const onPointerDown = (event: PointerEvent<HTMLElement>): void => {
    if (event.button !== 0) return;
    event.preventDefault();
    dragging.current = true;
    event.currentTarget.setPointerCapture(event.pointerId);
    splitAt(event.clientX);
  };
  const onPointerMove = (event: PointerEvent<HTMLElement>): void => {
    if (dragging.current) splitAt(event.clientX);
  };
  const onPointerUp = (event: PointerEvent<HTMLElement>): void => {
    dragging.current = false;
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  };
  const drag = { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp };
  const onKeyDown = (event: KeyboardEvent): void => {
    const step = event.shiftKey ? 10 : 2;
    const next = { ArrowLeft: split - step, ArrowDown: split - step, ArrowRight: split + step, ArrowUp: split + step, Home: 0, End: 100, PageDown: split - 10, PageUp: split + 10 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setSplit(next);
  };
  const rendering = scale > 1 ? 'pixelated' : 'auto';
  // Where the visible part of the image sits on the stage, for the overlay (divider, labels).
  const onStage = { left: x.offset, top: y.offset, width: x.length, height: y.length };

  return (
    <div className="compare-stage split" data-testid="compare-stage" data-layout="split" data-scale={scale.toFixed(4)}>
      {/* Focusable so a zoomed image can be scrolled with the arrow keys. */}
      <div className="compare-scroll" ref={attach} onScroll={onScroll} tabIndex={0} role="group" aria-label="Original and optimised, split; scrollable when zoomed" data-testid="compare-scroll">
        <div className="compare-canvas" style={{ width: Math.max(width, viewport.width), height: Math.max(height, viewport.height) }}>
          <div className="split-frame" style={{ width, height, left: x.offset, top: y.offset }} {...drag} data-testid="compare-frame">
            <img src={shown.original.dataUrl} alt="Original" draggable={false} style={{ width, height, imageRendering: rendering }} data-testid="compare-original" />
            <img src={shown.variant.dataUrl} alt={label} draggable={false} style={{ width, height, imageRendering: rendering, clipPath: `inset(0 0 0 ${dividerX}px)` }} className="split-top" data-testid="compare-variant" />
          </div>
        </div>
      </div>
      <div className="split-overlay" style={onStage}>
        <span className="compare-label compare-label-left" data-testid="compare-label-original">
          Original
        </span>
        <span className="compare-label compare-label-right" data-testid="compare-label-variant">
          {label}
        </span>
        <div
          className="split-divider"
          style={{ left: (split / 100) * x.length }}
          role="slider"
          tabIndex={0}
          aria-label={`Divider: original on the left, ${label} on the right`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(split)}
          aria-valuetext={`${Math.round(split)}% original`}
          aria-orientation="horizontal"
          onKeyDown={onKeyDown}
          data-testid="compare-split"
          {...drag}
        >
          <span className="split-knob" aria-hidden="true">
            ⟨⟩
          </span>
        </div>
      </div>
    </div>
  );
}

function SideBySideStage({ shown }: { shown: ImagePreview }) {
  const zoom = useCompare((state) => state.zoom);
  const fit = useCompare((state) => state.fit);
  const { attach: attachOriginal, boxRef: originalRef, viewport, onScroll: onOriginalScroll } = useViewport();
  const variantRef = useRef<HTMLDivElement | null>(null);
  const image = imageSize(shown);
  const scale = displayScale(fit, zoom, image, viewport);
  const width = image.width * scale;
  const height = image.height * scale;
  const rendering = scale > 1 ? 'pixelated' : 'auto';
  const label = variantLabel(shown.variant);

  // Both panes show the same part of the image: whichever scrolls, the other follows.
  const follow = (from: HTMLDivElement, to: HTMLDivElement | null): void => {
    if (!to || (to.scrollLeft === from.scrollLeft && to.scrollTop === from.scrollTop)) return;
    to.scrollLeft = from.scrollLeft;
    to.scrollTop = from.scrollTop;
  };

  const previous = useRef({ scale: unmounted, centreX: 0, centreY: 0 });
  useLayoutEffect(() => {
    const before = previous.current;
    const element = originalRef.current;
    if (element && before.scale === unmounted) {
      centre(element, width, height);
      follow(element, variantRef.current);
    } else if (element && before.scale !== scale) {
      const ratio = scale / before.scale;
      element.scrollLeft = before.centreX * ratio - element.clientWidth / 2;
      element.scrollTop = before.centreY * ratio - element.clientHeight / 2;
      follow(element, variantRef.current);
    }
    const x = axis(width, viewport.width, viewport.left);
    const y = axis(height, viewport.height, viewport.top);
    previous.current = { scale, centreX: x.start + x.length / 2, centreY: y.start + y.length / 2 };
  });

  const pane = (side: 'original' | 'variant') => {
    const isOriginal = side === 'original';
    return (
      <figure className="compare-pane">
        <figcaption data-testid={`compare-label-${side}`}>{isOriginal ? 'Original' : label}</figcaption>
        <div
          className="compare-scroll"
          ref={isOriginal ? attachOriginal : variantRef}
          tabIndex={0}
          role="group"
          aria-label={`${isOriginal ? 'Original' : label}, scrollable when zoomed`}
          data-testid={`compare-scroll-${side}`}
          onScroll={(event) => {
            if (isOriginal) onOriginalScroll(event);
            follow(event.currentTarget, isOriginal ? variantRef.current : originalRef.current);
          }}
        >
          <div className="compare-canvas" style={{ width: Math.max(width, viewport.width), height: Math.max(height, viewport.height) }}>
            <img
              src={isOriginal ? shown.original.dataUrl : shown.variant.dataUrl}
              alt={isOriginal ? 'Original' : label}
              draggable={false}
              style={{ width, height, imageRendering: rendering, left: Math.max(0, (viewport.width - width) / 2), top: Math.max(0, (viewport.height - height) / 2) }}
              data-testid={`compare-${side}`}
            />
          </div>
        </div>
      </figure>
    );
  };

  return (
    <div className="compare-stage side-by-side" data-testid="compare-stage" data-layout="side-by-side" data-scale={scale.toFixed(4)}>
      {pane('original')}
      {pane('variant')}
    </div>
  );
}
