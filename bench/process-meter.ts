import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds and resident memory of a process, read from /proc (Linux). */
export function readProcess(pid: number): { cpuSeconds: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return { cpuSeconds, rssMb: rss ? Number(rss[1]) / 1024 : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Samples a process every second: average CPU % between start and stop, peak RSS, and peak RSS
 * until `markMs` after the start (null if stopped before). Reads /proc only: polling the process
 * itself would add work to what is measured.
 */
export function meter(pid: number, markMs = Infinity) {
  const first = readProcess(pid);
  const startedAt = Date.now();
  let peakRss = first?.rssMb ?? 0;
  let peakBeforeMark: number | null = null;
  let timer: NodeJS.Timeout;
  const sample = () => {
    const rss = readProcess(pid)?.rssMb ?? 0;
    peakRss = Math.max(peakRss, rss);
    if (Date.now() - startedAt <= markMs) peakBeforeMark = peakRss;
    else peakBeforeMark ??= peakRss;
    timer = setTimeout(sample, 1000);
  };
  timer = setTimeout(sample, 1000);
  return {
    stop() {
      clearTimeout(timer);
      const last = readProcess(pid);
      const seconds = (Date.now() - startedAt) / 1000;
      peakRss = Math.max(peakRss, last?.rssMb ?? 0);
      return {
        cpuPercent: first && last ? (100 * (last.cpuSeconds - first.cpuSeconds)) / seconds : 0,
        peakRssMb: peakRss,
        peakRssBeforeMarkMb: Date.now() - startedAt >= markMs ? peakBeforeMark : null,
        rssMb: last?.rssMb ?? 0,
      };
    },
  };
}
