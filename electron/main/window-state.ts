import { z } from 'zod';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** What Porter remembers of its window between runs: the normal (un-maximised) bounds and whether it was maximised. */
export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const WindowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});

/** The saved state, or null when there is none or it is not one Porter wrote (hand-edited, older format). */
export function parseWindowState(value: unknown): WindowState | null {
  const parsed = WindowStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** How much of the window must show on a display for it to be found and dragged back: about a title bar's worth. */
const minVisible: Size = { width: 120, height: 40 };

function overlap(a: Rectangle, b: Rectangle): Size {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function sizeWithin(wanted: Size, area: Rectangle, minimum: Size): Size {
  return {
    width: Math.max(Math.min(wanted.width, area.width), Math.min(minimum.width, area.width)),
    height: Math.max(Math.min(wanted.height, area.height), Math.min(minimum.height, area.height)),
  };
}

function centred(size: Size, area: Rectangle): Rectangle {
  return {
    x: area.x + Math.round((area.width - size.width) / 2),
    y: area.y + Math.round((area.height - size.height) / 2),
    ...size,
  };
}

export interface PlacementOptions {
  /** Work areas (display bounds minus task bars and docks), the primary display first. */
  workAreas: readonly Rectangle[];
  defaultSize: Size;
  minimumSize: Size;
}

/**
 * Where to open the window. The saved bounds come back as they were when they fit; a window that would now be
 * (partly) off screen, after a display was unplugged or its resolution changed, is shrunk and moved onto the
 * display that shows most of it; one that no display shows enough of opens centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, options: PlacementOptions): WindowState {
  const [primary] = options.workAreas;
  if (!primary) {
    // No display information (headless): the OS places it.
    return { bounds: { x: 0, y: 0, ...(saved?.bounds ?? options.defaultSize) }, maximized: saved?.maximized ?? false };
  }
  if (!saved) {
    return { bounds: centred(sizeWithin(options.defaultSize, primary, options.minimumSize), primary), maximized: false };
  }

  let best: { area: Rectangle; visible: number } | null = null;
  for (const area of options.workAreas) {
    const shown = overlap(saved.bounds, area);
    if (shown.width < minVisible.width || shown.height < minVisible.height) continue;
    const visible = shown.width * shown.height;
    if (!best || visible > best.visible) best = { area, visible };
  }
  if (!best) {
    return { bounds: centred(sizeWithin(saved.bounds, primary, options.minimumSize), primary), maximized: saved.maximized };
  }

  const { area } = best;
  const size = sizeWithin(saved.bounds, area, options.minimumSize);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - size.width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - size.height),
      ...size,
    },
    maximized: saved.maximized,
  };
}
