import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useLocation, useSearch } from 'wouter';
import type { RequestOutput } from '../../../shared/contract/channels.ts';
import type { CeleryStats } from '../../../shared/domain/celery.ts';
import { useApi } from '../../api/api-context.tsx';
import { requestKey } from '../../api/query-keys.ts';
import { unwrap } from '../../api/request-error.ts';
import type { RequestError } from '../../api/request-error.ts';
import { Alert } from '../../components/Alert.tsx';
import { Button } from '../../components/Button.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { Spinner } from '../../components/Spinner.tsx';
import { CHART_BUCKETS, CHART_WINDOWS, chartWindowFromSearch, formatIntervalStart, formatRuntime, formatRuntimeTick, formatTick } from './chart-windows.ts';
import type { ChartWindow } from './chart-windows.ts';
import { celeryPaths } from './celery-paths.ts';
import { useThemeColors } from './use-theme-colors.ts';
import type { ThemeColors } from './use-theme-colors.ts';

/** Charts are not meant to be more live than this: 'celery.changed' comes a couple of times a second. */
const REFRESH_MS = 5000;
const CHART_HEIGHT = 150;
const Y_AXIS_WIDTH = 56;

interface Point {
  t: number;
  succeeded: number;
  failed: number;
  retried: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  workers: number | null;
}

const toPoints = (stats: CeleryStats): Point[] =>
  stats.buckets.map((b) => ({
    t: Date.parse(b.start),
    succeeded: b.succeeded,
    failed: b.failed,
    retried: b.retried,
    p50: b.runtimeP50,
    p95: b.runtimeP95,
    p99: b.runtimeP99,
    workers: b.workersOnline,
  }));

const hasData = (points: Point[]) => points.some((p) => p.succeeded > 0 || p.failed > 0 || p.retried > 0 || p.p50 !== null || p.workers !== null);

/**
 * The end of the window: now when the view opens or the window changes, then moved forward on
 * 'celery.changed', at most once every REFRESH_MS (events in between are coalesced into one move).
 */
