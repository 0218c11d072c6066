import { describe, expect, it } from 'vitest';
import { parseWindowState, placeWindow, type Rectangle, type WindowState } from '../../electron/main/window-state';

const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };
// A second monitor to the left of the laptop, so its coordinates are negative.
const leftMonitor: Rectangle = { x: -2560, y: -300, width: 2560, height: 1400 };
const sizes = { defaultSize: { width: 1200, height: 800 }, minimumSize: { width: 800, height: 560 } };
const state = (x: number, y: number, width: number, height: number, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('parseWindowState', () => {
  it('reads what Porter wrote and nothing else', () => {
    expect(parseWindowState({ bounds: { x: -10, y: 20, width: 900, height: 700 }, maximized: true })).toEqual(state(-10, 20, 900, 700, true));
    for (const value of [undefined, null, 'garbage', [], { bounds: { x: 0, y: 0, width: 0, height: 10 }, maximized: false }, { bounds: { x: Number.NaN, y: 0, width: 10, height: 10 }, maximized: false }, { bounds: { x: 0, y: 0, width: 10, height: 10 } }]) {
      expect(parseWindowState(value)).toBeNull();
    }
  });
});

describe('placeWindow', () => {
  it('opens a first window at the default size, centred on the primary display', () => {
    expect(placeWindow(null, { workAreas: [laptop, leftMonitor], ...sizes })).toEqual(state(120, 38, 1200, 800));
  });

  it('gives back saved bounds that still fit, on any display, and the maximised flag', () => {
    expect(placeWindow(state(100, 40, 1000, 700, true), { workAreas: [laptop], ...sizes })).toEqual(state(100, 40, 1000, 700, true));
    expect(placeWindow(state(-2400, -200, 1800, 1000), { workAreas: [laptop, leftMonitor], ...sizes })).toEqual(state(-2400, -200, 1800, 1000));
  });

  it('centres the window on the primary display when the monitor it was on is gone', () => {
    expect(placeWindow(state(-2400, -200, 1200, 800, true), { workAreas: [laptop], ...sizes })).toEqual(state(120, 38, 1200, 800, true));
  });

  it('moves a window hanging off an edge back in, keeping its size', () => {
    expect(placeWindow(state(1000, 500, 1000, 700), { workAreas: [laptop], ...sizes })).toEqual(state(440, 175, 1000, 700));
    expect(placeWindow(state(-300, -50, 1000, 700), { workAreas: [laptop], ...sizes })).toEqual(state(0, 0, 1000, 700));
  });

  it('treats a window with only a sliver on screen as lost', () => {
    // 40 px of it show: not enough to grab it by the title bar.
    expect(placeWindow(state(1400, 100, 1000, 700), { workAreas: [laptop], ...sizes }).bounds).toEqual({ x: 220, y: 88, width: 1000, height: 700 });
  });

  it('shrinks a window larger than its display (a lower resolution now), never below the minimum size', () => {
    expect(placeWindow(state(0, 0, 2560, 1400), { workAreas: [laptop], ...sizes })).toEqual(state(0, 0, 1440, 875));
    expect(placeWindow(state(10, 10, 300, 200), { workAreas: [laptop], ...sizes })).toEqual(state(10, 10, 800, 560));
  });

  it('puts the window on the display that shows most of it', () => {
    // Straddling both displays, mostly on the left monitor.
    expect(placeWindow(state(-900, 100, 1200, 800), { workAreas: [laptop, leftMonitor], ...sizes }).bounds).toEqual({ x: -1200, y: 100, width: 1200, height: 800 });
  });
});
