import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../electron/host/throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs the first request at once and folds the rest of the interval into one trailing run', () => {
    const run = vi.fn();
    const throttle = createThrottle(100, run);
    throttle.request();
    throttle.request();
    throttle.request();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(99);
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('runs at once again after a quiet interval', () => {
    const run = vi.fn();
    const throttle = createThrottle(100, run);
    throttle.request();
    vi.advanceTimersByTime(150);
    throttle.request();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('drops the trailing run when cancelled', () => {
    const run = vi.fn();
    const throttle = createThrottle(100, run);
    throttle.request();
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