function useWindowEnd(deploymentId: number, window: ChartWindow): number {
  const api = useApi();
  const [until, setUntil] = useState(() => Date.now());
  const last = useRef(until);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const move = () => {
    last.current = Date.now();
    setUntil(last.current);
  };
  const previousWindow = useRef(window.id);
  useEffect(() => {
    if (previousWindow.current === window.id) return;
    previousWindow.current = window.id;
    move();
  }, [window.id]);
  useEffect(() => {
    const unsubscribe = api.on('celery.changed', (payload) => {
      if (payload.deploymentId !== deploymentId || timer.current !== null) return;
      timer.current = setTimeout(
        () => {
          timer.current = null;
          move();
        },
        Math.max(0, last.current + REFRESH_MS - Date.now()),
      );
    });
    return () => {
      unsubscribe();
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [api, deploymentId]);
  return until;
}

function ChartCard({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <section className="chart-card" aria-label={title}>
      <h3 className="chart-title">
        {title}
        {note && <span className="muted chart-note"> {note}</span>}
      </h3>
      <div className="chart-body">{children}</div>
    </section>
  );
}

function Charts({ points, window, colors, bucketSeconds }: { points: Point[]; window: ChartWindow; colors: ThemeColors; bucketSeconds: number }) {
  const xAxis = (
    <XAxis
      dataKey="t"
      tickFormatter={(value: number) => formatTick(value, window)}
      minTickGap={28}
      tick={{ fill: colors.muted, fontSize: 11 }}
      stroke={colors.border}
      tickLine={false}
    />
  );
  const grid = <CartesianGrid stroke={colors.border} strokeDasharray="2 4" vertical={false} />;
  const tooltipProps = {
    labelFormatter: (label: unknown) => (typeof label === 'number' ? formatIntervalStart(label) : String(label)),
    contentStyle: { background: colors.surface, border: `1px solid ${colors.border}`, borderRadius: 4, fontSize: 12, color: colors.text },
    labelStyle: { color: colors.text, fontWeight: 600 },
    isAnimationActive: false,
  };
  const yTick = { fill: colors.muted, fontSize: 11 };
  const interval = bucketSeconds >= 3600 ? `${+(bucketSeconds / 3600).toFixed(1)} h` : bucketSeconds >= 60 ? `${+(bucketSeconds / 60).toFixed(1)} min` : `${bucketSeconds} s`;
  return (
    <div className="charts-stack">
      <ChartCard title="Tasks" note={`per ${interval}`}>
        <ResponsiveContainer width="100%" height={CHART_HEIGHT + 24}>
          <BarChart data={points} syncId="celery-charts" margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap={1}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} />
            <Tooltip {...tooltipProps} cursor={{ fill: colors.border, fillOpacity: 0.4 }} />
            <Legend verticalAlign="top" align="right" height={22} iconSize={10} itemSorter={null} wrapperStyle={{ fontSize: 12, color: colors.text }} />
            <Bar dataKey="succeeded" name="Succeeded" stackId="tasks" fill={colors.ok} isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="tasks" fill={colors.fail} isAnimationActive={false} />
            <Bar dataKey="retried" name="Retried" stackId="tasks" fill={colors.warn} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Runtime" note="of the tasks that succeeded">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT + 24}>
          <LineChart data={points} syncId="celery-charts" margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            {grid}
            {xAxis}
            <YAxis width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} tickFormatter={formatRuntimeTick} />
            <Tooltip {...tooltipProps} formatter={(value: unknown) => (typeof value === 'number' ? formatRuntime(value) : '—')} />
            <Legend verticalAlign="top" align="right" height={22} iconSize={10} itemSorter={null} wrapperStyle={{ fontSize: 12 }} />
            <Line dataKey="p50" name="p50" stroke={colors.accent} dot={false} strokeWidth={1.5} isAnimationActive={false} />
            <Line dataKey="p95" name="p95" stroke={colors.warn} dot={false} strokeWidth={1.5} isAnimationActive={false} />
            <Line dataKey="p99" name="p99" stroke={colors.fail} dot={false} strokeWidth={1.5} strokeDasharray="4 3" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
      <ChartCard title="Workers online" note="most seen in each interval">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart data={points} syncId="celery-charts" margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            {grid}
            {xAxis}
            <YAxis allowDecimals={false} width={Y_AXIS_WIDTH} tick={yTick} stroke={colors.border} tickLine={false} domain={[0, 'dataMax + 1']} />
            <Tooltip {...tooltipProps} />
            <Line type="stepAfter" dataKey="workers" name="Workers online" stroke={colors.accent} dot={false} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}

/** Task outcomes, runtimes and workers over a time window, from the engine's tallies and snapshots. */
export function ChartsView({ deploymentId }: { deploymentId: number }) {
  const api = useApi();
  const search = useSearch();
  const [, navigate] = useLocation();
  const window = chartWindowFromSearch(search);
  const until = useWindowEnd(deploymentId, window);
  const colors = useThemeColors();
  const input = {
    deploymentId,
    since: new Date(until - window.seconds * 1000).toISOString(),
    until: new Date(until).toISOString(),
    buckets: CHART_BUCKETS,
  };
  const stats = useQuery<RequestOutput<'celery.stats'>, RequestError>({
    queryKey: requestKey('celery.stats', input),
    queryFn: async () => unwrap(await api.invoke('celery.stats', input)),
    // A moved window keeps the previous charts up until the new ones arrive.
    placeholderData: keepPreviousData,
  });
  const points = useMemo(() => (stats.data ? toPoints(stats.data) : []), [stats.data]);

  const picker = (
    <div className="chart-window-picker" role="group" aria-label="Time window">
      {CHART_WINDOWS.map((w) => (
        <Button
          key={w.id}
          variant={w.id === window.id ? 'primary' : 'default'}
          aria-pressed={w.id === window.id}
          data-testid={`chart-window-${w.id}`}
          onClick={() => navigate(celeryPaths(deploymentId).charts(w.id === '1h' ? '' : `window=${w.id}`), { replace: true })}
        >
          {w.label}
        </Button>
      ))}
      {stats.isFetching && <span className="spinner spinner-inline" aria-hidden="true" />}
    </div>
  );

  let body: ReactNode;
  if (stats.error) {
    body = (
      <div className="celery-view-error">
        <Alert title="Could not load the charts">{stats.error.message}</Alert>
        <Button onClick={() => void stats.refetch()}>Retry</Button>
      </div>
    );
  } else if (!stats.data) {
    body = <Spinner label="Loading the charts…" />;
  } else if (!hasData(points)) {
    body = (
      <EmptyState title="Nothing in this window">
        No task finished and no snapshot was taken in the {window.id === '15m' ? 'last 15 minutes' : `last ${window.label}`}. Pick a longer window, or wait
        for the workers to send events.
      </EmptyState>
    );
  } else {
    body = <Charts points={points} window={window} colors={colors} bucketSeconds={stats.data.bucketSeconds} />;
  }
  return (
    <div className="charts-view" data-testid="charts-view">
      {picker}
      {body}
    </div>
  );
}
