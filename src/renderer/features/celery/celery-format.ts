import { formatTimestamp } from '../../components/format-age.ts';

// Small formatters for dense Celery tables: short enough for a cell, full value in the title.

/** Celery reports runtimes in seconds; "842 ms", "3.21 s", "4m 12s", "2h 5m". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const abs = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  // Celery tasks are often quicker than a millisecond: "0 ms" would say they took no time.
  if (abs < 0.01) return `${sign}${(abs * 1000).toFixed(abs < 0.001 ? 2 : 1)} ms`;
  if (abs < 1) return `${sign}${Math.round(abs * 1000)} ms`;
  if (abs < 60) return `${sign}${abs.toFixed(abs < 10 ? 2 : 1)} s`;
  const minutes = Math.floor(abs / 60);
  if (minutes < 60) return `${sign}${minutes}m ${Math.round(abs % 60)}s`;
  return `${sign}${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** Heartbeat ages tick every second: "0s", "14s", "3m 02s", "2h 10m", "3d". */
export function formatAgeSeconds(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d`;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** "14:03:27.120" for today's times (the common case in a live table), the full date otherwise. */
export function formatClock(iso: string | null, now: Date = new Date()): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return sameDay ? time : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${time}`;
}

export { formatTimestamp };

/** The first block of a UUID is enough to tell tasks apart on screen. */
export const shortUuid = (uuid: string): string => (uuid.length > 8 ? uuid.slice(0, 8) : uuid);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const formatLoad = (loadavg: number[] | null): string =>
  loadavg && loadavg.length > 0 ? loadavg.slice(0, 3).map((value) => value.toFixed(2)).join(' / ') : '—';

export const formatCount = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : value.toLocaleString('en-US'));

/** "1 task", "2,048 tasks": a count with its noun, singular for one. */
export const formatCountOf = (value: number, noun: string): string => `${formatCount(value)} ${noun}${value === 1 ? '' : 's'}`;
