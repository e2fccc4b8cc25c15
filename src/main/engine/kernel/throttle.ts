/**
 * Calls `run` at most once per `ms`: at once if it has been quiet, else once at the end of the
 * window. High-rate changes (thousands of events a second) become a few updates a second.
 */
export function throttle(ms: number, run: () => void): { call: () => void; cancel: () => void } {
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    last = Date.now();
    run();
  };
  return {
    call() {
      if (timer) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
