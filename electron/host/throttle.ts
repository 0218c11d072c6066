export interface Throttle {
  /** Run now if the interval has passed, else once at the end of it (with whatever state is current then). */
  request(): void;
  cancel(): void;
}

/** Leading + trailing throttle: progress reaches the UI at most once per interval and the last update is never lost. */
export function createThrottle(intervalMs: number, run: () => void): Throttle {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    timer = undefined;
    last = Date.now();
    run();
  };
  return {
    request() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
