// The time windows of the Celery charts, and how their axes label time.

export const CHART_WINDOWS = [
  { id: '15m', label: 'Last 15 min', seconds: 15 * 60 },
  { id: '1h', label: '1 h', seconds: 60 * 60 },
  { id: '6h', label: '6 h', seconds: 6 * 60 * 60 },
  { id: '24h', label: '24 h', seconds: 24 * 60 * 60 },
  { id: '7d', label: '7 d', seconds: 7 * 24 * 60 * 60 },
] as const;

export type ChartWindow = (typeof CHART_WINDOWS)[number];
export const DEFAULT_CHART_WINDOW: ChartWindow = CHART_WINDOWS[1];
export const CHART_BUCKETS = 60;

export function chartWindowFromSearch(search: string): ChartWindow {
  const id = new URLSearchParams(search).get('window');
  return CHART_WINDOWS.find((w) => w.id === id) ?? DEFAULT_CHART_WINDOW;
}

const pad = (value: number) => String(value).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Axis tick: local "HH:MM", or "Nov 23" for the week-long window. */
export function formatTick(ms: number, window: ChartWindow): string {
  const date = new Date(ms);
  if (window.seconds > 24 * 60 * 60) return `${MONTHS[date.getMonth()]} ${date.getDate()}`;
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Tooltip heading: the interval's local start, "Nov 23 14:05". */
export function formatIntervalStart(ms: number): string {
  const date = new Date(ms);
  return `${MONTHS[date.getMonth()]} ${date.getDate()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Runtime tooltip: milliseconds below a second, seconds above. */
export function formatRuntime(seconds: number): string {
  if (seconds < 1) return `${(seconds * 1000).toFixed(seconds < 0.01 ? 2 : seconds < 0.1 ? 1 : 0)} ms`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** Runtime axis tick, two significant digits: "8 ms" below a second (short enough for the axis), "1.5 s" above. */
export const formatRuntimeTick = (seconds: number): string =>
  seconds === 0 ? '0' : seconds < 1 ? `${Number((seconds * 1000).toPrecision(2))} ms` : `${Number(seconds.toPrecision(2))} s`;
